import { Anchor, Button, Card, Group, NumberInput, Select, Table, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client";
import type { Order, RefundMethod, Return } from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { when } from "../../ui/format";
import { useAuth } from "../auth";
import { ReturnStatusBadge, refundText } from "./ReturnList";
import { REFUND_METHODS, returnItems, useReceivingLocations, useReturnPolicy } from "./returns";

/** An order's returns on its page, and "Start return" for the units that went out. */
export function OrderReturnsPanel({ order }: { order: Order }) {
  const { can } = useAuth();
  const [starting, setStarting] = useState(false);
  const returns = useQuery({
    queryKey: ["order", order.id, "returns"],
    queryFn: ({ signal }) => api.get<{ data: Return[] }>(`/v1/orders/${order.id}/returns`, undefined, signal),
  });
  const list = returns.data?.data ?? [];
  const open = openUnits(list);
  const returnable = order.lines.filter((l) => returnableUnits(l, open) > 0);
  return (
    <Card withBorder data-testid="order-returns">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          Returns
        </Title>
        {can("returns:write") && returnable.length > 0 && (
          <Button size="xs" variant="light" onClick={() => setStarting(true)}>
            Start return
          </Button>
        )}
      </Group>
      {list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {returns.isPending ? "Loading…" : "No returns"}
        </Text>
      ) : (
        <Table verticalSpacing={4}>
          <Table.Tbody>
            {list.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/returns/${r.id}`} ff="monospace" size="sm">
                    {r.reference}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {when(r.created_at)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{returnItems(r)}</Text>
                </Table.Td>
                <Table.Td>
                  <ReturnStatusBadge status={r.status} />
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm" className="num">
                    {refundText(r, order.currency)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {starting && <StartReturnDialog order={order} open={open} onClose={() => setStarting(false)} />}
    </Card>
  );
}

/** Units of each line already in a return that is not over yet (requested or approved). */
function openUnits(returns: Return[]): Map<string, number> {
  const open = new Map<string, number>();
  for (const r of returns)
    if (r.status === "requested" || r.status === "approved")
      for (const l of r.lines) open.set(l.order_line_id, (open.get(l.order_line_id) ?? 0) + l.quantity);
  return open;
}

/** What could still go back: units out with the customer, less those already in an open return. */
const returnableUnits = (l: Order["lines"][number], open: Map<string, number>) =>
  Math.max(0, l.shipped + l.delivered - (open.get(l.id) ?? 0));

interface LineChoice {
  quantity: number | string;
  reason: string | null;
}

function StartReturnDialog({
  order,
  open,
  onClose,
}: {
  order: Order;
  open: Map<string, number>;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { reasons, policy } = useReturnPolicy(order.channel_id);
  const locations = useReceivingLocations();
  const lines = order.lines
    .map((l) => ({ line: l, left: returnableUnits(l, open) }))
    .filter((x) => x.left > 0);
  const [choices, setChoices] = useState<Record<string, LineChoice>>({});
  const [method, setMethod] = useState<RefundMethod>("original_payment");
  const [locationId, setLocationId] = useState<string | null>(null);
  const chosen = lines
    .map(({ line }) => ({ line, choice: choices[line.id] }))
    .filter((x) => Number(x.choice?.quantity ?? 0) > 0);
  const set = (lineId: string, patch: Partial<LineChoice>) =>
    setChoices({
      ...choices,
      [lineId]: { ...{ quantity: 0, reason: null }, ...choices[lineId], ...patch },
    });
  // Errors come back by position in the request's lines; show them on the line they concern.
  const errorOf = (errors: Record<string, string>, lineId: string, field: string) => {
    const i = chosen.findIndex((c) => c.line.id === lineId);
    return i < 0 ? undefined : errors[`lines.${i}.${field}`];
  };
  return (
    <ActionModal
      opened
      size="lg"
      onClose={onClose}
      title={`Start a return of order #${order.number}`}
      confirmLabel="Start return"
      disabled={chosen.length === 0}
      action={() =>
        api.create<Return>("/v1/returns", {
          order_id: order.id,
          lines: chosen.map(({ line, choice }) => ({
            order_line_id: line.id,
            quantity: Number(choice?.quantity),
            reason: choice?.reason ?? "",
          })),
          refund_method: method,
          ...(locationId ? { location_id: locationId } : {}),
        })
      }
      onDone={(r) => {
        void queryClient.invalidateQueries({ queryKey: ["order", order.id] });
        void queryClient.invalidateQueries({ queryKey: ["returns"] });
        navigate(`/returns/${(r as Return).id}`);
      }}
    >
      {(errors) => (
        <>
          <Text size="sm" c="dimmed">
            Choose how many units of each item come back, and why.
            {policy ? ` The policy takes returns within ${policy.window_days} days.` : ""}
          </Text>
          {errors.order_id && (
            <Text size="sm" c="red">
              {errors.order_id}
            </Text>
          )}
          {lines.map(({ line, left }) => (
            <Group key={line.id} wrap="wrap" align="flex-start" gap="sm">
              <div style={{ flex: 1, minWidth: 160 }}>
                <Text size="sm">{line.product_title || line.title}</Text>
                <Text size="xs" c="dimmed">
                  {line.sku} · {left} can go back
                </Text>
              </div>
              <NumberInput
                aria-label={`Units of ${line.sku} to return`}
                w={100}
                min={0}
                max={left}
                allowDecimal={false}
                value={choices[line.id]?.quantity ?? 0}
                error={errorOf(errors, line.id, "quantity") ?? errorOf(errors, line.id, "order_line_id")}
                onChange={(v) => set(line.id, { quantity: v })}
              />
              <Select
                aria-label={`Reason for returning ${line.sku}`}
                placeholder="Reason"
                w={210}
                data={reasons.map((r) => ({ value: r.code, label: r.label }))}
                value={choices[line.id]?.reason ?? null}
                error={errorOf(errors, line.id, "reason")}
                onChange={(v) => set(line.id, { reason: v })}
              />
            </Group>
          ))}
          <Group grow align="flex-start" wrap="wrap">
            <Select
              label="Refund"
              allowDeselect={false}
              data={REFUND_METHODS}
              value={method}
              error={errors.refund_method}
              onChange={(v) => v && setMethod(v as RefundMethod)}
            />
            <Select
              label="Receiving location"
              placeholder="Where the order shipped from"
              clearable
              searchable
              data={locations.receiving}
              value={locationId}
              error={errors.location_id}
              onChange={setLocationId}
            />
          </Group>
        </>
      )}
    </ActionModal>
  );
}
