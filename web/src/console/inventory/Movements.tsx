import { Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { api } from "../../api/client";
import type { InventoryMovement, MovementType, Page } from "../../api/types";
import { humanize, when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { useLocations } from "../reference";

const TYPES: MovementType[] = [
  "receive",
  "adjust",
  "count",
  "transfer_out",
  "transfer_in_transit",
  "transfer_in",
  "transfer_short",
  "po_expected",
  "po_closed",
  "commit",
  "release",
  "ship",
  "return_restock",
  "damage",
  "discard",
  "state_move",
];

function deltas(m: InventoryMovement): string {
  return (
    Object.entries(m.deltas)
      .filter(([, v]) => v !== 0)
      .map(([k, v]) => `${humanize(k).toLowerCase()} ${v > 0 ? "+" : ""}${v}`)
      .join(", ") || "no change"
  );
}

export function MovementsPage() {
  const locations = useLocations();
  const [sku, setSku] = useState("");
  const [debouncedSku] = useDebouncedValue(sku.trim(), 250);
  const [location, setLocation] = useState<string | null>(null);
  const [type, setType] = useState<string | null>(null);
  const query = {
    sku: debouncedSku || undefined,
    location_id: location ?? undefined,
    type: type ?? undefined,
  };
  return (
    <Stack gap="md">
      <PageHeader
        title="Stock movements"
        subtitle="The append-only ledger every level is computed from, newest first"
      />
      <Group gap="sm" wrap="wrap">
        <TextInput
          label="SKU"
          value={sku}
          onChange={(e) => setSku(e.currentTarget.value)}
          type="search"
          w={200}
        />
        <Select
          label="Location"
          placeholder="All"
          clearable
          searchable
          data={locations.options}
          value={location}
          onChange={setLocation}
          w={260}
        />
        <Select
          label="Type"
          placeholder="All"
          clearable
          data={TYPES.map((t) => ({ value: t, label: humanize(t) }))}
          value={type}
          onChange={setType}
          w={200}
        />
      </Group>
      <PagedTable<InventoryMovement>
        caption="Inventory movements"
        queryKey={["inventory_movements", query]}
        fetchPage={(cursor, signal) =>
          api.get<Page<InventoryMovement>>("/v1/inventory_movements", { ...query, cursor, limit: 50 }, signal)
        }
        rowKey={(m) => m.id}
        empty="No movements match"
        columns={[
          { key: "at", header: "When", render: (m) => when(m.created_at), width: 170 },
          { key: "sku", header: "SKU", render: (m) => <span style={{ whiteSpace: "nowrap" }}>{m.sku}</span> },
          {
            key: "loc",
            header: "Location",
            render: (m) => <span style={{ whiteSpace: "nowrap" }}>{locations.code(m.location_id)}</span>,
          },
          {
            key: "type",
            header: "Type",
            render: (m) => (
              <Text size="xs" fw={600} style={{ whiteSpace: "nowrap" }}>
                {humanize(m.type)}
              </Text>
            ),
          },
          { key: "deltas", header: "Change", render: (m) => <Text size="sm">{deltas(m)}</Text> },
          {
            key: "why",
            header: "Why",
            render: (m) => (
              <Text size="xs">
                {[
                  m.reason && humanize(m.reason),
                  m.note,
                  m.reference && `${m.reference.type} ${m.reference.id}`,
                ]
                  .filter(Boolean)
                  .join(" · ") || "—"}
              </Text>
            ),
          },
          { key: "who", header: "By", render: (m) => <Text size="xs">{m.actor.type}</Text> },
        ]}
      />
    </Stack>
  );
}
