import type { KpiReport } from "./queries.js";

const COLUMNS = [
  "orders",
  "units",
  "fill_rate",
  "line_fill_rate",
  "on_time_rate",
  "otif_rate",
  "split_rate",
  "cancellation_rate",
  "backorder_rate",
  "return_rate",
  "perfect_order_rate",
  "avg_placed_to_shipped_hours",
  "avg_shipped_to_delivered_hours",
] as const;

/** The report as CSV rows: a header, one row per group and currency's revenue, then the total. */
export function kpiRows(report: KpiReport): Array<Array<string | number | null>> {
  const currencies = [
    ...new Set([...report.totals.revenue, ...report.groups.flatMap((g) => g.revenue)].map((r) => r.currency)),
  ].sort();
  const header = [report.group_by, ...COLUMNS, ...currencies.map((c) => `revenue_${c}`)];
  const row = (key: string, b: KpiReport["totals"] | KpiReport["groups"][number]) => [
    key,
    ...COLUMNS.map((c) => b[c]),
    ...currencies.map((c) => b.revenue.find((r) => r.currency === c)?.amount ?? 0),
  ];
  return [header, ...report.groups.map((g) => row(g.key, g)), row("total", report.totals)];
}
