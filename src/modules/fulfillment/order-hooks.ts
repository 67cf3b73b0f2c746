// What the orders module calls when it changes an order's stock itself: units released by the
// order (cancellation, edit) and backorders committed from arriving stock.
import type { Executor } from "../../db/transaction.js";
import { distanceKm } from "../../domain/geo.js";
import { promiseDates } from "../../domain/sourcing/index.js";
import { nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { getLocationsByIds } from "../locations/index.js";
import { placeOf, resolveRule, toEngineRules } from "../sourcing/index.js";
import { createFulfillmentOrders } from "./create-from-sourcing.js";
import * as orderSide from "./order-side.js";
import { getFulfillmentOrder } from "./queries.js";
import { announce, OPEN_STATES, remaining, transition } from "./transitions.js";

/**
 * The order released stock of a line at a location (cancellation, edit): the fulfillment
 * orders there give the units up too, newest first; an emptied one is cancelled. No stock moves
 * here — the caller already released it.
 */
export async function releasedByOrder(
  tx: Executor,
  ctx: RequestContext,
  a: { lineId: string; locationId: string | null; quantity: number },
): Promise<void> {
  let left = a.quantity;
  let q = tx
    .selectFrom("fulfillment_order_lines as l")
    .innerJoin("fulfillment_orders as f", "f.id", "l.fulfillment_order_id")
    .select(["f.id", "l.sku", "l.quantity", "l.fulfilled_quantity"])
    .where("l.order_line_id", "=", a.lineId)
    .where("f.status", "in", [...OPEN_STATES]);
  q =
    a.locationId === null
      ? q.where("f.location_id", "is", null)
      : q.where("f.location_id", "=", a.locationId);
  const rows = await q.orderBy("f.id", "desc").execute();
  const touched = new Set<string>();
  for (const r of rows) {
    if (left <= 0) break;
    const take = Math.min(left, r.quantity - r.fulfilled_quantity);
    if (take <= 0) continue;
    left -= take;
    touched.add(r.id);
    await tx
      .updateTable("fulfillment_order_lines")
      .set((eb) => ({ quantity: eb("quantity", "-", take) }))
      .where("fulfillment_order_id", "=", r.id)
      .where("order_line_id", "=", a.lineId)
      .where("sku", "=", r.sku)
      .execute();
  }
  for (const id of touched) {
    const fo = await getFulfillmentOrder(tx, id);
    if (fo.lines.every((l) => remaining(l) <= 0)) {
      const done = fo.lines.some((l) => l.fulfilled_quantity > 0);
      const next = await transition(tx, fo, "close", done ? "fulfilled" : "cancelled", {
        reason: "order changed",
        closed_at: nowIso(),
      });
      await announce(tx, ctx, next, done ? "fulfilled" : "cancelled", { reason: "order changed" });
    }
  }
}

/**
 * Backordered units were just committed at a location from arriving stock (the orders module's
 * backorder filler): the location gets the work as a fulfillment order — added to this order's
 * open one there, or a new one with its promise dates.
 */
export async function committedFromArrivingStock(
  tx: Executor,
  ctx: RequestContext,
  a: { orderId: string; lineId: string; sku: string; locationId: string; quantity: number },
): Promise<void> {
  const target = await orderSide.orderTarget(tx, a.orderId);
  const type = target?.fulfillmentType === "digital" || !target ? "ship" : target.fulfillmentType;
  const open = await tx
    .selectFrom("fulfillment_orders")
    .selectAll()
    .where("order_id", "=", a.orderId)
    .where("location_id", "=", a.locationId)
    .where("fulfillment_type", "=", type)
    .where("status", "=", "open")
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (open) {
    const line = await tx
      .selectFrom("fulfillment_order_lines")
      .select("quantity")
      .where("fulfillment_order_id", "=", open.id)
      .where("order_line_id", "=", a.lineId)
      .where("sku", "=", a.sku)
      .executeTakeFirst();
    if (line) {
      await tx
        .updateTable("fulfillment_order_lines")
        .set((eb) => ({ quantity: eb("quantity", "+", a.quantity) }))
        .where("fulfillment_order_id", "=", open.id)
        .where("order_line_id", "=", a.lineId)
        .where("sku", "=", a.sku)
        .execute();
    } else {
      await tx
        .insertInto("fulfillment_order_lines")
        .values({
          fulfillment_order_id: open.id,
          order_line_id: a.lineId,
          sku: a.sku,
          quantity: a.quantity,
          fulfilled_quantity: 0,
          shortage_quantity: 0,
          picked_quantity: 0,
        })
        .execute();
    }
    await tx
      .updateTable("fulfillment_orders")
      .set({ version: open.version + 1, updated_at: nowIso() })
      .where("id", "=", open.id)
      .execute();
    const fo = await getFulfillmentOrder(tx, open.id);
    await announce(tx, ctx, fo, "updated", { added: a });
    return;
  }
  const dates = await promiseFor(tx, target, a.locationId, type);
  await createFulfillmentOrders(tx, ctx, {
    orderId: a.orderId,
    fulfillmentType: type,
    decisionId: null,
    placed: [{ key: a.lineId, sku: a.sku, locationId: a.locationId, quantity: a.quantity }],
    dates: new Map(dates ? [[a.locationId, dates]] : []),
  });
}

/** Ship and delivery dates from one location to the order's destination, by the rule's rate zones. */
async function promiseFor(
  tx: Executor,
  target: Awaited<ReturnType<typeof orderSide.orderTarget>>,
  locationId: string,
  type: "ship" | "pickup" | "local_delivery",
): Promise<{ ship: string; delivery: string } | null> {
  const [loc] = await getLocationsByIds(tx, [locationId]);
  if (!loc) return null;
  const from = placeOf({
    country: loc.country,
    postal_code: loc.postal_code,
    latitude: loc.latitude,
    longitude: loc.longitude,
  });
  const to = placeOf(target?.destination) ?? from;
  const rule = await resolveRule(tx, target?.channelId ?? null, type);
  const zones = toEngineRules(rule.settings).costs[type].zones;
  const km = from && to ? distanceKm(from, to) : 0;
  const zone = zones.find((z) => km <= z.maxKm) ?? zones[zones.length - 1];
  const dates = promiseDates({
    now: new Date(),
    timeZone: loc.time_zone,
    processingDays: loc.processing_days,
    cutoffHour: loc.cutoff_hour,
    transitDays: zone?.transitDays ?? 0,
    holidays: rule.settings.holidays,
  });
  return { ship: dates.shipDate, delivery: dates.deliveryDate };
}
