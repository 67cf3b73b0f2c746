// Reads for dashboards: KPIs from the small rollup (plus medians from the facts of the range),
// drill-downs to the orders behind a number, stuck orders, and the rollup's verification.
import { sql } from "kysely";
import type { Executor } from "../../db/transaction.js";
import {
  COUNTERS,
  type Counters,
  contribution,
  type KpiRates,
  kpiRates,
  quantile,
  sumCounters,
  zeroCounters,
} from "../../domain/analytics.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import type { OrderFactsTable } from "./tables.js";

export type GroupBy = "day" | "channel" | "country";

export interface KpiBlock extends KpiRates {
  orders: number;
  units: number;
  revenue: Array<{ currency: string; amount: number }>;
  counters: Counters;
}

export interface KpiReport {
  from: string;
  to: string;
  group_by: GroupBy;
  totals: KpiBlock & {
    median_placed_to_shipped_hours: number | null;
    p90_placed_to_shipped_hours: number | null;
    median_shipped_to_delivered_hours: number | null;
    p90_shipped_to_delivered_hours: number | null;
  };
  groups: Array<KpiBlock & { key: string }>;
}

type RollupRow = Counters & { date: string; channel_id: string; country: string; currency: string };

function block(rows: readonly RollupRow[]): KpiBlock {
  const counters = sumCounters(rows);
  const revenue = new Map<string, number>();
  for (const r of rows) revenue.set(r.currency, (revenue.get(r.currency) ?? 0) + Number(r.revenue));
  return {
    orders: counters.orders,
    units: counters.units,
    revenue: [...revenue]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amount]) => ({ currency, amount })),
    ...kpiRates(counters),
    counters,
  };
}

const hoursBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;
const round2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

export async function kpiReport(
  db: Executor,
  from: string,
  to: string,
  groupBy: GroupBy,
): Promise<KpiReport> {
  const rows = (await db
    .selectFrom("kpi_daily")
    .selectAll()
    .where("date", ">=", from)
    .where("date", "<=", to)
    .execute()) as unknown as RollupRow[];
  for (const r of rows) for (const c of COUNTERS) r[c] = Number(r[c]);
  const keyOf = (r: RollupRow) =>
    groupBy === "day" ? r.date : groupBy === "channel" ? r.channel_id : r.country;
  const grouped = new Map<string, RollupRow[]>();
  for (const r of rows) grouped.set(keyOf(r), [...(grouped.get(keyOf(r)) ?? []), r]);
  const times = await db
    .selectFrom("order_facts")
    .select(["placed_at", "first_shipped_at", "last_shipped_at", "delivered_at"])
    .where("placed_date", ">=", from)
    .where("placed_date", "<=", to)
    .where("first_shipped_at", "is not", null)
    .execute();
  const ship = times.map((t) => hoursBetween(t.placed_at, t.first_shipped_at!));
  const deliver = times
    .filter((t) => t.delivered_at && t.last_shipped_at)
    .map((t) => hoursBetween(t.last_shipped_at!, t.delivered_at!));
  return {
    from,
    to,
    group_by: groupBy,
    totals: {
      ...block(rows),
      median_placed_to_shipped_hours: round2(quantile(ship, 0.5)),
      p90_placed_to_shipped_hours: round2(quantile(ship, 0.9)),
      median_shipped_to_delivered_hours: round2(quantile(deliver, 0.5)),
      p90_shipped_to_delivered_hours: round2(quantile(deliver, 0.9)),
    },
    groups: [...grouped]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, group]) => ({ key, ...block(group) })),
  };
}

export type DrillKpi = "late" | "split" | "cancelled" | "backordered" | "returned";

/** The orders behind a number, newest first by order id (keyset pages). */
export async function drillDown(db: Executor, kpi: DrillKpi, from: string, to: string, page: PageRequest) {
  let q = db
    .selectFrom("order_facts")
    .selectAll()
    .where("placed_date", ">=", from)
    .where("placed_date", "<=", to);
  if (kpi === "late")
    // Delivered after the promise, or still out with the promise already past.
    q = q.where((eb) =>
      eb.or([
        eb("on_time", "=", 0),
        eb.and([
          eb("delivered_at", "is", null),
          eb("promised_date", "<", new Date().toISOString().slice(0, 10)),
          eb("status", "!=", "cancelled"),
        ]),
      ]),
    );
  else if (kpi === "split") q = q.where("fo_count", ">", 1);
  else if (kpi === "cancelled") q = q.where("status", "=", "cancelled");
  else if (kpi === "backordered") q = q.where("backordered", "=", 1);
  else q = q.where("returned_units", ">", 0);
  return keysetPage(q, "order_id", page);
}

