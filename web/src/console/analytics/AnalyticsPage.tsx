import { LineChart } from "@mantine/charts";
import {
  Anchor,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { humanize, money, when } from "../../ui/format";
import { PageHeader } from "../../ui/PageHeader";
import { ProblemAlert } from "../../ui/Problem";
import { useChannels, useLocations } from "../reference";
import {
  type DrillKpi,
  type GroupBy,
  hrs,
  type KpiBlock,
  type KpiReport,
  type OrderFact,
  pct,
  type StuckOrders,
} from "./analytics";

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const DRILLS: DrillKpi[] = ["late", "split", "cancelled", "backordered", "returned"];

function Card({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

const revenue = (b: KpiBlock) => b.revenue.map((r) => money(r.amount, r.currency)).join(" · ") || "—";

/** KPIs an operations manager reads: cards, the daily trend, a table per channel or country, stuck orders. */
export function AnalyticsPage() {
  const channels = useChannels();
  const locations = useLocations();
  const [to, setTo] = useState(isoDay(new Date()));
  const [from, setFrom] = useState(isoDay(new Date(Date.now() - 29 * 86_400_000)));
  const [groupBy, setGroupBy] = useState<Exclude<GroupBy, "day">>("channel");
  const [drillKpi, setDrillKpi] = useState<DrillKpi>("late");
  const daily = useQuery({
    queryKey: ["analytics", "kpis", "day", from, to],
    queryFn: ({ signal }) => api.get<KpiReport>("/v1/analytics/kpis", { from, to, group_by: "day" }, signal),
  });
  const grouped = useQuery({
    queryKey: ["analytics", "kpis", groupBy, from, to],
    queryFn: ({ signal }) =>
      api.get<KpiReport>("/v1/analytics/kpis", { from, to, group_by: groupBy }, signal),
  });
  const drill = useQuery({
    queryKey: ["analytics", "orders", drillKpi, from, to],
    queryFn: ({ signal }) =>
      api.get<{ data: OrderFact[]; next_cursor: string | null }>(
        "/v1/analytics/orders",
        { kpi: drillKpi, from, to, limit: 50 },
        signal,
      ),
  });
  const stuck = useQuery({
    queryKey: ["analytics", "stuck"],
    queryFn: ({ signal }) => api.get<StuckOrders>("/v1/analytics/stuck", {}, signal),
  });
  const t = daily.data?.totals;
  const keyName = (key: string) => (groupBy === "channel" ? channels.name(key) : key || "No country");
  const csv = (g: GroupBy) => `/v1/analytics/kpis.csv?from=${from}&to=${to}&group_by=${g}`;
  return (
    <Stack gap="md">
      <PageHeader
        title="Analytics"
        subtitle="Order KPIs by placed date (UTC), kept current with every order change"
        actions={
          <Group align="flex-end">
            <TextInput
              type="date"
              label="From"
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
            />
            <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          </Group>
        }
      />
      {daily.error ? <ProblemAlert error={daily.error} /> : null}
      {!t ? (
        <Skeleton h={160} />
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
          <Card label="Orders" value={String(t.orders)} hint={revenue(t)} />
          <Card label="Fill rate" value={pct(t.fill_rate)} hint={`units ${pct(t.line_fill_rate)}`} />
          <Card label="On time" value={pct(t.on_time_rate)} hint={`OTIF ${pct(t.otif_rate)}`} />
          <Card label="Perfect orders" value={pct(t.perfect_order_rate)} />
          <Card label="Split" value={pct(t.split_rate)} />
          <Card label="Cancelled" value={pct(t.cancellation_rate)} />
          <Card label="Backordered" value={pct(t.backorder_rate)} />
          <Card label="Returned" value={pct(t.return_rate)} />
          <Card
            label="Placed → shipped"
            value={hrs(t.avg_placed_to_shipped_hours)}
            hint={`median ${hrs(t.median_placed_to_shipped_hours)} · p90 ${hrs(t.p90_placed_to_shipped_hours)}`}
          />
          <Card
            label="Shipped → delivered"
            value={hrs(t.avg_shipped_to_delivered_hours)}
            hint={`median ${hrs(t.median_shipped_to_delivered_hours)} · p90 ${hrs(t.p90_shipped_to_delivered_hours)}`}
          />
        </SimpleGrid>
      )}
      <Paper withBorder p="md">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Per day
          </Title>
          <Anchor href={csv("day")}>CSV</Anchor>
        </Group>
        {daily.data && daily.data.groups.length > 0 ? (
          <LineChart
            h={260}
            data={daily.data.groups.map((g) => ({
              day: g.key,
              orders: g.orders,
              on_time: g.on_time_rate === null ? null : g.on_time_rate * 100,
              fill: g.fill_rate === null ? null : g.fill_rate * 100,
            }))}
            dataKey="day"
            withLegend
            aria-label="Orders and rates per day"
            series={[
              { name: "orders", label: "Orders", color: "blue.7" },
              { name: "on_time", label: "On time %", color: "green.7" },
              { name: "fill", label: "Fill rate %", color: "orange.7" },
            ]}
          />
        ) : (
          <Text c="dimmed">No orders placed in this range.</Text>
        )}
      </Paper>
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4">
          By {groupBy}
        </Title>
        <Group>
          <SegmentedControl
            value={groupBy}
            onChange={(v) => setGroupBy(v as "channel" | "country")}
            data={[
              { value: "channel", label: "Channel" },
              { value: "country", label: "Country" },
            ]}
          />
          <Anchor href={csv(groupBy)}>CSV</Anchor>
        </Group>
      </Group>
      <ScrollArea>
        <Table striped aria-label={`KPIs by ${groupBy}`}>
          <Table.Thead>
            <Table.Tr>
              {[
                "",
                "Orders",
                "Revenue",
                "Fill",
                "On time",
                "OTIF",
                "Split",
                "Cancelled",
                "Backordered",
                "Returned",
                "Perfect",
              ].map((h) => (
                <Table.Th key={h}>{h}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(grouped.data?.groups ?? []).map((g) => (
              <Table.Tr key={g.key}>
                <Table.Td>{keyName(g.key)}</Table.Td>
                <Table.Td>{g.orders}</Table.Td>
                <Table.Td>{revenue(g)}</Table.Td>
                <Table.Td>{pct(g.fill_rate)}</Table.Td>
                <Table.Td>{pct(g.on_time_rate)}</Table.Td>
                <Table.Td>{pct(g.otif_rate)}</Table.Td>
                <Table.Td>{pct(g.split_rate)}</Table.Td>
                <Table.Td>{pct(g.cancellation_rate)}</Table.Td>
                <Table.Td>{pct(g.backorder_rate)}</Table.Td>
                <Table.Td>{pct(g.return_rate)}</Table.Td>
                <Table.Td>{pct(g.perfect_order_rate)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4">
          Orders behind the numbers
        </Title>
        <SegmentedControl
          value={drillKpi}
          onChange={(v) => setDrillKpi(v as DrillKpi)}
          data={DRILLS.map((d) => ({ value: d, label: humanize(d) }))}
        />
      </Group>
      {drill.error ? <ProblemAlert error={drill.error} /> : null}
      <Table striped aria-label="Orders behind the KPI">
        <Table.Thead>
          <Table.Tr>
            {["Order", "Channel", "Placed", "Status", "Promised", "Delivered", "Total"].map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(drill.data?.data ?? []).map((f) => (
            <Table.Tr key={f.order_id}>
              <Table.Td>
                <Anchor component={Link} to={`/orders/${f.order_id}`}>
                  #{f.number}
                </Anchor>
              </Table.Td>
              <Table.Td>{channels.name(f.channel_id)}</Table.Td>
              <Table.Td>{when(f.placed_at)}</Table.Td>
              <Table.Td>{humanize(f.status)}</Table.Td>
              <Table.Td>{f.promised_date ?? "—"}</Table.Td>
              <Table.Td>{when(f.delivered_at)}</Table.Td>
              <Table.Td>{money(f.grand_total, f.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={2} size="h4">
        Stuck orders
      </Title>
      {stuck.error ? <ProblemAlert error={stuck.error} /> : null}
      {stuck.data && (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            Longest waits:{" "}
            {stuck.data.by_status
              .map((s) => `${humanize(s.status)} ${s.orders} (max ${hrs(s.max_age_hours)})`)
              .join(" · ") || "none"}
            {stuck.data.by_location.length > 0 &&
              ` — at ${stuck.data.by_location
                .slice(0, 3)
                .map((l) => `${locations.name(l.location_id)} ${l.orders}`)
                .join(", ")}`}
          </Text>
          <Table striped aria-label="Stuck orders">
            <Table.Thead>
              <Table.Tr>
                {["Order", "Status", "Since", "Age", "SLA", "At"].map((h) => (
                  <Table.Th key={h}>{h}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stuck.data.data.map((s) => (
                <Table.Tr key={s.order_id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/orders/${s.order_id}`}>
                      #{s.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{humanize(s.status)}</Table.Td>
                  <Table.Td>{when(s.status_since)}</Table.Td>
                  <Table.Td>{hrs(s.age_hours)}</Table.Td>
                  <Table.Td>{hrs(s.sla_hours)}</Table.Td>
                  <Table.Td>{s.locations.map((l) => locations.name(l)).join(", ") || "—"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Stack>
  );
}
