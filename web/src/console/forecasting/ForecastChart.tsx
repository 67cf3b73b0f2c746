import { LineChart } from "@mantine/charts";
import { Badge, Group, Paper, SegmentedControl, Stack, Text, Title, Tooltip } from "@mantine/core";
import { useState } from "react";
import { useLocations } from "../reference";
import type { ForecastAccuracy, ForecastWithHistory, SkuForecast } from "./types";

const DAY_MS = 86_400_000;
const HISTORY_SHOWN = 91;
const dayAfter = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Trusted when the chosen method beats the seasonal naive's backtest error clearly. */
export function TrustBadge({ accuracy }: { accuracy: ForecastAccuracy }) {
  const { mase, seasonal_naive_mase: naive } = accuracy;
  if (mase === null || naive === null)
    return (
      <Badge color="gray" variant="light">
        not backtested
      </Badge>
    );
  const ratio = naive > 0 ? mase / naive : 1;
  const [color, label] =
    ratio <= 0.9 ? ["green", "trusted"] : ratio <= 1.02 ? ["yellow", "like naive"] : ["red", "weak"];
  return (
    <Tooltip label={`Backtest MASE ${mase.toFixed(2)} vs seasonal naive ${naive.toFixed(2)}`}>
      <Badge color={color} variant="light" data-testid="trust-badge">
        {label} · MASE {mase.toFixed(2)} / {naive.toFixed(2)}
      </Badge>
    </Tooltip>
  );
}

function chartData(series: ForecastWithHistory) {
  const start = Math.max(0, series.history.length - HISTORY_SHOWN);
  const history = series.history.slice(start).map((v, i) => ({
    day: dayAfter(series.history_from, start + i).slice(5),
    history: v,
  }));
  const forecast = series.point.map((p, i) => ({
    day: dayAfter(series.history_to, i + 1).slice(5),
    forecast: Math.round(p * 100) / 100,
    lower: Math.round(series.lower[i]! * 100) / 100,
    upper: Math.round(series.upper[i]! * 100) / 100,
  }));
  return [...history, ...forecast];
}

/** History (last 13 weeks) and the 28-day forecast with its interval, per location or network. */
export function ForecastChart({ data }: { data: SkuForecast }) {
  const locations = useLocations();
  const [scope, setScope] = useState("network");
  const series =
    scope === "network"
      ? data.network
      : (data.locations.find((l) => l.location_id === scope) ?? data.network);
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h4">
              {data.sku}
            </Title>
            <Text size="sm" c="dimmed">
              {series.method} · {series.demand_class} · {Math.round(series.total)} units in {series.horizon}{" "}
              days ({Math.round(series.level * 100)} % interval)
            </Text>
          </div>
          {series.scope === "location" ? (
            <TrustBadge accuracy={series.accuracy} />
          ) : (
            <Badge variant="light">sum of {data.locations.length} location(s)</Badge>
          )}
        </Group>
        <SegmentedControl
          aria-label="Series"
          value={scope}
          onChange={setScope}
          data={[
            { value: "network", label: "Network" },
            ...data.locations.map((l) => ({ value: l.location_id!, label: locations.name(l.location_id) })),
          ]}
        />
        <LineChart
          h={300}
          data={chartData(series)}
          dataKey="day"
          withLegend
          withDots={false}
          curveType="linear"
          connectNulls={false}
          series={[
            { name: "history", label: "Shipped", color: "gray.6" },
            { name: "forecast", label: "Forecast", color: "blue.7" },
            { name: "lower", label: "Lower", color: "blue.3", strokeDasharray: "4 4" },
            { name: "upper", label: "Upper", color: "blue.3", strokeDasharray: "4 4" },
          ]}
        />
      </Stack>
    </Paper>
  );
}