/** Orders in a status longer than its SLA, oldest first, and which statuses hold orders longest. */
export async function stuckOrders(db: Executor, slaHours: Record<string, number>, now: Date, limit = 200) {
  const states = Object.keys(slaHours);
  if (states.length === 0) return { data: [], by_status: [] };
  const rows = await db
    .selectFrom("order_facts")
    .selectAll()
    .where((eb) =>
      eb.or(
        states.map((s) =>
          eb.and([
            eb("status", "=", s),
            eb("status_since", "<", new Date(now.getTime() - slaHours[s]! * 3_600_000).toISOString()),
          ]),
        ),
      ),
    )
    .orderBy("status_since")
    .limit(limit)
    .execute();
  const data = rows.map((r) => ({
    order_id: r.order_id,
    number: r.number,
    channel_id: r.channel_id,
    country: r.country,
    status: r.status,
    status_since: r.status_since,
    age_hours: round2(hoursBetween(r.status_since, now.toISOString()))!,
    sla_hours: slaHours[r.status]!,
  }));
  const byStatus = new Map<string, number[]>();
  for (const d of data) byStatus.set(d.status, [...(byStatus.get(d.status) ?? []), d.age_hours]);
  return {
    data,
    by_status: [...byStatus]
      .map(([status, ages]) => ({
        status,
        orders: ages.length,
        max_age_hours: Math.max(...ages),
        avg_age_hours: round2(ages.reduce((a, b) => a + b, 0) / ages.length)!,
      }))
      .sort((a, b) => b.max_age_hours - a.max_age_hours),
  };
}

/**
 * Recomputes the whole rollup from order_facts and compares it with kpi_daily, row by row and
 * counter by counter. Also reports placed orders without a fact (given their ids by the caller).
 */
export async function verifyRollup(db: Executor) {
  const expected = new Map<string, Counters>();
  const keyOf = (r: { date: string; channel_id: string; country: string; currency: string; shard: number }) =>
    `${r.date}|${r.channel_id}|${r.country}|${r.currency}|${r.shard}`;
  let lastId = "";
  for (;;) {
    const facts: OrderFactsTable[] = await db
      .selectFrom("order_facts")
      .selectAll()
      .where("order_id", ">", lastId)
      .orderBy("order_id")
      .limit(1000)
      .execute();
    if (facts.length === 0) break;
    for (const f of facts) {
      const { key, counters } = contribution(f);
      const id = keyOf(key);
      const total = expected.get(id) ?? zeroCounters();
      for (const c of COUNTERS) total[c] += counters[c];
      expected.set(id, total);
    }
    lastId = facts[facts.length - 1]!.order_id;
  }
  const stored = await db.selectFrom("kpi_daily").selectAll().execute();
  const differences: Array<{ key: string; counter: string; stored: number; expected: number }> = [];
  const seen = new Set<string>();
  for (const row of stored) {
    const id = keyOf(row);
    seen.add(id);
    const want = expected.get(id) ?? zeroCounters();
    for (const c of COUNTERS)
      if (Number(row[c]) !== want[c])
        differences.push({ key: id, counter: c, stored: Number(row[c]), expected: want[c] });
  }
  for (const [id, want] of expected) {
    if (seen.has(id)) continue;
    for (const c of COUNTERS)
      if (want[c] !== 0) differences.push({ key: id, counter: c, stored: 0, expected: want[c] });
  }
  const factCount = await db
    .selectFrom("order_facts")
    .select(sql<number>`count(*)`.as("n"))
    .executeTakeFirstOrThrow();
  return {
    ok: differences.length === 0,
    facts: Number(factCount.n),
    rollup_rows: stored.length,
    differences,
  };
}

/** Ids of the facts (to compare with the placed orders). */
export async function factIds(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom("order_facts").select("order_id").execute();
  return new Set(rows.map((r) => r.order_id));
}
