import {
  Anchor,
  Badge,
  Group,
  NumberInput,
  Paper,
  ScrollArea,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import type { ShipmentException } from "../../api/types";
import { humanize, when } from "../../ui/format";
import { PageHeader } from "../../ui/PageHeader";
import { ProblemAlert } from "../../ui/Problem";
import { useLocations } from "../reference";
import { ageHours } from "./station";

const KIND_COLORS: Record<ShipmentException["kind"], string> = {
  late: "orange",
  stuck: "yellow",
  failed_delivery: "red",
};

/** Shipped packages that need someone: late against the promise, stuck without scans, failed deliveries. */
export function ShipmentExceptionsPage() {
  const locations = useLocations();
  const [locationId, setLocationId] = useState<string | null>(null);
  const [stuckHours, setStuckHours] = useState<number | string>("");
  const exceptions = useQuery({
    queryKey: ["shipments", "exceptions", { locationId, stuckHours }],
    queryFn: ({ signal }) =>
      api.get<{ data: ShipmentException[] }>(
        "/v1/shipments/exceptions",
        {
          location_id: locationId,
          stuck_hours: Number(stuckHours) > 0 ? Math.round(Number(stuckHours)) : undefined,
        },
        signal,
      ),
    refetchInterval: 60_000,
  });
  const rows = exceptions.data?.data ?? [];
  return (
    <Stack gap="md">
      <PageHeader
        title="Shipment exceptions"
        subtitle="Shipped packages that are late, stuck without carrier scans, or failed to deliver"
        actions={
          <Group align="flex-end">
            <Select
              label="Location"
              placeholder="All locations"
              clearable
              searchable
              w={240}
              data={locations.options}
              value={locationId}
              onChange={setLocationId}
            />
            <NumberInput
              label="Stuck after (hours)"
              placeholder="Default"
              min={1}
              w={160}
              allowDecimal={false}
              value={stuckHours}
              onChange={setStuckHours}
            />
          </Group>
        }
      />
      <ProblemAlert error={exceptions.error} />
      <Paper withBorder radius="md">
        <ScrollArea type="auto">
          <Table striped verticalSpacing="xs" miw={760} data-testid="shipment-exceptions">
            <Table.Caption className="visually-hidden">Shipment exceptions</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Age</Table.Th>
                <Table.Th>Tracking number</Table.Th>
                <Table.Th>Location</Table.Th>
                <Table.Th>Detail</Table.Th>
                <Table.Th>Actions</Table.Th>
                <Table.Th>Order</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {exceptions.isPending &&
                [0, 1, 2].map((i) => (
                  <Table.Tr key={i}>
                    <Table.Td colSpan={7}>
                      <Skeleton h={14} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              {!exceptions.isPending && !exceptions.isError && rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Text c="dimmed" ta="center" py="lg" data-testid="empty">
                      No exceptions: every shipped package is on its way
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {rows.map((x) => (
                <Table.Tr key={`${x.shipment_id}|${x.kind}`} data-testid={`exception-${x.shipment_id}`}>
                  <Table.Td>
                    <Badge color={KIND_COLORS[x.kind]} variant="light">
                      {humanize(x.kind)}
                    </Badge>
                  </Table.Td>
                  <Table.Td className="num" title={`since ${when(x.since)}`}>
                    {ageHours(x.age_hours)}
                  </Table.Td>
                  <Table.Td ff="monospace">{x.tracking_number ?? "—"}</Table.Td>
                  <Table.Td>{locations.code(x.location_id)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{x.detail}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{x.actions.map(humanize).join(" · ") || "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor component={Link} to={`/orders/${x.order_id}`} size="sm">
                        Order
                      </Anchor>
                      <Anchor component={Link} to={`/warehouse/${x.fulfillment_order_id}`} size="sm">
                        Packages
                      </Anchor>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Paper>
    </Stack>
  );
}
