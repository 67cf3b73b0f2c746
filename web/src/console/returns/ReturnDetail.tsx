import {
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  NumberInput,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../../api/client";
import type { Disposition, Order, Return } from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { humanize, money, when } from "../../ui/format";
import { MoneyInput } from "../../ui/MoneyInput";
import { PageHeader } from "../../ui/PageHeader";
import { fieldErrors, ProblemAlert } from "../../ui/Problem";
import { useAuth } from "../auth";
import { ReturnStatusBadge, refundText } from "./ReturnList";
import { DISPOSITIONS, refundMethodLabel, useReceivingLocations, useReturnPolicy } from "./returns";

type Dialog = "reject" | "cancel" | null;

/** One return: its lines and what can be done with it now — decide, label, receive, refund. */
export function ReturnDetailPage() {
  const { id = "" } = useParams();
  const { can, me } = useAuth();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const key = ["return", id];
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<Return>(`/v1/returns/${id}`, undefined, signal),
  });
  const r = query.data;
  const order = useQuery({
    queryKey: ["order", r?.order_id],
    queryFn: ({ signal }) => api.get<Order>(`/v1/orders/${r?.order_id}`, undefined, signal),
    enabled: !!r && can("orders:read"),
  });
  const { reasonLabel } = useReturnPolicy(r?.channel_id);
  const locations = useReceivingLocations();
  const changed = (next: unknown) => {
    const after = next as Return;
    queryClient.setQueryData(key, after);
    void queryClient.invalidateQueries({ queryKey: ["returns"] });
    void queryClient.invalidateQueries({ queryKey: ["order", after.order_id] });
  };
  const act = useMutation({
    // The decision routes want a reason in any body they get (an empty one included): send one.
    mutationFn: (path: "approve" | "label") =>
      path === "approve"
        ? api.post<Return>(`/v1/returns/${id}/approve`, { reason: `Approved by ${me.name}` })
        : api.post<Return>(`/v1/returns/${id}/label`),
    onSuccess: changed,
  });
  if (query.isError) {
    return (
      <Stack>
        <PageHeader title="Return" />
        <ProblemAlert error={query.error} />
        <Anchor component={Link} to="/returns">
          Back to returns
        </Anchor>
      </Stack>
    );
  }
  const writable = can("returns:write");
  const allows = (a: string) => writable && !!r && r.allowed_actions.includes(a);
  const o = order.data;
  const currency = o?.currency;
  const lineOf = (lineId: string) => o?.lines.find((l) => l.id === lineId);
  const titleOf = (lineId: string, sku: string) => {
    const l = lineOf(lineId);
    return l ? l.product_title || l.title || sku : sku;
  };
  return (
    <Stack gap="md">
      <PageHeader
        title={r ? `Return ${r.reference}` : "Return"}
        subtitle={
          r ? (
            <span>
              Order{" "}
              <Anchor component={Link} to={`/orders/${r.order_id}`} size="sm">
                #{r.order_number}
              </Anchor>{" "}
              · requested {when(r.created_at)} via {humanize(r.source)}
            </span>
          ) : (
            "\u00a0"
          )
        }
        actions={
          r && (
            <>
              {allows("approve") && (
                <Button
                  color="green"
                  loading={act.isPending && act.variables === "approve"}
                  onClick={() => act.mutate("approve")}
                >
                  Approve
                </Button>
              )}
              {allows("reject") && (
                <Button color="red" variant="light" onClick={() => setDialog("reject")}>
                  Reject…
                </Button>
              )}
              {writable && r.status === "approved" && !r.tracking_number && (
                <Button
                  variant="default"
                  loading={act.isPending && act.variables === "label"}
                  onClick={() => act.mutate("label")}
                >
                  Buy return label
                </Button>
              )}
              {r.tracking_number && (
                <Button
                  component="a"
                  variant="default"
                  href={`/v1/returns/${r.id}/label`}
                  target="_blank"
                  rel="noopener"
                >
                  Print label
                </Button>
              )}
              {allows("cancel") && (
                <Button color="gray" variant="subtle" onClick={() => setDialog("cancel")}>
                  Cancel return…
                </Button>
              )}
            </>
          )
        }
      />
      <ProblemAlert error={act.error} title="That did not work" />
      {!r ? (
        <Skeleton h={400} />
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="md">
              <Group gap="xs">
                <ReturnStatusBadge status={r.status} size="lg" />
                {r.decision_reason && (
                  <Text size="sm" c="dimmed">
                    {r.decision_reason}
                  </Text>
                )}
              </Group>
              <Card withBorder>
                <Title order={2} size="h5" mb="xs">
                  Lines
                </Title>
                <Table.ScrollContainer minWidth={560}>
                  <Table verticalSpacing={6} data-testid="return-lines">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Item</Table.Th>
                        <Table.Th ta="right">Qty</Table.Th>
                        <Table.Th>Reason</Table.Th>
                        <Table.Th ta="right">Received</Table.Th>
                        <Table.Th>Disposition</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {r.lines.map((l) => (
                        <Table.Tr key={l.order_line_id}>
                          <Table.Td>
                            <Text size="sm">{titleOf(l.order_line_id, l.sku)}</Text>
                            <Text size="xs" c="dimmed">
                              {l.sku}
                              {l.note ? ` · ${l.note}` : ""}
                            </Text>
                          </Table.Td>
                          <Table.Td ta="right" className="num">
                            {l.quantity}
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{reasonLabel(l.reason)}</Text>
                          </Table.Td>
                          <Table.Td ta="right" className="num">
                            {r.received_at ? l.received_quantity : "—"}
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">
                              {l.disposition
                                ? (DISPOSITIONS.find((d) => d.value === l.disposition)?.label ??
                                  humanize(l.disposition))
                                : "—"}
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Card>
              {allows("receive") && <ReceiveForm r={r} titleOf={titleOf} onDone={changed} />}
              {r.refund_breakdown && currency && (
                <RefundCard r={r} currency={currency} titleOf={titleOf} onDone={changed} />
              )}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Card withBorder>
              <Title order={2} size="h5" mb="xs">
                Details
              </Title>
              <Stack gap={6}>
                <Field label="Customer">{r.email}</Field>
                <Field label="Refund method">{refundMethodLabel(r.refund_method)}</Field>
                <Field label="Refund">{refundText(r, currency)}</Field>
                <Field label="Receiving location">{locations.name(r.location_id)}</Field>
                <Field label="Return label">
                  {r.tracking_number ? (
                    <>
                      {r.carrier ? `${r.carrier} ${r.service ?? ""} · ` : ""}
                      {r.tracking_url ? (
                        <Anchor
                          href={r.tracking_url}
                          target="_blank"
                          rel="noopener noreferrer"
                          data-testid="return-tracking-number"
                        >
                          {r.tracking_number}
                        </Anchor>
                      ) : (
                        <span data-testid="return-tracking-number">{r.tracking_number}</span>
                      )}
                      {r.label_cost !== null ? ` · ${money(r.label_cost, currency)}` : ""}
                    </>
                  ) : (
                    "None"
                  )}
                </Field>
                {r.note && <Field label="Note">{r.note}</Field>}
                {r.received_at && <Field label="Received">{when(r.received_at)}</Field>}
                {r.refunded_at && <Field label="Refunded">{when(r.refunded_at)}</Field>}
              </Stack>
            </Card>
          </Grid.Col>
        </Grid>
      )}
      {r && (
        <DecisionDialog
          r={r}
          decision={dialog}
          onClose={() => setDialog(null)}
          onDone={changed}
          key={dialog ?? "none"}
        />
      )}
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function DecisionDialog({
  r,
  decision,
  onClose,
  onDone,
}: {
  r: Return;
  decision: Dialog;
  onClose: () => void;
  onDone: (r: unknown) => void;
}) {
  const { me } = useAuth();
  const [reason, setReason] = useState("");
  const reject = decision === "reject";
  return (
    <ActionModal
      opened={decision !== null}
      onClose={onClose}
      title={reject ? `Reject return ${r.reference}` : `Cancel return ${r.reference}`}
      confirmLabel={reject ? "Reject return" : "Cancel return"}
      color="red"
      disabled={reject && !reason.trim()}
      action={() =>
        api.post<Return>(`/v1/returns/${r.id}/${reject ? "reject" : "cancel"}`, {
          reason: reason.trim() || `Cancelled by ${me.name}`,
        })
      }
      onDone={onDone}
    >
      {(errors) => (
        <Textarea
          label={reject ? "Why is it rejected?" : "Reason (optional)"}
          description="Kept on the return and the order's timeline"
          required={reject}
          autosize
          minRows={2}
          value={reason}
          error={errors.reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      )}
    </ActionModal>
  );
}

interface ReceivedLine {
  quantity: number | string;
  disposition: Disposition;
}

/** The parcel is here: where, how many of each line, and what becomes of them. */
function ReceiveForm({
  r,
  titleOf,
  onDone,
}: {
  r: Return;
  titleOf: (lineId: string, sku: string) => string;
  onDone: (r: Return) => void;
}) {
  const locations = useReceivingLocations();
  const known = locations.receiving.some((g) => g.items.some((i) => i.value === r.location_id));
  const [locationId, setLocationId] = useState<string | null>(null);
  const chosen = locationId ?? (known ? r.location_id : null);
  const [lines, setLines] = useState<Record<string, ReceivedLine>>(
    Object.fromEntries(
      r.lines.map((l) => [l.order_line_id, { quantity: l.quantity, disposition: "restock" }]),
    ),
  );
  const receive = useMutation({
    mutationFn: () =>
      api.create<Return>(`/v1/returns/${r.id}/receive`, {
        location_id: chosen ?? "",
        lines: r.lines.map((l) => ({
          order_line_id: l.order_line_id,
          quantity: Number(lines[l.order_line_id]?.quantity ?? 0) || 0,
          disposition: lines[l.order_line_id]?.disposition ?? "restock",
        })),
      }),
    onSuccess: onDone,
  });
  const errors = fieldErrors(receive.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    receive.mutate();
  };
  const set = (lineId: string, patch: Partial<ReceivedLine>) =>
    setLines({ ...lines, [lineId]: { ...(lines[lineId] as ReceivedLine), ...patch } });
  return (
    <Card withBorder data-testid="receive-form">
      <form onSubmit={submit} aria-label="Receive the return">
        <Stack gap="sm">
          <Title order={2} size="h5">
            Receive
          </Title>
          <Select
            label="Receiving location"
            description="The warehouse or store where the parcel arrived"
            placeholder="Choose a location"
            required
            searchable
            data={locations.receiving}
            value={chosen}
            allowDeselect={false}
            error={errors.location_id}
            onChange={setLocationId}
          />
          {r.lines.map((l, i) => (
            <Group key={l.order_line_id} wrap="wrap" align="flex-start" gap="sm">
              <div style={{ flex: 1, minWidth: 180 }}>
                <Text size="sm">{titleOf(l.order_line_id, l.sku)}</Text>
                <Text size="xs" c="dimmed">
                  {l.sku} · {l.quantity} on the return
                </Text>
              </div>
              <NumberInput
                aria-label={`Units of ${l.sku} received`}
                w={110}
                min={0}
                max={l.quantity}
                allowDecimal={false}
                value={lines[l.order_line_id]?.quantity ?? 0}
                error={errors[`lines.${i}.quantity`]}
                onChange={(v) => set(l.order_line_id, { quantity: v })}
              />
              <Select
                aria-label={`Disposition of ${l.sku}`}
                w={220}
                allowDeselect={false}
                data={DISPOSITIONS}
                value={lines[l.order_line_id]?.disposition ?? "restock"}
                error={errors[`lines.${i}.disposition`]}
                onChange={(v) => v && set(l.order_line_id, { disposition: v as Disposition })}
              />
            </Group>
          ))}
          {errors.lines && (
            <Text size="sm" c="red">
              {errors.lines}
            </Text>
          )}
          <ProblemAlert error={receive.error} title="Not received" />
          <Group justify="flex-end">
            <Button type="submit" loading={receive.isPending} disabled={!chosen}>
              Receive return
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** The refund the receipt earned, every part of it; refunded as computed, or adjusted with a reason. */
function RefundCard({
  r,
  currency,
  titleOf,
  onDone,
}: {
  r: Return;
  currency: string;
  titleOf: (lineId: string, sku: string) => string;
  onDone: (r: Return) => void;
}) {
  const { can } = useAuth();
  const b = r.refund_breakdown;
  const due = r.refund_due ?? 0;
  const mayRefund = can("returns:write") && r.allowed_actions.includes("refund");
  const mayAdjust = can("payments:adjust");
  const [amount, setAmount] = useState<number | null>(due);
  const [reason, setReason] = useState("");
  const adjusted = mayAdjust && amount !== null && amount !== due;
  const refund = useMutation({
    mutationFn: () =>
      api.create<Return>(
        `/v1/returns/${r.id}/refund`,
        adjusted ? { amount, reason: reason.trim() || undefined } : reason.trim() ? { reason } : {},
      ),
    onSuccess: onDone,
  });
  const errors = fieldErrors(refund.error);
  if (!b) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    refund.mutate();
  };
  const skuOf = (lineId: string) => r.lines.find((l) => l.order_line_id === lineId)?.sku ?? lineId;
  return (
    <Card withBorder data-testid="refund-card">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Refund
        </Title>
        <Table verticalSpacing={4} data-testid="refund-breakdown">
          <Table.Tbody>
            {b.lines.map((l) => (
              <Table.Tr key={l.order_line_id}>
                <Table.Td>
                  <Text size="sm">
                    {l.quantity}× {titleOf(l.order_line_id, skuOf(l.order_line_id))}
                  </Text>
                  {l.restocking_fee > 0 && (
                    <Text size="xs" c="dimmed">
                      less a restocking fee of {money(l.restocking_fee, currency)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right" className="num">
                  {money(l.value - l.restocking_fee, currency)}
                </Table.Td>
              </Table.Tr>
            ))}
            {b.shipping > 0 && (
              <Table.Tr>
                <Table.Td>
                  <Text size="sm">Shipping (our fault, everything came back)</Text>
                </Table.Td>
                <Table.Td ta="right" className="num">
                  {money(b.shipping, currency)}
                </Table.Td>
              </Table.Tr>
            )}
            {b.return_shipping_fee > 0 && (
              <Table.Tr>
                <Table.Td>
                  <Text size="sm">Return shipping fee</Text>
                </Table.Td>
                <Table.Td ta="right" className="num">
                  −{money(b.return_shipping_fee, currency)}
                </Table.Td>
              </Table.Tr>
            )}
            <Table.Tr>
              <Table.Td>
                <Text size="sm" fw={700}>
                  {r.status === "refunded" ? "Computed refund" : "Refund due"} (
                  {refundMethodLabel(r.refund_method).toLowerCase()})
                </Text>
              </Table.Td>
              <Table.Td ta="right" className="num" fw={700} data-testid="refund-due">
                {money(due, currency)}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        {r.status === "refunded" && (
          <Text size="sm" data-testid="refunded">
            Refunded {money(r.refunded_amount, currency)} on {when(r.refunded_at)}
            {r.refund_adjustment_reason ? ` — ${r.refund_adjustment_reason}` : ""}
          </Text>
        )}
        {mayRefund && (
          <form onSubmit={submit} aria-label="Refund the return">
            <Stack gap="sm">
              {mayAdjust && (
                <Group grow align="flex-start" wrap="wrap">
                  <MoneyInput
                    label="Refund amount"
                    description="Another amount than computed needs a reason"
                    currency={currency}
                    initial={due}
                    error={errors.amount}
                    onChange={setAmount}
                  />
                  <TextInput
                    label="Reason"
                    description={adjusted ? "Why the refund differs" : "Optional"}
                    required={adjusted}
                    value={reason}
                    error={errors.reason}
                    onChange={(e) => setReason(e.currentTarget.value)}
                  />
                </Group>
              )}
              <ProblemAlert error={refund.error} title="Not refunded" />
              <Group justify="flex-end">
                <Button
                  type="submit"
                  color="green"
                  loading={refund.isPending}
                  disabled={amount === null || (adjusted && !reason.trim())}
                >
                  Refund {money(adjusted ? amount : due, currency)}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
