import {
  Badge,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import type { Page, PurchaseOrder, Transfer } from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { humanize, statusColor, when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { useAuth } from "../auth";
import { useLocations } from "../reference";
import { invalidateInventory } from "./Levels";

interface LineDraft {
  sku: string;
  quantity: number | string;
}

function LinesEditor({
  lines,
  onChange,
  errors,
}: {
  lines: LineDraft[];
  onChange: (l: LineDraft[]) => void;
  errors: Record<string, string>;
}) {
  return (
    <Stack gap={6}>
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
        <Group key={i} wrap="nowrap" align="flex-start">
          <TextInput
            aria-label={`SKU ${i + 1}`}
            placeholder="SKU"
            style={{ flex: 1 }}
            value={l.sku}
            error={errors[`lines.${i}.sku`]}
            onChange={(e) =>
              onChange(lines.map((x, j) => (j === i ? { ...x, sku: e.currentTarget.value } : x)))
            }
          />
          <NumberInput
            aria-label={`Quantity ${i + 1}`}
            w={110}
            min={1}
            allowDecimal={false}
            value={l.quantity}
            error={errors[`lines.${i}.quantity`]}
            onChange={(v) => onChange(lines.map((x, j) => (j === i ? { ...x, quantity: v } : x)))}
          />
        </Group>
      ))}
      <Group>
        <Button size="xs" variant="subtle" onClick={() => onChange([...lines, { sku: "", quantity: 1 }])}>
          Add a line
        </Button>
      </Group>
    </Stack>
  );
}

const toLines = (lines: LineDraft[]) =>
  lines.filter((l) => l.sku.trim()).map((l) => ({ sku: l.sku.trim(), quantity: Number(l.quantity) }));

/** Receives what arrived of a transfer or purchase order; outstanding quantities are prefilled. */
function ReceiveDialog({
  title,
  path,
  lines,
  onClose,
  onDone,
}: {
  title: string;
  path: string;
  lines: Array<{ sku: string; outstanding_quantity: number }>;
  onClose: () => void;
  onDone: () => void;
}) {
  const [received, setReceived] = useState<Record<string, number | string>>(
    Object.fromEntries(lines.map((l) => [l.sku, l.outstanding_quantity])),
  );
  const [close, setClose] = useState(false);
  return (
    <ActionModal
      opened
      onClose={onClose}
      title={title}
      confirmLabel="Receive"
      action={() =>
        api.post(path, {
          lines: lines.map((l) => ({ sku: l.sku, quantity: Number(received[l.sku] ?? 0) })),
          close,
        })
      }
      onDone={onDone}
    >
      {lines.map((l) => (
        <Group key={l.sku} justify="space-between">
          <Text size="sm">
            {l.sku}{" "}
            <Text span size="xs" c="dimmed">
              ({l.outstanding_quantity} outstanding)
            </Text>
          </Text>
          <NumberInput
            aria-label={`Received ${l.sku}`}
            w={110}
            min={0}
            allowDecimal={false}
            value={received[l.sku]}
            onChange={(v) => setReceived({ ...received, [l.sku]: v })}
          />
        </Group>
      ))}
      <Switch
        label="Nothing more will arrive (close it)"
        checked={close}
        onChange={(e) => setClose(e.currentTarget.checked)}
      />
    </ActionModal>
  );
}

const linesText = (lines: Array<{ sku: string; quantity: number; received_quantity: number }>) =>
  lines.map((l) => `${l.sku} ${l.received_quantity}/${l.quantity}`).join(", ");

export function TransfersPage() {
  const { can } = useAuth();
  const locations = useLocations();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [receiving, setReceiving] = useState<Transfer | null>(null);
  const [shipping, setShipping] = useState<Transfer | null>(null);
  const [origin, setOrigin] = useState<string | null>(null);
  const [destination, setDestination] = useState<string | null>(null);
  const [lines, setLines] = useState<LineDraft[]>([{ sku: "", quantity: 1 }]);
  const [note, setNote] = useState("");
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["transfers"] });
    invalidateInventory(queryClient);
  };
  return (
    <Stack gap="md">
      <PageHeader
        title="Transfers"
        subtitle="Stock moving between locations; in transit it is incoming at the destination"
        actions={can("inventory:write") && <Button onClick={() => setCreating(true)}>New transfer</Button>}
      />
      <PagedTable<Transfer>
        caption="Transfers"
        queryKey={["transfers"]}
        fetchPage={(cursor, signal) =>
          api.get<Page<Transfer>>("/v1/transfers", { cursor, limit: 50 }, signal)
        }
        rowKey={(t) => t.id}
        empty="No transfers yet"
        columns={[
          { key: "created", header: "Created", render: (t) => when(t.created_at), width: 170 },
          { key: "from", header: "From", render: (t) => locations.name(t.origin_location_id) },
          { key: "to", header: "To", render: (t) => locations.name(t.destination_location_id) },
          {
            key: "lines",
            header: "Received / sent",
            render: (t) => <Text size="xs">{linesText(t.lines)}</Text>,
          },
          {
            key: "status",
            header: "Status",
            render: (t) => (
              <Badge variant="light" color={statusColor(t.status)}>
                {humanize(t.status)}
              </Badge>
            ),
          },
          {
            key: "actions",
            header: <span className="visually-hidden">Actions</span>,
            align: "right",
            render: (t) =>
              can("inventory:write") && (
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  {t.status === "draft" && (
                    <Button size="xs" variant="subtle" onClick={() => setShipping(t)}>
                      Ship
                    </Button>
                  )}
                  {(t.status === "in_transit" || t.status === "partially_received") && (
                    <Button size="xs" variant="subtle" onClick={() => setReceiving(t)}>
                      Receive
                    </Button>
                  )}
                </Group>
              ),
          },
        ]}
      />
      <ActionModal
        opened={creating}
        onClose={() => setCreating(false)}
        title="New transfer"
        confirmLabel="Create draft transfer"
        size="lg"
        action={() =>
          api.create<Transfer>("/v1/transfers", {
            origin_location_id: origin ?? "",
            destination_location_id: destination ?? "",
            lines: toLines(lines),
            ...(note.trim() ? { note } : {}),
          })
        }
        onDone={() => {
          setLines([{ sku: "", quantity: 1 }]);
          setNote("");
          refresh();
        }}
      >
        {(errors) => (
          <>
            <Group grow>
              <Select
                label="From"
                required
                searchable
                data={locations.options}
                value={origin}
                onChange={setOrigin}
                error={errors.origin_location_id}
              />
              <Select
                label="To"
                required
                searchable
                data={locations.options}
                value={destination}
                onChange={setDestination}
                error={errors.destination_location_id}
              />
            </Group>
            <LinesEditor lines={lines} onChange={setLines} errors={errors} />
            <Textarea label="Note" autosize value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          </>
        )}
      </ActionModal>
      <ActionModal
        opened={shipping !== null}
        onClose={() => setShipping(null)}
        title="Ship transfer"
        confirmLabel="Ship"
        action={() => api.post(`/v1/transfers/${shipping?.id}/ship`, {})}
        onDone={refresh}
      >
        <Text size="sm">
          {shipping &&
            `${linesText(shipping.lines)} leave ${locations.name(shipping.origin_location_id)} now.`}
        </Text>
      </ActionModal>
      {receiving && (
        <ReceiveDialog
          title={`Receive at ${locations.name(receiving.destination_location_id)}`}
          path={`/v1/transfers/${receiving.id}/receive`}
          lines={receiving.lines}
          onClose={() => setReceiving(null)}
          onDone={refresh}
        />
      )}
    </Stack>
  );
}

