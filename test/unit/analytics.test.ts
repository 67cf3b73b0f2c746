import { describe, expect, it } from "vitest";
import {
  contribution,
  DEFAULT_STUCK_HOURS,
  type FactForRollup,
  isPerfect,
  kpiRates,
  parseStateHours,
  quantile,
  rate,
  rollupDelta,
  shardOf,
  sumCounters,
} from "../../src/domain/analytics.js";

const fact = (over: Partial<FactForRollup> = {}): FactForRollup => ({
  placed_date: "2026-12-01",
  channel_id: "ch_web",
  country: "US",
  currency: "USD",
  shard: 0,
  grand_total: 10_000,
  units: 3,
  cancelled_units: 0,
  backordered: 0,
  fo_count: 1,
  status: "open",
  placed_at: "2026-12-01T10:00:00.000Z",
  first_shipped_at: null,
  last_shipped_at: null,
  delivered_at: null,
  promised_date: "2026-12-05",
  on_time: null,
  in_full: null,
  returned_units: 0,
  damaged_units: 0,
  ...over,
});

const delivered = (over: Partial<FactForRollup> = {}) =>
  fact({
    status: "delivered",
    first_shipped_at: "2026-12-02T10:00:00.000Z",
    last_shipped_at: "2026-12-02T10:00:00.000Z",
    delivered_at: "2026-12-04T10:00:00.000Z",
    on_time: 1,
    in_full: 1,
    ...over,
  });

describe("an order's contribution to the rollup", () => {
  it("counts an open order as one order with its revenue and units", () => {
    const { key, counters } = contribution(fact());
    expect(key).toEqual({
      date: "2026-12-01",
      channel_id: "ch_web",
      country: "US",
      currency: "USD",
      shard: 0,
    });
    expect(counters).toMatchObject({
      orders: 1,
      revenue: 10_000,
      units: 3,
      finished_orders: 0,
      shipped_orders: 0,
    });
  });

  it("counts a delivered order in full and on time as perfect, with its cycle times", () => {
    const { counters } = contribution(delivered());
    expect(counters).toMatchObject({
      delivered_orders: 1,
      on_time_delivered: 1,
      otif_orders: 1,
      perfect_orders: 1,
      ship_seconds_sum: 86_400,
      ship_count: 1,
      delivery_seconds_sum: 172_800,
      delivery_count: 1,
    });
  });

  it("is not perfect when late, short, returned or damaged", () => {
    expect(isPerfect(delivered({ on_time: 0 }))).toBe(false);
    expect(isPerfect(delivered({ in_full: 0 }))).toBe(false);
    expect(isPerfect(delivered({ returned_units: 1 }))).toBe(false);
    expect(isPerfect(delivered({ damaged_units: 1 }))).toBe(false);
    expect(isPerfect(delivered({ on_time: null, promised_date: null }))).toBe(true);
  });
});

describe("rollup deltas", () => {
  it("is the whole contribution for a new order and nothing when nothing moves", () => {
    const [row] = rollupDelta(null, fact());
    expect(row!.counters.orders).toBe(1);
    expect(rollupDelta(fact(), fact())).toEqual([]);
  });

  it("moves only what changed", () => {
    const [row] = rollupDelta(
      fact(),
      fact({ status: "cancelled", cancelled_units: 3, grand_total: 0, in_full: 0 }),
    );
    expect(row!.counters).toMatchObject({
      orders: 0,
      revenue: -10_000,
      cancelled_orders: 1,
      finished_orders: 1,
    });
  });

  it("moves an order between rows when its key changes, and old + deltas = new", () => {
    const a = fact();
    const b = fact({ country: "CA" });
    const rows = rollupDelta(a, b);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.key.country === "US")!.counters.orders).toBe(-1);
    expect(rows.find((r) => r.key.country === "CA")!.counters.orders).toBe(1);
    const total = sumCounters([contribution(a).counters, ...rows.map((r) => r.counters)]);
    expect(total).toEqual(contribution(b).counters);
  });
});

describe("rates", () => {
  it("divides, and says null rather than 0 for nothing", () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(0, 0)).toBeNull();
  });

  it("computes every KPI from summed counters", () => {
    const c = sumCounters([
      contribution(delivered()).counters,
      contribution(delivered({ on_time: 0, fo_count: 2 })).counters,
      contribution(fact({ status: "cancelled", cancelled_units: 3, in_full: 0, backordered: 1 })).counters,
      contribution(fact()).counters,
    ]);
    const r = kpiRates(c);
    expect(r).toMatchObject({
      fill_rate: 0.6667,
      line_fill_rate: 0.6667,
      on_time_rate: 0.5,
      otif_rate: 0.5,
      split_rate: 0.25,
      cancellation_rate: 0.25,
      backorder_rate: 0.25,
      return_rate: 0,
      perfect_order_rate: 0.3333,
      avg_placed_to_shipped_hours: 24,
      avg_shipped_to_delivered_hours: 48,
    });
  });

  it("takes quantiles by linear interpolation", () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
  });
});

describe("configuration helpers", () => {
  it("parses status:hours over the defaults and refuses nonsense", () => {
    expect(parseStateHours("", DEFAULT_STUCK_HOURS)).toEqual(DEFAULT_STUCK_HOURS);
    expect(parseStateHours("open:2, shipped:1.5", DEFAULT_STUCK_HOURS)).toMatchObject({
      open: 2,
      shipped: 1.5,
    });
    expect(() => parseStateHours("open:-1", DEFAULT_STUCK_HOURS)).toThrow();
    expect(() => parseStateHours("open", DEFAULT_STUCK_HOURS)).toThrow();
  });

  it("shards an order id stably within range", () => {
    expect(shardOf("ord_01", 4)).toBe(shardOf("ord_01", 4));
    for (const id of ["a", "b", "ord_x", "ord_yyyy"]) expect(shardOf(id, 4)).toBeLessThan(4);
  });
});
