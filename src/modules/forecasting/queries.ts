// Reads of stored forecasts: the list (keyset on the series key) and one SKU everywhere.
import type { Executor } from "../../db/transaction.js";
import { notFound } from "../../domain/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import type { ForecastsTable } from "./tables.js";

const parse = (s: string) => JSON.parse(s) as number[];

export function toForecastView(row: ForecastsTable) {
  const point = parse(row.point);
  const view = {
    sku: row.sku,
    location_id: row.location_id,
    scope: row.location_id === null ? ("network" as const) : ("location" as const),
    run_id: row.run_id,
    method: row.method,
    demand_class: row.demand_class,
    history_from: row.history_from,
    history_to: row.history_to,
    horizon: point.length,
    level: row.level,
    share: row.share,
    accuracy: {
      mase: row.mase,
      wape: row.wape,
      seasonal_naive_mase: row.naive_mase,
      seasonal_naive_wape: row.naive_wape,
      skill: row.skill,
    },
    total: Math.round(point.reduce((a, b) => a + b, 0) * 100) / 100,
    point,
    lower: parse(row.lower),
    upper: parse(row.upper),
    created_at: row.created_at,
  };
  return view;
}
export type ForecastView = ReturnType<typeof toForecastView>;

const withHistory = (row: ForecastsTable) => ({ ...toForecastView(row), history: parse(row.history) });

export async function listForecasts(
  db: Executor,
  filter: { sku?: string | undefined; location_id?: string | undefined },
  page: PageRequest,
) {
  let q = db.selectFrom("forecasts").selectAll();
  if (filter.sku) q = q.where("sku", "=", filter.sku);
  if (filter.location_id) q = q.where("location_id", "=", filter.location_id);
  const result = await keysetPage(q, "series_key", page, "asc");
  return { data: result.data.map((r) => toForecastView(r)), next_cursor: result.next_cursor };
}

/** The SKU's forecast at each location and for its network, each with its history. */
export async function skuForecast(db: Executor, sku: string) {
  const rows = await db
    .selectFrom("forecasts")
    .selectAll()
    .where("sku", "=", sku)
    .orderBy("series_key")
    .execute();
  const network = rows.find((r) => r.location_id === null);
  if (!network) throw notFound("Forecast of SKU", sku);
  return {
    sku,
    network: withHistory(network),
    locations: rows.filter((r) => r.location_id !== null).map(withHistory),
  };
}

/** Rows of the latest forecasts at locations (for replenishment). */
export async function locationForecasts(db: Executor, skus?: readonly string[]) {
  let q = db.selectFrom("forecasts").selectAll().where("location_id", "is not", null);
  if (skus) q = q.where("sku", "in", skus.length ? [...skus] : [""]);
  return q.orderBy("series_key").execute();
}

export async function getRun(db: Executor, id: string) {
  const run = await db.selectFrom("forecast_runs").selectAll().where("id", "=", id).executeTakeFirst();
  if (!run) throw notFound("Forecast run", id);
  return run;
}
