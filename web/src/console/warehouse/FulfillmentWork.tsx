import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import type { FulfillmentOrder, Order, ScanResult } from "../../api/types";
import { day, humanize, statusColor } from "../../ui/format";
import { ProblemAlert } from "../../ui/Problem";
import { useAuth } from "../auth";
import { Packages } from "./Packages";
import { foKey, problemCode, refreshWork, toHandle, toPick } from "./station";

/** One fulfillment order at the bench: accept it, scan what is picked, then pack and ship. */
export function FulfillmentWork({ id }: { id: string }) {
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const fo = useQuery({
    queryKey: foKey(id),
    queryFn: ({ signal }) => api.get<FulfillmentOrder>(`/v1/fulfillment_orders/${id}`, undefined, signal),
  });
  const orderId = fo.data?.order_id;
  const order = useQuery({
    queryKey: ["order", orderId],
    queryFn: ({ signal }) => api.get<Order>(`/v1/orders/${orderId}`, undefined, signal),
    enabled: !!orderId && can("orders:read"),
  });
  const accept = useMutation({
    mutationFn: () => api.post<FulfillmentOrder>(`/v1/fulfillment_orders/${id}/accept`),
    onSuccess: (next) => {
      queryClient.setQueryData(foKey(id), next);
      refreshWork(queryClient, id);
    },
  });
  if (fo.isError) return <ProblemAlert error={fo.error} />;
  const f = fo.data;
  if (!f) return <Skeleton h={320} />;
  const write = can("fulfillment:write");
  const titleOf = (sku: string) => order.data?.lines.find((l) => l.sku === sku)?.title;
  const working = f.status === "open" || f.status === "accepted" || f.status === "in_progress";
  return (
    <Stack gap="md" data-testid="fulfillment-work">
      <Card withBorder>
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={2} size="h4">
              {order.data ? (
                <Anchor component={Link} to={`/orders/${f.order_id}`} inherit>
                  Order #{order.data.number}
                </Anchor>
              ) : (
                `Order ${f.order_id}`
              )}
            </Title>
            <Text size="sm" c="dimmed">
              {humanize(f.fulfillment_type)} · ship by {day(f.promised_ship_date)} · deliver by{" "}
              {day(f.promised_delivery_date)}
              {order.data?.customer_name ? ` · ${order.data.customer_name}` : ""}
            </Text>
          </Stack>
          <Group gap="xs">
            <Badge size="lg" color={statusColor(f.status)} data-testid="fo-status">
              {humanize(f.status)}
            </Badge>
            {write && f.allowed_actions.includes("accept") && (
              <Button onClick={() => accept.mutate()} loading={accept.isPending}>
                Accept
              </Button>
            )}
          </Group>
        </Group>
        <ProblemAlert error={accept.error} />
      </Card>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">
          Pick
        </Title>
        {write && working && <ScanBox fo={f} />}
        <Table verticalSpacing={6} mt="sm" data-testid="fo-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Item</Table.Th>
              <Table.Th w={260}>Picked</Table.Th>
              <Table.Th ta="right">Shipped</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {f.lines.map((l) => {
              const need = toHandle(l);
              const done = need === 0 || toPick(l) === 0;
              return (
                <Table.Tr key={`${l.order_line_id}|${l.sku}`} data-testid={`fo-line-${l.sku}`}>
                  <Table.Td>
                    <Text size="sm">{titleOf(l.sku) ?? l.sku}</Text>
                    <Text size="xs" c="dimmed">
                      {l.sku}
                      {l.shortage_quantity > 0 ? ` · ${l.shortage_quantity} short` : ""}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Progress
                        value={need ? (100 * l.picked_quantity) / need : 100}
                        color={done ? "teal" : "blue"}
                        w={140}
                        aria-label={`Picked ${l.sku}`}
                      />
                      <Text size="sm" className="num" data-testid={`picked-${l.sku}`}>
                        {l.picked_quantity} / {need}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    {l.fulfilled_quantity} / {l.quantity}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Card>
      {f.fulfillment_type !== "digital" && <Packages fo={f} />}
    </Stack>
  );
}

/** A short, low tone: the scanner's user hears a wrong item without looking up. */
function beep() {
  try {
    const Ctx =
      window.AudioContext ??
      (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const osc = ctx.createOscillator();
    osc.type = "square";
    osc.frequency.value = 220;
    osc.connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.25);
    osc.onended = () => void ctx.close();
  } catch {
    // No sound: the banner says it.
  }
}

type Outcome = { ok: true; result: ScanResult } | { ok: false; error: unknown; code: string };

/** The scanner types the code and Enter: each scan counts one unit; the field clears for the next. */
function ScanBox({ fo }: { fo: FulfillmentOrder }) {
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const scan = useMutation({
    mutationFn: (c: string) => api.post<ScanResult>(`/v1/fulfillment_orders/${fo.id}/scan`, { code: c }),
    onSuccess: (result) => {
      setOutcome({ ok: true, result });
      queryClient.setQueryData(foKey(fo.id), result.fulfillment_order);
      refreshWork(queryClient, fo.id);
    },
    onError: (error, c) => {
      const p = problemCode(error);
      if (p === "wrong-item" || p === "over-picked") beep();
      setOutcome({ ok: false, error, code: c });
    },
    onSettled: () => input.current?.focus(),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const c = code.trim();
    setCode("");
    input.current?.focus();
    if (c) scan.mutate(c);
  };
  const failure = outcome && !outcome.ok ? outcome : null;
  const code409 = failure ? problemCode(failure.error) : null;
  return (
    <Stack gap="xs">
      <form onSubmit={submit} aria-label="Scan items">
        <TextInput
          ref={input}
          label="Scan item"
          description="Scan a barcode or type a SKU, then Enter"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          data-testid="scan-input"
          styles={{ input: { fontFamily: "monospace", fontSize: 18 } }}
        />
      </form>
      {failure && code409 === "wrong-item" && (
        <Alert
          color="red"
          variant="filled"
          title={`Wrong item: ${failure.code}`}
          role="alert"
          data-testid="scan-error"
        >
          {(failure.error as Error).message || "This item is not on this order. Put it back."}
        </Alert>
      )}
      {failure && code409 === "over-picked" && (
        <Alert color="red" variant="filled" title="Already picked" role="alert" data-testid="scan-error">
          {(failure.error as Error).message || `Every unit of ${failure.code} is picked already.`}
        </Alert>
      )}
      {failure && code409 !== "wrong-item" && code409 !== "over-picked" && (
        <ProblemAlert error={failure.error} title="That scan did not count" />
      )}
      {outcome?.ok && (
        <Alert color="teal" variant="light" data-testid="scan-ok" role="status">
          Picked {outcome.result.sku}: {outcome.result.picked_quantity} picked
          {outcome.result.to_pick > 0 ? `, ${outcome.result.to_pick} to go` : ", line complete"}
        </Alert>
      )}
    </Stack>
  );
}
