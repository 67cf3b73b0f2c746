// Reads for demand planning: units shipped per SKU × location per day (from the ledger) and the
// current levels of many SKUs at once. Days without a shipment are absent: callers zero-fill.
import { sql } from "kysely";
import type { Executor } from "../../db/transaction.js";
import { type LevelView, toLevelView } from "./levels.js";

export interface DemandFilter {
  /** First and last day (YYYY-MM-DD, UTC), both included. */
  from: string;
  to: string;
  skus?: readonly string[] | undefined;
  locationIds?: readonly string[] | undefined;
}

export interface DailyDemandRow {
  sku: string;
  location_id: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  units: number;
}

/** Units shipped (`ship` movements: on_hand leaving to customers) per SKU, location and day. */
export async function dailyDemand(db: Executor, filter: DemandFilter): Promise<DailyDemandRow[]> {
  const day = sql<string>`substr(created_at, 1, 10)`;
  let q = db
    .selectFrom("inventory_movements")
    .select((eb) => ["sku", "location_id", day.as("day"), eb.fn.sum<number>("d_on_hand").as("d")])
    .where("type", "=", "ship")
    .where("created_at", ">=", `${filter.from}T00:00:00.000Z`)
    .where("created_at", "<=", `${filter.to}T23:59:59.999Z`);
  if (filter.skus) q = q.where("sku", "in", filter.skus.length ? [...filter.skus] : [""]);
  if (filter.locationIds)
    q = q.where("location_id", "in", filter.locationIds.length ? [...filter.locationIds] : [""]);
  const rows = await q.groupBy(["sku", "location_id", day]).execute();
  return rows
    .map((r) => ({ sku: r.sku, location_id: r.location_id, day: String(r.day), units: -Number(r.d) }))
    .filter((r) => r.units > 0);
}

/** Current levels for these SKUs (every SKU when omitted), optionally at some locations only. */
export async function levelsOf(
  db: Executor,
  filter: { skus?: readonly string[] | undefined; locationIds?: readonly string[] | undefined },
): Promise<Array<LevelView & { created_at: string }>> {
  let q = db.selectFrom("inventory_levels").selectAll();
  if (filter.skus) q = q.where("sku", "in", filter.skus.length ? [...filter.skus] : [""]);
  if (filter.locationIds)
    q = q.where("location_id", "in", filter.locationIds.length ? [...filter.locationIds] : [""]);
  const rows = await q.orderBy("sku").orderBy("location_id").execute();
  return rows.map((row) => ({ ...toLevelView(row), created_at: row.created_at }));
}
