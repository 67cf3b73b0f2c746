import {
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../../api/client";
import type {
  Address,
  AddressInput,
  FulfillmentOrder,
  HoldType,
  Order,
  OrderHold,
  Page,
  TimelineEntry,
} from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { humanize, money, statusColor, when } from "../../ui/format";
import { PageHeader } from "../../ui/PageHeader";
import { ProblemAlert } from "../../ui/Problem";
import { useAuth } from "../auth";
import { useChannels, useLocations } from "../reference";
import { OrderReturnsPanel } from "../returns/OrderReturns";
import { PaymentsPanel } from "./OrderPayments";

const HOLD_TYPES: HoldType[] = ["manual", "fraud", "payment", "address", "inventory", "customer_request"];

type Dialog = "hold" | "cancel" | "lines" | "address" | "note" | { release: OrderHold } | null;

export function OrderDetail() {
  const { id = "" } = useParams();
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const channels = useChannels();
  const locations = useLocations();
  const order = useQuery({
    queryKey: ["order", id],
    queryFn: ({ signal }) => api.get<Order>(`/v1/orders/${id}`, undefined, signal),
  });
  const timeline = useQuery({
    queryKey: ["order", id, "timeline"],
    queryFn: ({ signal }) =>
      api.get<Page<TimelineEntry>>(`/v1/orders/${id}/timeline`, { limit: 200 }, signal),
  });
  const fulfillmentOrders = useQuery({
    queryKey: ["order", id, "fulfillment_orders"],
    queryFn: ({ signal }) =>
      api.get<{ data: FulfillmentOrder[] }>(`/v1/orders/${id}/fulfillment_orders`, undefined, signal),
    enabled: can("fulfillment:read"),
  });
  const changed = (o: unknown) => {
    queryClient.setQueryData(["order", id], o);
    void queryClient.invalidateQueries({ queryKey: ["order", id, "timeline"] });
    void queryClient.invalidateQueries({ queryKey: ["order", id, "fulfillment_orders"] });
    void queryClient.invalidateQueries({ queryKey: ["orders"] });
    void queryClient.invalidateQueries({ queryKey: ["dashboard"] });
  };
  if (order.isError) {
    return (
      <Stack>
        <PageHeader title="Order" />
        <ProblemAlert error={order.error} />
        <Anchor component={Link} to="/orders">
          Back to orders
        </Anchor>
      </Stack>
    );
  }
  const o = order.data;
  // The server says what the order allows now; the console does not re-derive its rules.
  const allows = (action: Order["allowed_actions"][number]) =>
    can("orders:write") && !!o && o.allowed_actions.includes(action);
  const openHolds = o?.holds.filter((h) => !h.released_at) ?? [];
  return (
    <Stack gap="md">
      <PageHeader
        title={o ? `Order #${o.number}` : "Order"}
        subtitle={
          o ? (
            <span>
              {channels.name(o.channel_id)} · placed {when(o.placed_at ?? o.created_at)}
              {o.external_ref ? ` · ref ${o.external_ref}` : ""}
            </span>
          ) : (
            "\u00a0"
          )
        }
        actions={
          <>
            {allows("edit") && (
              <>
                <Button variant="default" onClick={() => setDialog("note")}>
                  Note
                </Button>
                <Button variant="default" onClick={() => setDialog("address")}>
                  Edit address
                </Button>
                <Button variant="default" onClick={() => setDialog("lines")}>
                  Edit lines
                </Button>
              </>
            )}
            {allows("hold") && (
              <Button color="orange" variant="light" onClick={() => setDialog("hold")}>
                Place hold
              </Button>
            )}
            {allows("cancel") && (
              <Button color="red" variant="light" onClick={() => setDialog("cancel")}>
                Cancel order
              </Button>
            )}
          </>
        }
      />
      {!o ? (
        <Skeleton h={400} />
      ) : (
        <>
          <Group gap="xs">
            <Badge size="lg" color={statusColor(o.status)} data-testid="order-status">
              {humanize(o.status)}
            </Badge>
            {o.on_hold && (
              <Badge size="lg" color="orange" variant="filled" data-testid="on-hold">
                On hold
              </Badge>
            )}
            {o.tags.map((t) => (
              <Badge key={t} variant="outline" color="gray">
                {t}
              </Badge>
            ))}
          </Group>
          {openHolds.length > 0 && (
            <Card withBorder bg="orange.0" data-testid="holds">
              <Title order={2} size="h5" mb="xs">
                Holds stop this order from going to fulfillment
              </Title>
              <Stack gap="xs">
                {openHolds.map((h) => (
                  <Group key={h.id} justify="space-between" wrap="nowrap">
                    <Text size="sm">
                      <strong>{humanize(h.type)}</strong> — {h.reason}{" "}
                      <Text span c="dimmed" size="xs">
                        ({h.source === "rule" ? "by rule" : h.placed_by}, {when(h.placed_at)})
                      </Text>
                    </Text>
                    {allows("release") && (
                      <Button size="xs" variant="white" onClick={() => setDialog({ release: h })}>
                        Release
                      </Button>
                    )}
                  </Group>
                ))}
              </Stack>
            </Card>
          )}
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Stack gap="md">
                <Section title="Lines">
                  <Table.ScrollContainer minWidth={620}>
                    <Table verticalSpacing={6}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Item</Table.Th>
                          <Table.Th ta="right">Qty</Table.Th>
                          <Table.Th>Stock</Table.Th>
                          <Table.Th ta="right">Unit</Table.Th>
                          <Table.Th ta="right">Total</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {o.lines.map((l) => (
                          <Table.Tr key={l.id}>
                            <Table.Td>
                              <Text size="sm">{l.product_title || l.title}</Text>
                              <Text size="xs" c="dimmed">
                                {l.product_title && l.variant_title ? `${l.variant_title} · ` : ""}
                                {l.sku}
                                {l.preorder ? " · preorder" : ""}
                              </Text>
                            </Table.Td>
                            <Table.Td ta="right" className="num">
                              {l.quantity}
                              {l.cancelled > 0 && (
                                <Text size="xs" c="red">
                                  {l.cancelled} cancelled
                                </Text>
                              )}
                            </Table.Td>
                            <Table.Td>
                              <Text size="xs">
                                {[
                                  l.committed && `${l.committed} committed`,
                                  l.backordered && `${l.backordered} backordered`,
                                  l.pending && `${l.pending} pending`,
                                  l.shipped && `${l.shipped} shipped`,
                                  l.delivered && `${l.delivered} delivered`,
                                  l.returned && `${l.returned} returned`,
                                ]
                                  .filter(Boolean)
                                  .join(" · ") || "—"}
                              </Text>
                              {l.allocations.length > 0 && (
                                <Text size="xs" c="dimmed">
                                  from{" "}
                                  {l.allocations
                                    .map((a) => `${locations.code(a.location_id)} ×${a.quantity}`)
                                    .join(", ")}
                                </Text>
                              )}
                            </Table.Td>
                            <Table.Td ta="right" className="num">
                              {money(l.unit_price, o.currency)}
                            </Table.Td>
                            <Table.Td ta="right" className="num">
                              {money(l.total, o.currency)}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                  <Stack gap={2} align="flex-end" mt="sm">
                    <Total label="Subtotal" value={money(o.totals.subtotal, o.currency)} />
                    {o.totals.discount_total > 0 && (
                      <Total
                        label={`Discount${o.promo_code ? ` (${o.promo_code})` : ""}`}
                        value={`−${money(o.totals.discount_total, o.currency)}`}
                      />
                    )}
                    <Total label="Shipping" value={money(o.totals.shipping_total, o.currency)} />
                    <Total label="Tax" value={money(o.totals.tax_total, o.currency)} />
                    <Total label="Total" value={money(o.totals.grand_total, o.currency)} strong />
                  </Stack>
                </Section>
                <Section title="Fulfillment">
                  <SimpleGrid cols={{ base: 2, sm: 4 }}>
                    {(["committed", "backordered", "shipped", "delivered"] as const).map((k) => (
                      <div key={k}>
                        <Text size="xs" c="dimmed">
                          {humanize(k)}
                        </Text>
                        <Text fw={600} className="num">
                          {o.fulfillment[k]} / {o.fulfillment.quantity}
                        </Text>
                      </div>
                    ))}
                  </SimpleGrid>
                  <Text size="xs" c="dimmed" mt="xs">
                    {o.releasable_to_fulfillment
                      ? "Ready to be released to fulfillment"
                      : o.on_hold
                        ? "Not released to fulfillment while on hold"
                        : "Not releasable to fulfillment yet"}
                    {o.requested_fulfillment !== "ship" ? ` · ${humanize(o.requested_fulfillment)}` : ""}
                    {o.pickup_location_id ? ` at ${locations.name(o.pickup_location_id)}` : ""}
                    {o.requested_delivery_date ? ` · requested for ${o.requested_delivery_date}` : ""}
                  </Text>
                  {(fulfillmentOrders.data?.data.length ?? 0) > 0 && (
                    <Stack gap="xs" mt="sm" data-testid="fulfillment-orders">
                      {fulfillmentOrders.data?.data.map((f) => (
                        <Paper key={f.id} withBorder p="xs" radius="sm">
                          <Group justify="space-between" wrap="wrap" gap="xs">
                            <div>
                              <Text size="sm" fw={600}>
                                {locations.name(f.location_id)} · {humanize(f.fulfillment_type)}
                              </Text>
                              <Text size="xs" c="dimmed" ff="monospace">
                                {f.id}
                              </Text>
                            </div>
                            <Badge variant="light" color={statusColor(f.status)}>
                              {humanize(f.status)}
                            </Badge>
                          </Group>
                          <Text size="xs" mt={4}>
                            {f.lines
                              .map(
                                (l) =>
                                  `${l.sku} ×${l.quantity}${l.fulfilled_quantity ? ` (${l.fulfilled_quantity} done)` : ""}${l.shortage_quantity ? ` (${l.shortage_quantity} short)` : ""}`,
                              )
                              .join(", ")}
                            {f.promised_ship_date ? ` · ships ${f.promised_ship_date.slice(0, 10)}` : ""}
                            {f.promised_delivery_date
                              ? ` · arrives ${f.promised_delivery_date.slice(0, 10)}`
                              : ""}
                            {f.reason ? ` · ${f.reason}` : ""}
                          </Text>
                        </Paper>
                      ))}
                    </Stack>
                  )}
                </Section>
                {can("payments:read") && <PaymentsPanel order={o} />}
                {can("returns:read") && <OrderReturnsPanel order={o} />}
                <Section title="Timeline">
                  {timeline.isPending ? (
                    <Skeleton h={120} />
                  ) : timeline.isError ? (
                    <ProblemAlert error={timeline.error} />
                  ) : (
                    <Timeline bulletSize={12} lineWidth={2} active={(timeline.data?.data.length ?? 0) - 1}>
                      {timeline.data?.data.map((e) => (
                        <Timeline.Item key={e.id} title={<Text size="sm">{e.message}</Text>}>
                          <Text size="xs" c="dimmed">
                            {when(e.created_at)} · {e.actor.name} · <code>{e.type}</code>
                          </Text>
                        </Timeline.Item>
                      ))}
                    </Timeline>
                  )}
                </Section>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Stack gap="md">
                <Section title="Customer">
                  <Text size="sm">{o.customer_name ?? "—"}</Text>
                  <Text size="sm">
                    <Anchor component={Link} to={`/orders?q=${encodeURIComponent(o.email)}`}>
                      {o.email}
                    </Anchor>
                  </Text>
                  {o.phone && <Text size="sm">{o.phone}</Text>}
                </Section>
                <Section title="Shipping address">
                  <AddressBlock address={o.shipping_address} />
                </Section>
                <Section title="Billing address">
                  <AddressBlock address={o.billing_address} />
                </Section>
                <Section title="Notes">
                  <Text size="sm" style={{ whiteSpace: "pre-wrap" }} c={o.notes ? undefined : "dimmed"}>
                    {o.notes || "No notes"}
                  </Text>
                </Section>
                {o.holds.some((h) => h.released_at) && (
                  <Section title="Released holds">
                    {o.holds
                      .filter((h) => h.released_at)
                      .map((h) => (
                        <Text size="xs" key={h.id}>
                          {humanize(h.type)}: {h.reason} — released {when(h.released_at)} ({h.release_reason})
                        </Text>
                      ))}
                  </Section>
                )}
              </Stack>
            </Grid.Col>
          </Grid>
          <HoldDialog order={o} opened={dialog === "hold"} onClose={() => setDialog(null)} onDone={changed} />
          <CancelDialog
            order={o}
            opened={dialog === "cancel"}
            onClose={() => setDialog(null)}
            onDone={changed}
          />
          {dialog === "lines" && <LinesDialog order={o} onClose={() => setDialog(null)} onDone={changed} />}
          {dialog === "address" && (
            <AddressDialog order={o} onClose={() => setDialog(null)} onDone={changed} />
          )}
          {dialog === "note" && <NoteDialog order={o} onClose={() => setDialog(null)} onDone={changed} />}
          {dialog && typeof dialog === "object" && (
            <ReleaseDialog order={o} hold={dialog.release} onClose={() => setDialog(null)} onDone={changed} />
          )}
        </>
      )}
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function Total({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <Group gap="lg" justify="flex-end" w={280}>
      <Text size="sm" fw={strong ? 700 : 400}>
        {label}
      </Text>
      <Text size="sm" fw={strong ? 700 : 400} className="num" w={110} ta="right">
        {value}
      </Text>
    </Group>
  );
}

function AddressBlock({ address }: { address: Address | null }) {
  if (!address)
    return (
      <Text c="dimmed" size="sm">
        None
      </Text>
    );
  return (
    <Text size="sm" style={{ whiteSpace: "pre-line" }}>
      {[
        address.name,
        address.company,
        address.line1,
        address.line2,
        [address.postal_code, address.city, address.region].filter(Boolean).join(" "),
        address.country,
        address.phone,
      ]
        .filter(Boolean)
        .join("\n")}
    </Text>
  );
}

interface DialogProps {
  order: Order;
  onClose: () => void;
  onDone: (o: unknown) => void;
}

function HoldDialog({ order, opened, onClose, onDone }: DialogProps & { opened: boolean }) {
  const [type, setType] = useState<HoldType>("manual");
  const [reason, setReason] = useState("");
  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title={`Place order #${order.number} on hold`}
      confirmLabel="Place hold"
      color="orange"
      action={() => api.create<Order>(`/v1/orders/${order.id}/holds`, { type, reason })}
      onDone={(o) => {
        setReason("");
        onDone(o);
      }}
    >
      {(errors) => (
        <>
          <Select
            label="Hold type"
            data={HOLD_TYPES.map((h) => ({ value: h, label: humanize(h) }))}
            value={type}
            allowDeselect={false}
            onChange={(v) => v && setType(v as HoldType)}
          />
          <Textarea
            label="Reason"
            description="Shown on the order's timeline"
            required
            autosize
            minRows={2}
            value={reason}
            error={errors.reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
        </>
      )}
    </ActionModal>
  );
}

function ReleaseDialog({ order, hold, onClose, onDone }: DialogProps & { hold: OrderHold }) {
  const [reason, setReason] = useState("");
  return (
    <ActionModal
      opened
      onClose={onClose}
      title={`Release the ${humanize(hold.type).toLowerCase()} hold`}
      confirmLabel="Release hold"
      action={() => api.post<Order>(`/v1/orders/${order.id}/holds/${hold.id}/release`, { reason })}
      onDone={onDone}
    >
      {(errors) => (
        <>
          <Text size="sm">Held because: {hold.reason}</Text>
          <Textarea
            label="Why release it?"
            required
            autosize
            minRows={2}
            value={reason}
            error={errors.reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
        </>
      )}
    </ActionModal>
  );
}

function CancelDialog({ order, opened, onClose, onDone }: DialogProps & { opened: boolean }) {
  const [reason, setReason] = useState("");
  const [partial, setPartial] = useState(false);
  const open = order.lines
    .map((l) => ({ line: l, left: l.quantity - l.cancelled - l.shipped }))
    .filter((x) => x.left > 0);
  const [units, setUnits] = useState<Record<string, number | string>>({});
  const lines = open
    .map(({ line }) => ({ line_id: line.id, quantity: Number(units[line.id] ?? 0) }))
    .filter((l) => l.quantity > 0);
  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title={`Cancel order #${order.number}`}
      confirmLabel={partial ? "Cancel these units" : "Cancel the order"}
      color="red"
      disabled={partial && lines.length === 0}
      action={() =>
        api.post<Order>(`/v1/orders/${order.id}/cancel`, { reason, ...(partial ? { lines } : {}) })
      }
      onDone={(o) => {
        setReason("");
        setUnits({});
        setPartial(false);
        onDone(o);
      }}
    >
      {(errors) => (
        <>
          <Switch
            label="Cancel only some units"
            checked={partial}
            onChange={(e) => setPartial(e.currentTarget.checked)}
          />
          {partial ? (
            open.map(({ line, left }) => (
              <Group key={line.id} justify="space-between" wrap="nowrap">
                <Text size="sm" style={{ flex: 1 }}>
                  {line.title}{" "}
                  <Text span size="xs" c="dimmed">
                    {line.sku} · {left} not shipped
                  </Text>
                </Text>
                <NumberInput
                  aria-label={`Units of ${line.sku} to cancel`}
                  w={110}
                  min={0}
                  max={left}
                  allowDecimal={false}
                  value={units[line.id] ?? 0}
                  onChange={(v) => setUnits({ ...units, [line.id]: v })}
                />
              </Group>
            ))
          ) : (
            <Text size="sm">
              Every unshipped unit is cancelled and its committed stock released. This cannot be undone.
            </Text>
          )}
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            value={reason}
            error={errors.reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
        </>
      )}
    </ActionModal>
  );
}

function LinesDialog({ order, onClose, onDone }: DialogProps) {
  const [quantities, setQuantities] = useState<Record<string, number>>(
    Object.fromEntries(order.lines.map((l) => [l.id, l.quantity - l.cancelled])),
  );
  const [added, setAdded] = useState<Array<{ sku: string; quantity: number }>>([]);
  const [reason, setReason] = useState("");
  const update_lines = order.lines
    .filter((l) => quantities[l.id] !== l.quantity - l.cancelled)
    .map((l) => ({ line_id: l.id, quantity: quantities[l.id] ?? 0 }));
  const add_lines = added.filter((a) => a.sku.trim());
  return (
    <ActionModal
      opened
      size="lg"
      onClose={onClose}
      title={`Edit lines of order #${order.number}`}
      confirmLabel="Save changes"
      disabled={update_lines.length === 0 && add_lines.length === 0}
      action={() =>
        api.post<Order>(`/v1/orders/${order.id}/edit`, {
          expected_version: order.version,
          ...(update_lines.length ? { update_lines } : {}),
          ...(add_lines.length ? { add_lines } : {}),
          ...(reason.trim() ? { reason } : {}),
        })
      }
      onDone={onDone}
    >
      <Text size="sm" c="dimmed">
        Set a quantity to 0 to remove the line. The order is re-priced and stock re-committed at once.
      </Text>
      {order.lines.map((l) => (
        <Group key={l.id} justify="space-between" wrap="nowrap">
          <Text size="sm" style={{ flex: 1 }}>
            {l.title}{" "}
            <Text span size="xs" c="dimmed">
              {l.sku}
            </Text>
          </Text>
          <NumberInput
            aria-label={`Quantity of ${l.sku}`}
            w={110}
            min={0}
            allowDecimal={false}
            value={quantities[l.id]}
            onChange={(v) => setQuantities({ ...quantities, [l.id]: Number(v) || 0 })}
          />
        </Group>
      ))}
      {added.map((a, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: new rows have no id yet
        <Group key={i} wrap="nowrap">
          <TextInput
            aria-label="New line SKU"
            placeholder="SKU"
            style={{ flex: 1 }}
            value={a.sku}
            onChange={(e) =>
              setAdded(added.map((x, j) => (j === i ? { ...x, sku: e.currentTarget.value } : x)))
            }
          />
          <NumberInput
            aria-label="New line quantity"
            w={110}
            min={1}
            allowDecimal={false}
            value={a.quantity}
            onChange={(v) =>
              setAdded(added.map((x, j) => (j === i ? { ...x, quantity: Number(v) || 1 } : x)))
            }
          />
        </Group>
      ))}
      <Group>
        <Button variant="subtle" size="xs" onClick={() => setAdded([...added, { sku: "", quantity: 1 }])}>
          Add a line
        </Button>
      </Group>
      <TextInput
        label="Reason (optional)"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
    </ActionModal>
  );
}

const emptyAddress: AddressInput = { line1: "", city: "", country: "US" };

export function AddressFields({
  value,
  onChange,
  errors,
  prefix,
}: {
  value: AddressInput;
  onChange: (a: AddressInput) => void;
  errors: Record<string, string>;
  prefix: string;
}) {
  const field = (key: keyof AddressInput, label: string, required = false, span = 12) => (
    <Grid.Col span={{ base: 12, sm: span }}>
      <TextInput
        label={label}
        required={required}
        value={(value[key] as string | undefined) ?? ""}
        error={errors[`${prefix}.${key}`]}
        onChange={(e) => onChange({ ...value, [key]: e.currentTarget.value })}
      />
    </Grid.Col>
  );
  return (
    <Grid gap="xs">
      {field("name", "Name", false, 6)}
      {field("company", "Company", false, 6)}
      {field("line1", "Address line 1", true)}
      {field("line2", "Address line 2")}
      {field("city", "City", true, 6)}
      {field("region", "Region / state", false, 6)}
      {field("postal_code", "Postal code", false, 6)}
      {field("country", "Country (ISO code)", true, 6)}
      {field("phone", "Phone")}
    </Grid>
  );
}

/** Drops empty optional fields: the API rejects empty strings where it wants text. */
export function cleanAddress(a: AddressInput): AddressInput {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) if (typeof v === "string" && v.trim()) out[k] = v.trim();
  return out as unknown as AddressInput;
}

function AddressDialog({ order, onClose, onDone }: DialogProps) {
  const [address, setAddress] = useState<AddressInput>(
    order.shipping_address ? { ...order.shipping_address } : emptyAddress,
  );
  return (
    <ActionModal
      opened
      size="lg"
      onClose={onClose}
      title={`Shipping address of order #${order.number}`}
      confirmLabel="Save address"
      action={() =>
        api.post<Order>(`/v1/orders/${order.id}/edit`, {
          expected_version: order.version,
          shipping_address: cleanAddress(address),
        })
      }
      onDone={onDone}
    >
      {(errors) => (
        <AddressFields value={address} onChange={setAddress} errors={errors} prefix="shipping_address" />
      )}
    </ActionModal>
  );
}

function NoteDialog({ order, onClose, onDone }: DialogProps) {
  const [notes, setNotes] = useState(order.notes ?? "");
  return (
    <ActionModal
      opened
      onClose={onClose}
      title={`Notes on order #${order.number}`}
      confirmLabel="Save notes"
      action={() =>
        api.post<Order>(`/v1/orders/${order.id}/edit`, { expected_version: order.version, notes })
      }
      onDone={onDone}
    >
      {(errors) => (
        <Textarea
          label="Notes (staff only)"
          autosize
          minRows={4}
          value={notes}
          error={errors.notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
        />
      )}
    </ActionModal>
  );
}
