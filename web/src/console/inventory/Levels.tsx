import {
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../../api/client";
import type { AdjustmentReason, Availability, InventoryChange, InventoryLevel, Page } from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { humanize } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { useAuth } from "../auth";
import { useLocations } from "../reference";

const REASONS: AdjustmentReason[] = [
  "correction",
  "received",
  "cycle_count",
  "damaged",
  "shrinkage",
  "theft",
  "lost",
  "found",
  "promotion",
  "return_restock",
  "other",
];

export function invalidateInventory(queryClient: ReturnType<typeof useQueryClient>) {
  for (const key of ["inventory_levels", "inventory_movements", "inventory_alerts", "dashboard"]) {
    void queryClient.invalidateQueries({ queryKey: [key] });
  }
}

const n = (v: number) => <span className="num">{v}</span>;

export function LevelsPage() {
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const locations = useLocations();
  const [params, setParams] = useSearchParams();
  const [sku, setSku] = useState(params.get("sku") ?? "");
  const [debouncedSku] = useDebouncedValue(sku.trim(), 250);
  const location = params.get("location_id");
  const [adjusting, setAdjusting] = useState<Partial<InventoryLevel> | null>(null);
  const [counting, setCounting] = useState<Partial<InventoryLevel> | null>(null);
  const [reordering, setReordering] = useState<InventoryLevel | null>(null);
  const query = { sku: debouncedSku || undefined, location_id: location ?? undefined };
  return (
    <Stack gap="md">
      <PageHeader
        title="Stock levels"
        subtitle="Every SKU at every location, in every quantity state"
        actions={
          can("inventory:write") && (
            <>
              <Button variant="default" onClick={() => setCounting({})}>
                Record count
              </Button>
              <Button onClick={() => setAdjusting({})}>Adjust stock</Button>
            </>
          )
        }
      />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label="SKU"
          placeholder="Exact SKU"
          value={sku}
          onChange={(e) => setSku(e.currentTarget.value)}
          type="search"
          w={220}
        />
        <Select
          label="Location"
          placeholder="All locations"
          clearable
          searchable
          data={locations.options}
          value={location}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v) next.set("location_id", v);
            else next.delete("location_id");
            setParams(next, { replace: true });
          }}
          w={280}
        />
      </Group>
      {debouncedSku && <NetworkTotals sku={debouncedSku} />}
      <PagedTable<InventoryLevel>
        caption="Inventory levels"
        queryKey={["inventory_levels", query]}
        fetchPage={(cursor, signal) =>
          api.get<Page<InventoryLevel>>("/v1/inventory_levels", { ...query, cursor, limit: 50 }, signal)
        }
        rowKey={(l) => `${l.sku}@${l.location_id}`}
        empty={debouncedSku ? `No stock records for ${debouncedSku}` : "No stock recorded yet"}
        columns={[
          {
            key: "sku",
            header: "SKU",
            render: (l) => (
              <Text fw={600} size="sm" style={{ whiteSpace: "nowrap" }}>
                {l.sku}
              </Text>
            ),
          },
          { key: "loc", header: "Location", render: (l) => locations.name(l.location_id) },
          { key: "on_hand", header: "On hand", align: "right", render: (l) => n(l.on_hand) },
          { key: "committed", header: "Committed", align: "right", render: (l) => n(l.committed) },
          {
            key: "available",
            header: "Available",
            align: "right",
            render: (l) => (
              <Text
                size="sm"
                fw={700}
                c={l.reorder_point !== null && l.available <= l.reorder_point ? "red.8" : undefined}
                className="num"
                data-testid={`available-${l.sku}-${locations.code(l.location_id)}`}
              >
                {l.available}
              </Text>
            ),
          },
          { key: "incoming", header: "Incoming", align: "right", render: (l) => n(l.incoming) },
          {
            key: "unavailable",
            header: "Unavailable",
            align: "right",
            render: (l) => (
              <div>
                <span className="num">{l.unavailable}</span>
                {l.unavailable > 0 && (
                  <Text size="xs" c="dimmed">
                    {[
                      l.damaged && `${l.damaged} damaged`,
                      l.quality_control && `${l.quality_control} QC`,
                      l.safety_stock && `${l.safety_stock} safety`,
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </Text>
                )}
              </div>
            ),
          },
          {
            key: "rop",
            header: "Reorder at",
            align: "right",
            render: (l) => (l.reorder_point === null ? "—" : n(l.reorder_point)),
          },
          {
            key: "actions",
            header: <span className="visually-hidden">Actions</span>,
            align: "right",
            render: (l) =>
              can("inventory:write") && (
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => setAdjusting(l)}
                    aria-label={`Adjust ${l.sku} at ${locations.code(l.location_id)}`}
                  >
                    Adjust
                  </Button>
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => setCounting(l)}
                    aria-label={`Count ${l.sku} at ${locations.code(l.location_id)}`}
                  >
                    Count
                  </Button>
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => setReordering(l)}
                    aria-label={`Reorder point of ${l.sku} at ${locations.code(l.location_id)}`}
                  >
                    Reorder
                  </Button>
                </Group>
              ),
          },
        ]}
      />
      {adjusting && (
        <AdjustDialog
          initial={adjusting}
          onClose={() => setAdjusting(null)}
          onDone={() => invalidateInventory(queryClient)}
        />
      )}
      {reordering && (
        <ReorderDialog
          level={reordering}
          onClose={() => setReordering(null)}
          onDone={() => invalidateInventory(queryClient)}
        />
      )}
      {counting && (
        <CountDialog
          initial={counting}
          onClose={() => setCounting(null)}
          onDone={() => invalidateInventory(queryClient)}
        />
      )}
    </Stack>
  );
}