export function PurchaseOrdersPage() {
  const { can } = useAuth();
  const locations = useLocations();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [receiving, setReceiving] = useState<PurchaseOrder | null>(null);
  const [supplier, setSupplier] = useState("");
  const [location, setLocation] = useState<string | null>(null);
  const [reference, setReference] = useState("");
  const [lines, setLines] = useState<LineDraft[]>([{ sku: "", quantity: 1 }]);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["purchase_orders"] });
    invalidateInventory(queryClient);
  };
  return (
    <Stack gap="md">
      <PageHeader
        title="Purchase orders"
        subtitle="Stock ordered from suppliers shows as incoming until it is received"
        actions={
          can("inventory:write") && <Button onClick={() => setCreating(true)}>New purchase order</Button>
        }
      />
      <PagedTable<PurchaseOrder>
        caption="Purchase orders"
        queryKey={["purchase_orders"]}
        fetchPage={(cursor, signal) =>
          api.get<Page<PurchaseOrder>>("/v1/purchase_orders", { cursor, limit: 50 }, signal)
        }
        rowKey={(p) => p.id}
        empty="No purchase orders yet"
        columns={[
          { key: "created", header: "Created", render: (p) => when(p.created_at), width: 170 },
          {
            key: "supplier",
            header: "Supplier",
            render: (p) => `${p.supplier}${p.reference ? ` · ${p.reference}` : ""}`,
          },
          { key: "loc", header: "Deliver to", render: (p) => locations.name(p.location_id) },
          {
            key: "lines",
            header: "Received / ordered",
            render: (p) => <Text size="xs">{linesText(p.lines)}</Text>,
          },
          { key: "expected", header: "Expected", render: (p) => when(p.expected_at) },
          {
            key: "status",
            header: "Status",
            render: (p) => (
              <Badge variant="light" color={statusColor(p.status)}>
                {humanize(p.status)}
              </Badge>
            ),
          },
          {
            key: "actions",
            header: <span className="visually-hidden">Actions</span>,
            align: "right",
            render: (p) =>
              can("inventory:write") &&
              (p.status === "open" || p.status === "partially_received") && (
                <Button size="xs" variant="subtle" onClick={() => setReceiving(p)}>
                  Receive
                </Button>
              ),
          },
        ]}
      />
      <ActionModal
        opened={creating}
        onClose={() => setCreating(false)}
        title="New purchase order"
        confirmLabel="Create purchase order"
        size="lg"
        action={() =>
          api.create<PurchaseOrder>("/v1/purchase_orders", {
            supplier,
            location_id: location ?? "",
            lines: toLines(lines),
            ...(reference.trim() ? { reference } : {}),
          })
        }
        onDone={() => {
          setLines([{ sku: "", quantity: 1 }]);
          refresh();
        }}
      >
        {(errors) => (
          <>
            <Group grow>
              <TextInput
                label="Supplier"
                required
                value={supplier}
                error={errors.supplier}
                onChange={(e) => setSupplier(e.currentTarget.value)}
              />
              <TextInput
                label="Reference"
                value={reference}
                onChange={(e) => setReference(e.currentTarget.value)}
              />
            </Group>
            <Select
              label="Deliver to"
              required
              searchable
              data={locations.options}
              value={location}
              onChange={setLocation}
              error={errors.location_id}
            />
            <LinesEditor lines={lines} onChange={setLines} errors={errors} />
          </>
        )}
      </ActionModal>
      {receiving && (
        <ReceiveDialog
          title={`Receive purchase order from ${receiving.supplier}`}
          path={`/v1/purchase_orders/${receiving.id}/receive`}
          lines={receiving.lines}
          onClose={() => setReceiving(null)}
          onDone={refresh}
        />
      )}
    </Stack>
  );
}
