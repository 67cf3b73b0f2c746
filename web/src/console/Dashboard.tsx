import { BarChart } from "@mantine/charts";
import { Anchor, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { api } from "../api/client";
import type { Dashboard as DashboardView } from "../api/types";
import { day, money } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { ProblemAlert } from "../ui/Problem";

const CHART_COLORS = [
  "blue.7",
  "teal.6",
  "orange.6",
  "grape.6",
  "cyan.6",
  "red.6",
  "lime.7",
  "indigo.5",
  "pink.6",
];

export function Dashboard() {
  const q = useQuery({
    queryKey: ["dashboard"],
    queryFn: ({ signal }) =>
      api.get<DashboardView>(
        "/v1/dashboard",
        { days: 14, tz_offset: new Date().getTimezoneOffset() },
        signal,
      ),
    refetchInterval: 60_000,
  });
  const d = q.data;
  const revenue = d?.today.revenue.length
    ? d.today.revenue.map((r) => money(r.amount, r.currency)).join(" + ")
    : money(0, "USD");
  const days = d ? [...new Set(d.orders_by_day.map((r) => r.day))].sort() : [];
  const chartChannels = d ? [...new Set(d.orders_by_day.map((r) => r.channel))] : [];
  const chartData = days.map((dd) => {
    const row: Record<string, string | number> = { day: day(dd).replace(/,? \d{4}$/, "") };
    for (const c of chartChannels) row[c] = 0;
    for (const r of d?.orders_by_day ?? []) if (r.day === dd) row[r.channel] = r.orders;
    return row;
  });
  const channelName = (code: string) => d?.channels.find((c) => c.code === code)?.name ?? code;
  return (
    <Stack>
      <PageHeader title="Dashboard" subtitle="Today at a glance; refreshed every minute" />
      {q.isError && <ProblemAlert error={q.error} />}
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
        <Kpi label="Orders today" value={d?.today.orders} to="/orders" testId="kpi-orders-today" />
        <Kpi label="Revenue today" value={d ? revenue : undefined} testId="kpi-revenue-today" />
        <Kpi label="Orders on hold" value={d?.orders_on_hold} to="/orders?hold=any" testId="kpi-on-hold" />
        <Kpi
          label="Backordered lines"
          value={d?.backorders}
          to="/orders?status=backordered"
          testId="kpi-backorders"
        />
        <Kpi
          label="Low-stock alerts"
          value={d?.low_stock_alerts}
          to="/inventory/alerts"
          testId="kpi-low-stock"
        />
      </SimpleGrid>
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            Orders per day by channel
          </Title>
          <Text size="sm" c="dimmed">
            last 14 days
          </Text>
        </Group>
        <div style={{ height: 300 }}>
          {!d ? (
            <Skeleton h={300} />
          ) : chartData.length === 0 ? (
            <Text c="dimmed" ta="center" pt={120}>
              No orders in the last 14 days
            </Text>
          ) : (
            <BarChart
              h={300}
              data={chartData}
              dataKey="day"
              type="stacked"
              withLegend
              aria-label="Orders per day by channel"
              series={chartChannels.map((c, i) => ({
                name: c,
                label: channelName(c),
                color: CHART_COLORS[i % CHART_COLORS.length] as string,
              }))}
            />
          )}
        </div>
      </Paper>
      <Text size="sm" c="dimmed">
        {d ? `${d.open_orders} open orders in total` : "\u00a0"}
      </Text>
    </Stack>
  );
}

function Kpi({ label, value, to, testId }: { label: string; value: ReactNode; to?: string; testId: string }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId}>
      <Text size="sm" c="dimmed">
        {to ? (
          <Anchor component={Link} to={to} c="dimmed" underline="hover">
            {label}
          </Anchor>
        ) : (
          label
        )}
      </Text>
      {value === undefined ? (
        <Skeleton h={32} mt={4} w="60%" />
      ) : (
        <Text fz={26} fw={700} lh="32px" mt={4} className="num">
          {value}
        </Text>
      )}
    </Paper>
  );
}
