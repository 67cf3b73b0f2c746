import {
  Badge,
  Button,
  Divider,
  Group,
  NumberInput,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api/client";
import type { PortalReturn, PortalReturns, RefundMethod } from "../api/types";
import { when } from "../ui/format";
import { amountWithCode } from "../ui/MoneyInput";
import { fieldErrors, ProblemAlert } from "../ui/Problem";

/** The same order number and e-mail the customer tracked the order with: the proof it is theirs. */
interface Proof {
  number: string;
  email: string;
}

const STATUS: Record<PortalReturn["status"], { label: string; color: string }> = {
  requested: { label: "Waiting for approval", color: "blue" },
  approved: { label: "Approved", color: "indigo" },
  received: { label: "Received", color: "teal" },
  refunded: { label: "Refunded", color: "green" },
  rejected: { label: "Rejected", color: "red" },
  cancelled: { label: "Cancelled", color: "gray" },
};

/** "Return items": what of the order can go back, a form to send it, and how its returns are doing. */
export function ReturnItems({ proof }: { proof: Proof }) {
  const key = ["portal-returns", proof.number, proof.email];
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: key,
    queryFn: () => api.post<PortalReturns>("/v1/tracking/returns/lookup", proof),
    // The public endpoints are rate-limited: load once per lookup, not on every focus.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const [started, setStarted] = useState<string | null>(null);
  const data = query.data;
  if (query.isError)
    return (
      <Paper withBorder p="lg" radius="md">
        <ProblemAlert error={query.error} title="Returns are not available right now" />
      </Paper>
    );
  if (!data) return null;
  const names = new Map(data.returnable.map((l) => [l.sku, l.title]));
  const canReturn = data.returnable.some((l) => l.returnable && l.quantity > 0);
  if (!canReturn && data.returns.length === 0) return null;
  const justStarted = data.returns.find((r) => r.reference === started);
  return (
    <Paper withBorder p="lg" radius="md" data-testid="return-items">
      <Stack>
        <div>
          <Title order={2} size="h3">
            Return items
          </Title>
          <Text size="sm" c="dimmed">
            You can return items within {data.window_days} days of delivery.
          </Text>
        </div>
        {justStarted && (
          <Text size="sm" c="green.8" role="status">
            Your return {justStarted.reference} is {STATUS[justStarted.status].label.toLowerCase()}.
            {justStarted.status === "approved"
              ? " Send the items back to us: we refund you when they arrive."
              : " We will let you know by e-mail."}
          </Text>
        )}
        {data.returns.length > 0 && (
          <Stack gap="xs" data-testid="portal-returns">
            {data.returns.map((r) => (
              <ReturnRow key={r.reference} r={r} currency={data.currency} names={names} />
            ))}
          </Stack>
        )}
        {canReturn && (
          <>
            {data.returns.length > 0 && <Divider label="Return something else" labelPosition="left" />}
            <StartReturn
              proof={proof}
              data={data}
              onDone={(next) => {
                setStarted(
                  next.returns.find((r) => !data.returns.some((x) => x.reference === r.reference))
                    ?.reference ?? null,
                );
                queryClient.setQueryData(key, next);
              }}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}

function ReturnRow({
  r,
  currency,
  names,
}: {
  r: PortalReturn;
  currency: string;
  names: Map<string, string>;
}) {
  const status = STATUS[r.status];
  return (
    <Paper withBorder p="sm" radius="sm" data-testid={`portal-return-${r.reference}`}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Text fw={600}>Return {r.reference}</Text>
          <Text size="xs" c="dimmed">
            Started {when(r.created_at)}
          </Text>
          <Text size="sm">
            {r.lines.map((l) => `${l.quantity}× ${names.get(l.sku) ?? l.sku}`).join(", ")}
          </Text>
          {r.tracking_number && (
            <Text size="sm">
              Return parcel tracking number{" "}
              {r.tracking_url ? (
                <a href={r.tracking_url} target="_blank" rel="noopener noreferrer">
                  {r.tracking_number}
                </a>
              ) : (
                r.tracking_number
              )}
            </Text>
          )}
        </div>
        <Stack gap={2} align="flex-end">
          <Badge color={status.color} variant="light" data-testid="portal-return-status">
            {status.label}
          </Badge>
          <Text size="sm" data-testid="portal-return-refund">
            {r.status === "refunded"
              ? `Refunded ${amountWithCode(r.refunded_amount, currency)}${r.refund_method === "store_credit" ? " as store credit" : ""}`
              : r.status === "received" && r.refund_due !== null
                ? `Refund of ${amountWithCode(r.refund_due, currency)} on its way`
                : ""}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

interface Choice {
  quantity: number | string;
  reason: string | null;
}

function StartReturn({
  proof,
  data,
  onDone,
}: {
  proof: Proof;
  data: PortalReturns;
  onDone: (next: PortalReturns) => void;
}) {
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [method, setMethod] = useState<RefundMethod>("original_payment");
  const lines = data.returnable.filter((l) => l.returnable && l.quantity > 0);
  const others = data.returnable.filter((l) => !l.returnable || l.quantity === 0);
  const chosen = lines.filter((l) => Number(choices[l.order_line_id]?.quantity ?? 0) > 0);
  const start = useMutation({
    mutationFn: () =>
      api.create<PortalReturns>("/v1/tracking/returns", {
        ...proof,
        lines: chosen.map((l) => ({
          order_line_id: l.order_line_id,
          quantity: Number(choices[l.order_line_id]?.quantity),
          reason: choices[l.order_line_id]?.reason ?? "",
        })),
        refund_method: method,
      }),
    onSuccess: (next) => {
      setChoices({});
      onDone(next);
    },
  });
  const errors = fieldErrors(start.error);
  const errorOf = (lineId: string, field: string) => {
    const i = chosen.findIndex((l) => l.order_line_id === lineId);
    return i < 0 ? undefined : errors[`lines.${i}.${field}`];
  };
  const set = (lineId: string, patch: Partial<Choice>) =>
    setChoices({ ...choices, [lineId]: { quantity: 0, reason: null, ...choices[lineId], ...patch } });
  const missingReason = chosen.some((l) => !choices[l.order_line_id]?.reason);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Return items">
      <Stack gap="sm">
        <Text size="sm">Choose how many of each item you are sending back, and tell us why.</Text>
        {lines.map((l) => (
          <Group key={l.order_line_id} wrap="wrap" align="flex-start" gap="sm">
            <div style={{ flex: 1, minWidth: 160 }}>
              <Text size="sm">{l.title}</Text>
              <Text size="xs" c="dimmed">
                {l.sku} · up to {l.quantity}
              </Text>
            </div>
            <NumberInput
              aria-label={`How many of ${l.title} to return`}
              w={100}
              min={0}
              max={l.quantity}
              allowDecimal={false}
              allowNegative={false}
              value={choices[l.order_line_id]?.quantity ?? 0}
              error={errorOf(l.order_line_id, "quantity") ?? errorOf(l.order_line_id, "order_line_id")}
              onChange={(v) => set(l.order_line_id, { quantity: v })}
            />
            <Select
              aria-label={`Why are you returning ${l.title}?`}
              placeholder="Reason"
              w={220}
              data={data.reasons.map((r) => ({ value: r.code, label: r.label }))}
              value={choices[l.order_line_id]?.reason ?? null}
              error={errorOf(l.order_line_id, "reason")}
              onChange={(v) => set(l.order_line_id, { reason: v })}
            />
          </Group>
        ))}
        {others.length > 0 && (
          <Text size="xs" c="dimmed">
            Not returnable here:{" "}
            {others
              .map(
                (l) => `${l.title} (${l.returnable ? "already returned or not shipped yet" : "final sale"})`,
              )
              .join(", ")}
          </Text>
        )}
        <Radio.Group
          label="How would you like your refund?"
          value={method}
          onChange={(v) => setMethod(v as RefundMethod)}
        >
          <Group mt={4}>
            <Radio value="original_payment" label="Back to my original payment" />
            <Radio value="store_credit" label="As store credit" />
          </Group>
        </Radio.Group>
        {errors.order_id && (
          <Text size="sm" c="red">
            {errors.order_id}
          </Text>
        )}
        <ProblemAlert error={start.error} title="We could not start your return" />
        <Group>
          <Button type="submit" loading={start.isPending} disabled={chosen.length === 0 || missingReason}>
            Start return
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
