import { Badge, Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import type { Page, PurchaseOrder } from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { humanize, statusColor, when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { useAuth } from "../auth";
import { useLocations } from "../reference";
import { type LineDraft, LinesEditor, linesText, ReceiveDialog, toLines } from "./inboundLines";
import { invalidateInventory } from "./Levels";

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
