import { Anchor, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { api } from "../../api/client";
import type { InventoryAlert, Page } from "../../api/types";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { useLocations } from "../reference";

export function AlertsPage() {
  const locations = useLocations();
  return (
    <Stack gap="md">
      <PageHeader
        title="Low stock"
        subtitle="Levels at or below their reorder point, with a suggested order quantity"
      />
      <PagedTable<InventoryAlert>
        caption="Low-stock alerts"
        queryKey={["inventory_alerts"]}
        fetchPage={(cursor, signal) =>
          api.get<Page<InventoryAlert>>("/v1/inventory_alerts", { cursor, limit: 50 }, signal)
        }
        rowKey={(a) => `${a.sku}@${a.location_id}`}
        empty="Nothing is below its reorder point"
        columns={[
          {
            key: "sku",
            header: "SKU",
            render: (a) => (
              <Anchor component={Link} to={`/inventory?sku=${encodeURIComponent(a.sku)}`}>
                {a.sku}
              </Anchor>
            ),
          },
          { key: "loc", header: "Location", render: (a) => locations.name(a.location_id) },
          {
            key: "available",
            header: "Available",
            align: "right",
            render: (a) => (
              <Text c="red.8" fw={700} size="sm">
                {a.available}
              </Text>
            ),
          },
          { key: "rop", header: "Reorder point", align: "right", render: (a) => a.reorder_point ?? "—" },
          { key: "incoming", header: "Incoming", align: "right", render: (a) => a.incoming },
          { key: "short", header: "Shortfall", align: "right", render: (a) => a.shortfall },
          {
            key: "suggest",
            header: "Suggested order",
            align: "right",
            render: (a) => <strong>{a.suggested_order_quantity}</strong>,
          },
        ]}
      />
    </Stack>
  );
}
