import type { Executor } from "../../db/transaction.js";
import { OPEN_STATES } from "../../domain/fulfillment-order.js";
import { fulfillmentOrderSummaries } from "../fulfillment/index.js";
import { getOrder } from "../orders/index.js";
import { stuckOrders, verifyRollup } from "./queries.js";

const OPEN_FO = new Set<string>(OPEN_STATES);

/** Stuck orders with the locations still holding them, and which locations hold orders longest. */
export async function stuckWithLocations(db: Executor, slaHours: Record<string, number>, now: Date) {
  const stuck = await stuckOrders(db, slaHours, now);
  const byLocation = new Map<string, number[]>();
  const data = [];
  for (const order of stuck.data) {
    const fos = await fulfillmentOrderSummaries(db, order.order_id);
    const locations = [
      ...new Set(
        fos.filter((fo) => fo.location_id && OPEN_FO.has(fo.status)).map((fo) => fo.location_id as string),
      ),
    ];
    for (const l of locations) byLocation.set(l, [...(byLocation.get(l) ?? []), order.age_hours]);
    data.push({ ...order, locations });
  }
  return {
    data,
    by_status: stuck.by_status,
    by_location: [...byLocation]
      .map(([location_id, ages]) => ({ location_id, orders: ages.length, max_age_hours: Math.max(...ages) }))
      .sort((a, b) => b.max_age_hours - a.max_age_hours),
  };
}

const CHECKED = ["status", "grand_total", "units", "cancelled_units", "returned_units"] as const;

/**
 * The rollup recomputed from the facts, and each fact's order-derived fields against the order
 * itself (one read per order: for audits and tests, not dashboards).
 */
export async function verifyAnalytics(db: Executor) {
  const rollup = await verifyRollup(db);
  const facts = await db
    .selectFrom("order_facts")
    .select(["order_id", "status", "grand_total", "units", "cancelled_units", "returned_units"])
    .orderBy("order_id")
    .execute();
  const fact_mismatches: Array<{ order_id: string; field: string; fact: unknown; order: unknown }> = [];
  for (const fact of facts) {
    const order = await getOrder(db, fact.order_id);
    const actual = {
      status: order.status,
      grand_total: order.totals.grand_total,
      units: order.fulfillment.quantity,
      cancelled_units: order.fulfillment.cancelled,
      returned_units: order.fulfillment.returned,
    };
    for (const field of CHECKED)
      if (String(actual[field]) !== String(fact[field]))
        fact_mismatches.push({ order_id: fact.order_id, field, fact: fact[field], order: actual[field] });
  }
  return { ...rollup, ok: rollup.ok && fact_mismatches.length === 0, fact_mismatches };
}
