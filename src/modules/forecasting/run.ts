// A forecast run: daily demand per SKU × location from the inventory ledger, zero-filled; per
// series the method chosen by backtest with its h-day forecast and intervals, and per SKU the
// network forecast reconciled bottom-up. The maths is src/domain/forecast; this file feeds it and
// stores what it returns, one row per series (the latest run's).
import { type Executor, inTransaction } from "../../db/transaction.js";
import { forecastNetwork, type LocationSeries, type MethodScore } from "../../domain/forecast/index.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { dailyDemand } from "../inventory/index.js";
import type { ForecastRunsTable, ForecastsTable } from "./tables.js";

export const HORIZON = 28;
export const LEVEL = 0.95;
const DAY_MS = 86_400_000;

export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const dayMs = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

export interface RunInput {
  /** Last day of history (default: yesterday, UTC). */
  to?: string | undefined;
  historyDays: number;
  skus?: string[] | undefined;
  locationIds?: string[] | undefined;
  /** Called after each SKU (for a progress bar). */
  onSku?: ((done: number, total: number) => void) | undefined;
}

export const seriesKey = (sku: string, locationId: string | null) => `${sku}@${locationId ?? "*"}`;

const finite = (x: number | undefined | null) =>
  x !== undefined && x !== null && Number.isFinite(x) ? x : null;
const round = (xs: readonly number[]) => JSON.stringify(xs.map((x) => Math.round(x * 1000) / 1000));

function scores(chosen: MethodScore | null, naive: MethodScore | null) {
  return {
    mase: finite(chosen?.mase),
    wape: finite(chosen?.wape),
    naive_mase: finite(naive?.mase),
    naive_wape: finite(naive?.wape),
  };
}

/** Zero-filled daily histories per SKU, from its first day with demand to `to`. */
async function histories(db: Executor, input: RunInput, to: string) {
  const from = dayOf(dayMs(to) - (input.historyDays - 1) * DAY_MS);
  const rows = await dailyDemand(db, { from, to, skus: input.skus, locationIds: input.locationIds });
  const bySku = new Map<string, Map<string, Map<string, number>>>();
  for (const r of rows) {
    const locs = bySku.get(r.sku) ?? new Map<string, Map<string, number>>();
    bySku.set(r.sku, locs);
    const days = locs.get(r.location_id) ?? new Map<string, number>();
    locs.set(r.location_id, days);
    days.set(r.day, (days.get(r.day) ?? 0) + r.units);
  }
  const end = dayMs(to);
  return [...bySku.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([sku, locs]) => {
      let first = end;
      for (const days of locs.values()) for (const d of days.keys()) first = Math.min(first, dayMs(d));
      const n = Math.round((end - first) / DAY_MS) + 1;
      const series: LocationSeries[] = [...locs.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([location, days]) => ({
          location,
          history: Array.from({ length: n }, (_, i) => days.get(dayOf(first + i * DAY_MS)) ?? 0),
        }));
      return { sku, from: dayOf(first), series };
    });
}

/** Forecasts every SKU × location with demand in the window and stores the latest per series. */
export async function runForecasts(db: Executor, ctx: RequestContext, input: RunInput) {
  const started = Date.now();
  const to = input.to ?? dayOf(Date.now() - DAY_MS);
  const items = await histories(db, input, to);
  const runId = newId("forecastRun");
  const now = nowIso();
  const rows: ForecastsTable[] = [];
  items.forEach((item, i) => {
    const net = forecastNetwork(item.series, { h: HORIZON, period: 7, level: LEVEL });
    const base = {
      run_id: runId,
      history_from: item.from,
      history_to: to,
      level: net.level,
      created_at: now,
    };
    for (const loc of net.locations) {
      const sel = loc.selection!;
      rows.push({
        ...base,
        series_key: seriesKey(item.sku, loc.location),
        sku: item.sku,
        location_id: loc.location,
        method: sel.method,
        demand_class: sel.profile.demandClass,
        share: loc.share,
        ...scores(sel.chosen, sel.seasonalNaive),
        skill: finite(sel.skill),
        history: JSON.stringify(item.series.find((s) => s.location === loc.location)!.history),
        point: round(loc.point),
        lower: round(loc.lower),
        upper: round(loc.upper),
        sigma: round(loc.sigma),
        cumulative_sigma: round(sel.forecast.cumulativeSigma),
      });
    }
    const total = item.series[0]!.history.map((_, t) => item.series.reduce((a, s) => a + s.history[t]!, 0));
    // The network's σ of sums: the locations' cumulative σ combined as the reconciliation combined
    // the daily ones (same ratio to the independent sum).
    const cumulative = net.network.sigma.map((_, s) => {
      const own = Math.sqrt(net.locations.reduce((a, l) => a + (l.sigma[s] ?? 0) ** 2, 0));
      const ratio = own > 0 ? net.network.sigma[s]! / own : 1;
      return (
        ratio *
        Math.sqrt(net.locations.reduce((a, l) => a + (l.selection!.forecast.cumulativeSigma[s] ?? 0) ** 2, 0))
      );
    });
    rows.push({
      ...base,
      series_key: seriesKey(item.sku, null),
      sku: item.sku,
      location_id: null,
      method: net.method,
      demand_class: net.locations.length === 1 ? net.locations[0]!.selection!.profile.demandClass : "network",
      share: 1,
      mase: null,
      wape: null,
      naive_mase: null,
      naive_wape: null,
      skill: null,
      history: JSON.stringify(total),
      point: round(net.network.point),
      lower: round(net.network.lower),
      upper: round(net.network.upper),
      sigma: round(net.network.sigma),
      cumulative_sigma: round(cumulative),
    });
    input.onSku?.(i + 1, items.length);
  });
  const run: ForecastRunsTable = {
    id: runId,
    history_from: dayOf(dayMs(to) - (input.historyDays - 1) * DAY_MS),
    history_to: to,
    horizon: HORIZON,
    series_count: rows.length,
    sku_count: items.length,
    duration_ms: 0,
    actor_type: ctx.actor.type,
    actor_id: ctx.actor.id,
    created_at: now,
  };
  await inTransaction(db, async (tx) => {
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      await tx
        .insertInto("forecasts")
        .values(chunk)
        .onConflict((oc) =>
          oc.column("series_key").doUpdateSet((eb) => {
            const set: Record<string, unknown> = {};
            for (const k of Object.keys(chunk[0]!) as (keyof ForecastsTable)[])
              if (k !== "series_key") set[k] = eb.ref(`excluded.${k}`);
            return set as never;
          }),
        )
        .execute();
    }
    run.duration_ms = Date.now() - started;
    await tx.insertInto("forecast_runs").values(run).execute();
  });
  return run;
}
