// Pure KPI math: an order's fact → its contribution to the daily rollup's additive counters,
// the delta between two versions of a fact, and the rates an operations manager reads.

/** The fields of an order's fact the rollup counts (see modules/analytics/tables.ts). */
export interface FactForRollup {
  placed_date: string;
  channel_id: string;
  country: string;
  currency: string;
  shard: number;
  grand_total: number;
  units: number;
  cancelled_units: number;
  backordered: number;
  fo_count: number;
  status: string;
  placed_at: string;
  first_shipped_at: string | null;
  last_shipped_at: string | null;
  delivered_at: string | null;
  promised_date: string | null;
  on_time: number | null;
  in_full: number | null;
  returned_units: number;
  damaged_units: number;
}

export const COUNTERS = [
  "orders",
  "revenue",
  "units",
  "cancelled_units",
  "cancelled_orders",
  "backordered_orders",
  "split_orders",
  "shipped_orders",
  "finished_orders",
  "in_full_orders",
  "finished_units",
  "filled_units",
  "delivered_orders",
  "promised_delivered",
  "on_time_delivered",
  "otif_orders",
  "returned_orders",
  "perfect_orders",
  "ship_seconds_sum",
  "ship_count",
  "delivery_seconds_sum",
  "delivery_count",
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Record<Counter, number>;

export interface RollupKey {
  date: string;
  channel_id: string;
  country: string;
  currency: string;
  shard: number;
}

export const zeroCounters = (): Counters => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counters;

const seconds = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** Statuses after which nothing more ships: the order's fill is known. */
export const FINISHED_STATUSES = new Set(["shipped", "delivered", "returned", "cancelled"]);

/** An order is perfect when delivered in full, on time (or without a promise), with nothing returned or damaged. */
export function isPerfect(f: FactForRollup): boolean {
  return (
    f.delivered_at !== null &&
    f.in_full === 1 &&
    f.on_time !== 0 &&
    f.returned_units === 0 &&
    f.damaged_units === 0
  );
}

/** What one order adds to its (placed date, channel, country, currency) row. */
export function contribution(f: FactForRollup): { key: RollupKey; counters: Counters } {
  const c = zeroCounters();
  const finished = FINISHED_STATUSES.has(f.status);
  const delivered = f.delivered_at !== null;
  c.orders = 1;
  c.revenue = f.grand_total;
  c.units = f.units;
  c.cancelled_units = f.cancelled_units;
  c.cancelled_orders = f.status === "cancelled" ? 1 : 0;
  c.backordered_orders = f.backordered ? 1 : 0;
  c.split_orders = f.fo_count > 1 ? 1 : 0;
  c.shipped_orders = f.first_shipped_at ? 1 : 0;
  c.finished_orders = finished ? 1 : 0;
  c.in_full_orders = finished && f.in_full === 1 ? 1 : 0;
  c.finished_units = finished ? f.units : 0;
  c.filled_units = finished ? f.units - f.cancelled_units : 0;
  c.delivered_orders = delivered ? 1 : 0;
  c.promised_delivered = delivered && f.on_time !== null ? 1 : 0;
  c.on_time_delivered = delivered && f.on_time === 1 ? 1 : 0;
  c.otif_orders = delivered && f.on_time !== 0 && f.in_full === 1 ? 1 : 0;
  c.returned_orders = f.returned_units > 0 ? 1 : 0;
  c.perfect_orders = isPerfect(f) ? 1 : 0;
  if (f.first_shipped_at) {
    c.ship_seconds_sum = seconds(f.placed_at, f.first_shipped_at);
    c.ship_count = 1;
  }
  if (f.delivered_at && f.last_shipped_at) {
    c.delivery_seconds_sum = seconds(f.last_shipped_at, f.delivered_at);
    c.delivery_count = 1;
  }
  return {
    key: {
      date: f.placed_date,
      channel_id: f.channel_id,
      country: f.country,
      currency: f.currency,
      shard: f.shard,
    },
    counters: c,
  };
}

const keyString = (k: RollupKey) => `${k.date}|${k.channel_id}|${k.country}|${k.currency}|${k.shard}`;

/**
 * The changes to apply to the rollup when an order's fact goes from `before` (null: new) to
 * `after`: one entry per row touched, only counters that move, nothing when nothing moves.
 */
export function rollupDelta(
  before: FactForRollup | null,
  after: FactForRollup | null,
): Array<{ key: RollupKey; counters: Counters }> {
  const rows = new Map<string, { key: RollupKey; counters: Counters }>();
  const add = (f: FactForRollup | null, sign: 1 | -1) => {
    if (!f) return;
    const { key, counters } = contribution(f);
    const id = keyString(key);
    const row = rows.get(id) ?? { key, counters: zeroCounters() };
    for (const c of COUNTERS) row.counters[c] += sign * counters[c];
    rows.set(id, row);
  };
  add(before, -1);
  add(after, 1);
  return [...rows.values()].filter((r) => COUNTERS.some((c) => r.counters[c] !== 0));
}

/** Adds counter rows together (a group's total). */
export function sumCounters(rows: ReadonlyArray<Partial<Counters>>): Counters {
  const total = zeroCounters();
  for (const r of rows) for (const c of COUNTERS) total[c] += Number(r[c] ?? 0);
  return total;
}

/** n / d, or null when there is nothing to divide by (a rate of nothing is unknown, not 0). */
export const rate = (n: number, d: number): number | null =>
  d > 0 ? Math.round((n / d) * 10000) / 10000 : null;

export interface KpiRates {
  fill_rate: number | null;
  line_fill_rate: number | null;
  on_time_rate: number | null;
  otif_rate: number | null;
  split_rate: number | null;
  cancellation_rate: number | null;
  backorder_rate: number | null;
  return_rate: number | null;
  perfect_order_rate: number | null;
  avg_placed_to_shipped_hours: number | null;
  avg_shipped_to_delivered_hours: number | null;
}

const hours = (secondsSum: number, count: number) =>
  count > 0 ? Math.round((secondsSum / count / 3600) * 100) / 100 : null;

/** The rates from additive counters (so any group of rows gives exact rates). */
export function kpiRates(c: Counters): KpiRates {
  return {
    fill_rate: rate(c.in_full_orders, c.finished_orders),
    line_fill_rate: rate(c.filled_units, c.finished_units),
    on_time_rate: rate(c.on_time_delivered, c.promised_delivered),
    otif_rate: rate(c.otif_orders, c.delivered_orders),
    split_rate: rate(c.split_orders, c.orders),
    cancellation_rate: rate(c.cancelled_orders, c.orders),
    backorder_rate: rate(c.backordered_orders, c.orders),
    return_rate: rate(c.returned_orders, c.delivered_orders),
    perfect_order_rate: rate(c.perfect_orders, c.finished_orders),
    avg_placed_to_shipped_hours: hours(c.ship_seconds_sum, c.ship_count),
    avg_shipped_to_delivered_hours: hours(c.delivery_seconds_sum, c.delivery_count),
  };
}

/** The q-quantile (0…1) of values by linear interpolation between closest ranks; null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** A stable small shard for an order id, so concurrent captures spread over a few rollup rows. */
export function shardOf(id: string, shards: number): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % shards;
}

/** Parses `state:hours,state:hours` over defaults. */
export function parseStateHours(text: string, defaults: Record<string, number>): Record<string, number> {
  const out = { ...defaults };
  for (const part of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [state, h] = part.split(":");
    const n = Number(h);
    if (!state || !Number.isFinite(n) || n <= 0) throw new Error(`Invalid state:hours entry "${part}"`);
    out[state.trim()] = n;
  }
  return out;
}

export const DEFAULT_STUCK_HOURS: Record<string, number> = {
  open: 48,
  backordered: 168,
  partially_shipped: 72,
  shipped: 168,
};