function AdjustDialog({
  initial,
  onClose,
  onDone,
}: {
  initial: Partial<InventoryLevel>;
  onClose: () => void;
  onDone: () => void;
}) {
  const locations = useLocations();
  const [sku, setSku] = useState(initial.sku ?? "");
  const [location, setLocation] = useState<string | null>(initial.location_id ?? null);
  const [delta, setDelta] = useState<number | string>("");
  const [reason, setReason] = useState<AdjustmentReason>("correction");
  const [note, setNote] = useState("");
  return (
    <ActionModal
      opened
      onClose={onClose}
      title="Adjust stock"
      confirmLabel="Apply adjustment"
      action={() =>
        api.create<InventoryChange>("/v1/inventory_adjustments", {
          sku: sku.trim(),
          location_id: location ?? "",
          delta: Number(delta),
          reason,
          ...(note.trim() ? { note } : {}),
        })
      }
      onDone={onDone}
    >
      {(errors) => (
        <>
          <TextInput
            label="SKU"
            required
            value={sku}
            error={errors.sku}
            onChange={(e) => setSku(e.currentTarget.value)}
          />
          <Select
            label="Location"
            required
            searchable
            data={locations.options}
            value={location}
            error={errors.location_id}
            onChange={setLocation}
          />
          <NumberInput
            label="Change in units on hand"
            description={
              initial.on_hand !== undefined
                ? `Now ${initial.on_hand} on hand, ${initial.available} available. Use a negative number to remove units.`
                : "Use a negative number to remove units."
            }
            required
            allowDecimal={false}
            value={delta}
            error={errors.delta}
            onChange={setDelta}
          />
          <Select
            label="Reason"
            data={REASONS.map((r) => ({ value: r, label: humanize(r) }))}
            value={reason}
            allowDeselect={false}
            onChange={(v) => v && setReason(v as AdjustmentReason)}
          />
          <Textarea
            label="Note"
            autosize
            value={note}
            error={errors.note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
        </>
      )}
    </ActionModal>
  );
}

function CountDialog({
  initial,
  onClose,
  onDone,
}: {
  initial: Partial<InventoryLevel>;
  onClose: () => void;
  onDone: () => void;
}) {
  const locations = useLocations();
  const [sku, setSku] = useState(initial.sku ?? "");
  const [location, setLocation] = useState<string | null>(initial.location_id ?? null);
  const [counted, setCounted] = useState<number | string>("");
  return (
    <ActionModal
      opened
      onClose={onClose}
      title="Record a cycle count"
      confirmLabel="Record count"
      action={() =>
        api.create("/v1/inventory_counts", {
          location_id: location ?? "",
          lines: [{ sku: sku.trim(), counted_quantity: Number(counted) }],
        })
      }
      onDone={onDone}
    >
      {(errors) => (
        <>
          <Text size="sm" c="dimmed">
            On hand is set to what was counted; the difference is recorded as a count movement.
          </Text>
          <TextInput
            label="SKU"
            required
            value={sku}
            error={errors["lines.0.sku"]}
            onChange={(e) => setSku(e.currentTarget.value)}
          />
          <Select
            label="Location"
            required
            searchable
            data={locations.options}
            value={location}
            error={errors.location_id}
            onChange={setLocation}
          />
          <NumberInput
            label="Counted on hand"
            description={initial.on_hand !== undefined ? `The system has ${initial.on_hand}` : undefined}
            required
            min={0}
            allowDecimal={false}
            value={counted}
            error={errors["lines.0.counted_quantity"]}
            onChange={setCounted}
          />
        </>
      )}
    </ActionModal>
  );
}

/** One SKU across every location: what the network holds, in each quantity state. */
function NetworkTotals({ sku }: { sku: string }) {
  const q = useQuery({
    queryKey: ["inventory_levels", "network", sku],
    queryFn: ({ signal }) => api.get<Availability>("/v1/inventory_availability", { sku }, signal),
  });
  const row = q.data?.data[0];
  if (q.isError || (q.data && !row)) return null;
  const cells: Array<[string, number | undefined]> = [
    ["On hand", row?.on_hand],
    ["Committed", row?.committed],
    ["Available", row?.available],
    ["Incoming", row?.incoming],
    ["Unavailable", row?.unavailable],
    ["Locations with stock", row?.locations.filter((l) => l.available > 0).length],
  ];
  return (
    <Paper withBorder p="sm" radius="md" data-testid="network-totals">
      <Text size="sm" fw={600} mb={4}>
        {sku} across all locations{row && !row.track_inventory ? " (not tracked)" : ""}
      </Text>
      <SimpleGrid cols={{ base: 3, sm: 6 }}>
        {cells.map(([label, value]) => (
          <div key={label}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={700} className="num" h={24}>
              {value ?? "…"}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

function ReorderDialog({
  level,
  onClose,
  onDone,
}: {
  level: InventoryLevel;
  onClose: () => void;
  onDone: () => void;
}) {
  const [point, setPoint] = useState<number | string>(level.reorder_point ?? "");
  const [quantity, setQuantity] = useState<number | string>(level.reorder_quantity ?? "");
  return (
    <ActionModal
      opened
      onClose={onClose}
      title={`Reorder point of ${level.sku}`}
      confirmLabel="Save"
      action={() =>
        api.put<InventoryLevel>("/v1/inventory_reorder_points", {
          sku: level.sku,
          location_id: level.location_id,
          reorder_point: point === "" ? null : Number(point),
          reorder_quantity: quantity === "" ? null : Number(quantity),
        })
      }
      onDone={onDone}
    >
      {(errors) => (
        <>
          <Text size="sm" c="dimmed">
            A low-stock alert is raised when available ({level.available}) is at or below this point. Leave it
            empty for no alert.
          </Text>
          <NumberInput
            label="Reorder point"
            min={0}
            allowDecimal={false}
            value={point}
            error={errors.reorder_point}
            onChange={setPoint}
          />
          <NumberInput
            label="Order quantity"
            description="How much to suggest ordering; empty: enough to get back above the point"
            min={1}
            allowDecimal={false}
            value={quantity}
            error={errors.reorder_quantity}
            onChange={setQuantity}
          />
        </>
      )}
    </ActionModal>
  );
}
