import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import type { Page } from "../../api/types";
import { humanize } from "../../ui/format";
import { PageHeader } from "../../ui/PageHeader";
import { ProblemAlert } from "../../ui/Problem";
import { useAuth } from "../auth";
import { invalidateInventory } from "../inventory/Levels";
import { useLocations } from "../reference";
import { ForecastChart, TrustBadge } from "./ForecastChart";
import type { Forecast, SkuForecast, Suggestions } from "./types";

const STATUS_COLOR = { reorder: "orange", overstock: "violet", "dead-stock": "red", ok: "green" } as const;
const linesText = (lines: Array<{ sku: string; quantity: number }>) =>
  lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ");

/** Demand forecasts per SKU (chart, trust badge, method) and replenishment suggestions to accept. */
export function ForecastingPage() {
  const { can } = useAuth();
  const locations = useLocations();
  const queryClient = useQueryClient();
  const [sku, setSku] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const [location, setLocation] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ["forecasts", "list", location],
    queryFn: ({ signal }) =>
      api.get<Page<Forecast>>("/v1/forecasts", { limit: 500, location_id: location ?? undefined }, signal),
  });
  const detail = useQuery({
    queryKey: ["forecasts", "sku", sku],
    enabled: sku !== null,
    queryFn: ({ signal }) =>
      api.get<SkuForecast>(`/v1/forecasts/${encodeURIComponent(sku!)}`, undefined, signal),
  });
  const suggestions = useQuery({
    queryKey: ["forecasts", "suggestions", location],
    queryFn: ({ signal }) =>
      api.get<Suggestions>("/v1/replenishment/suggestions", { location_id: location ?? undefined }, signal),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["forecasts"] });
    invalidateInventory(queryClient);
  };
  const run = useMutation({
    mutationFn: () => api.post<{ sku_count: number; series_count: number }>("/v1/forecasts/runs", {}),
    onSuccess: (r) => {
      setDone(`Forecast ${r.sku_count} SKUs (${r.series_count} series)`);
      refresh();
    },
  });
  const accept = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.create<{ kind: string; id: string }>("/v1/replenishment/suggestions/accept", body),
    onSuccess: (r) => {
      setDone(`Created ${humanize(r.kind)} ${r.id}`);
      refresh();
    },
  });
  const rows = (list.data?.data ?? []).filter(
    (f) => (location ? f.location_id === location : f.scope === "location") && f.sku.includes(filter.trim()),
  );
  const s = suggestions.data;
  return (
    <Stack gap="md">
      <PageHeader
        title="Forecasting"
        subtitle="Daily demand forecasts for 28 days from the ledger, and what to order or move"
        actions={
          <Group align="flex-end">
            <Select
              label="Location"
              placeholder="All locations"
              clearable
              data={locations.options}
              value={location}
              onChange={setLocation}
            />
            {can("inventory:write") && (
              <Button loading={run.isPending} onClick={() => run.mutate()}>
                Run forecast
              </Button>
            )}
          </Group>
        }
      />
      <ProblemAlert error={run.error ?? accept.error ?? list.error ?? suggestions.error} />
      {done && (
        <Alert color="green" withCloseButton onClose={() => setDone(null)} data-testid="forecast-done">
          {done}
        </Alert>
      )}
      {detail.data && <ForecastChart key={detail.data.sku} data={detail.data} />}
      <ProblemAlert error={detail.error} />

      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4">
          Forecasts
        </Title>
        <TextInput
          placeholder="Filter by SKU"
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
        />
      </Group>
      <Paper withBorder radius="md">
        <ScrollArea type="auto" mah={360}>
          <Table striped highlightOnHover verticalSpacing="xs" miw={760} data-testid="forecasts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">SKU</Table.Th>
                <Table.Th scope="col">Location</Table.Th>
                <Table.Th scope="col">Method</Table.Th>
                <Table.Th scope="col">Demand</Table.Th>
                <Table.Th scope="col" ta="right">
                  Next 28 days
                </Table.Th>
                <Table.Th scope="col">Accuracy</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.length === 0 && !list.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed" ta="center" py="lg">
                      No forecast yet: run one once stock has shipped
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {rows.map((f) => (
                <Table.Tr
                  key={`${f.sku}@${f.location_id}`}
                  onClick={() => setSku(f.sku)}
                  style={{ cursor: "pointer" }}
                >
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => setSku(f.sku)}>
                      {f.sku}
                    </Button>
                  </Table.Td>
                  <Table.Td>{locations.name(f.location_id)}</Table.Td>
                  <Table.Td>{f.method}</Table.Td>
                  <Table.Td>{f.demand_class}</Table.Td>
                  <Table.Td ta="right">{Math.round(f.total)}</Table.Td>
                  <Table.Td>
                    <TrustBadge accuracy={f.accuracy} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Paper>

      <Title order={2} size="h4">
        Suggested transfers and purchase orders
      </Title>
      <Paper withBorder radius="md">
        <Table verticalSpacing="xs" data-testid="suggestions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">What</Table.Th>
              <Table.Th scope="col">Where</Table.Th>
              <Table.Th scope="col">Lines</Table.Th>
              <Table.Th scope="col" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s && s.transfers.length + s.purchase_orders.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed" ta="center" py="md">
                    Nothing to order or move
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {s?.transfers.map((t) => (
              <Table.Tr key={`t-${t.origin_location_id}-${t.destination_location_id}-${t.lines[0]?.sku}`}>
                <Table.Td>Transfer</Table.Td>
                <Table.Td>
                  {locations.name(t.origin_location_id)} → {locations.name(t.destination_location_id)}
                </Table.Td>
                <Table.Td>{linesText(t.lines)}</Table.Td>
                <Table.Td ta="right">
                  {can("inventory:write") && (
                    <Button
                      size="xs"
                      loading={accept.isPending}
                      onClick={() => accept.mutate({ kind: "transfer", ...t })}
                    >
                      Create transfer
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            {s?.purchase_orders.map((p) => (
              <Table.Tr key={`po-${p.location_id}`}>
                <Table.Td>Purchase order</Table.Td>
                <Table.Td>{locations.name(p.location_id)}</Table.Td>
                <Table.Td>{linesText(p.lines)}</Table.Td>
                <Table.Td ta="right">
                  {can("inventory:write") && (
                    <Button
                      size="xs"
                      loading={accept.isPending}
                      onClick={() => accept.mutate({ kind: "purchase_order", ...p })}
                    >
                      Create purchase order
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>

      <Title order={2} size="h4">
        Stock against forecast
      </Title>
      <Paper withBorder radius="md">
        <ScrollArea type="auto" mah={420}>
          <Table striped verticalSpacing="xs" miw={980} data-testid="replenishment-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">SKU</Table.Th>
                <Table.Th scope="col">Location</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col" ta="right">
                  Position
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Per day
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Safety stock
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Reorder point
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Order up to
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Days of cover
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Bring in
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Excess
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s?.lines
                .filter((l) => l.status !== "ok")
                .map((l) => (
                  <Table.Tr key={`${l.sku}@${l.location_id}`}>
                    <Table.Td>{l.sku}</Table.Td>
                    <Table.Td>{locations.name(l.location_id)}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[l.status]} variant="light">
                        {humanize(l.status)}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{l.inventory_position}</Table.Td>
                    <Table.Td ta="right">{l.mean_daily_demand}</Table.Td>
                    <Table.Td ta="right">{l.safety_stock}</Table.Td>
                    <Table.Td ta="right">{l.reorder_point}</Table.Td>
                    <Table.Td ta="right">{l.order_up_to}</Table.Td>
                    <Table.Td ta="right">{l.days_of_cover ?? "—"}</Table.Td>
                    <Table.Td ta="right">{l.suggested_order || ""}</Table.Td>
                    <Table.Td ta="right">{l.excess_units || ""}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Paper>
    </Stack>
  );
}
