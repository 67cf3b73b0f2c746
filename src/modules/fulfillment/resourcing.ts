// When a location gives units up (rejection, shortage): releasing their stock there and sourcing
// them again elsewhere, or backordering them, with the order's timeline telling why.
import { type Executor, inTransaction } from "../../db/transaction.js";
import { conflict, unprocessable } from "../../domain/errors.js";
import { nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { emitEvent } from "../events/index.js";
import { releaseStock } from "../inventory/index.js";
import { getLocationsByIds } from "../locations/index.js";
import { reasonText } from "../sourcing/index.js";
import { sourceAndCommit } from "./create-from-sourcing.js";
import * as orderSide from "./order-side.js";
import { type FulfillmentOrder, fulfillmentOrdersOfOrder, getFulfillmentOrder } from "./queries.js";
import type { ShortageInput } from "./schemas.js";
import { announce, OPEN_STATES, remaining, transition } from "./transitions.js";

/** Releases the stock still committed by some lines of a fulfillment order at its location. */
export async function releaseLines(
  tx: Executor,
  ctx: RequestContext,
  fo: FulfillmentOrder,
  units: ReadonlyArray<{ order_line_id: string; sku: string; quantity: number }>,
): Promise<void> {
  if (!fo.location_id) return;
  for (const u of units) {
    if (u.quantity <= 0) continue;
    await releaseStock(tx, ctx, {
      sku: u.sku,
      locationId: fo.location_id,
      quantity: u.quantity,
      reference: { type: "order_line", id: u.order_line_id },
    });
  }
}

export interface ResourcingResult {
  fulfillment_order: FulfillmentOrder;
  resourced_to: FulfillmentOrder[];
  backordered: Array<{ order_line_id: string; sku: string; quantity: number }>;
}

/**
 * Sources units again after `fo`'s location gave them up, excluding every location that already
 * rejected or was short on this order; commits elsewhere or backorders; writes the timeline.
 */
export async function resource(
  tx: Executor,
  ctx: RequestContext,
  fo: FulfillmentOrder,
  units: ReadonlyArray<{ order_line_id: string; sku: string; quantity: number }>,
  why: { trigger: "rejection" | "shortage"; reason: string },
): Promise<Omit<ResourcingResult, "fulfillment_order">> {
  const toSource = units.filter((u) => u.quantity > 0);
  if (toSource.length === 0 || !fo.location_id) return { resourced_to: [], backordered: [] };
  const order = await orderSide.orderContext(tx, fo.order_id);
  const siblings = await fulfillmentOrdersOfOrder(tx, fo.order_id);
  const excluded = new Set<string>([fo.location_id]);
  for (const s of siblings) {
    if (s.location_id && (s.status === "rejected" || s.lines.some((l) => l.shortage_quantity > 0)))
      excluded.add(s.location_id);
  }
  const outcome = await sourceAndCommit(tx, ctx, {
    orderId: fo.order_id,
    trigger: why.trigger,
    input: {
      channel: order.channelId,
      locationIds: order.locationIds ?? undefined,
      lines: toSource.map((u) => ({ key: u.order_line_id, sku: u.sku, quantity: u.quantity })),
      // A pickup order has no address of its own: the customer is near the store they chose.
      destination: order.destination ?? (await addressOf(tx, fo.location_id)),
      fulfillmentType: fo.fulfillment_type === "digital" ? "ship" : fo.fulfillment_type,
      pickupLocationId: null,
      requestedDate: order.requestedDate,
      excludeLocationIds: [...excluded],
    },
  });
  const moves: orderSide.AllocationMove[] = [];
  for (const p of outcome.placed) {
    moves.push({
      lineId: p.key,
      sku: p.sku,
      fromLocationId: fo.location_id,
      toLocationId: p.locationId,
      quantity: p.quantity,
    });
  }
  const backordered = outcome.unplaced.map((u) => ({
    order_line_id: u.key,
    sku: u.sku,
    quantity: u.quantity,
  }));
  for (const b of backordered) {
    moves.push({
      lineId: b.order_line_id,
      sku: b.sku,
      fromLocationId: fo.location_id,
      toLocationId: null,
      quantity: b.quantity,
    });
  }
  const targets = outcome.fulfillmentOrders.map((f) => f.location_id ?? "digital");
  const message =
    `${why.trigger === "rejection" ? "Rejected" : "Short"} at ${fo.location_id} (${why.reason}): ` +
    (targets.length ? `re-sourced to ${targets.join(", ")}` : "no other location can take it") +
    (backordered.length
      ? `; backordered ${backordered.map((b) => `${b.quantity} × ${b.sku}`).join(", ")}`
      : "");
  await orderSide.changeOrder(tx, ctx, fo.order_id, {
    moves,
    action: "order.resourced",
    message,
    data: {
      fulfillment_order_id: fo.id,
      trigger: why.trigger,
      reason: why.reason,
      excluded_location_ids: [...excluded],
      resourced_to: outcome.fulfillmentOrders.map((f) => f.id),
      backordered,
      sourcing_decision_ids: outcome.decisionIds,
    },
  });
  const data = {
    order_id: fo.order_id,
    from_fulfillment_order_id: fo.id,
    from_location_id: fo.location_id,
    trigger: why.trigger,
    reason: why.reason,
    fulfillment_order_ids: outcome.fulfillmentOrders.map((f) => f.id),
    backordered,
    excluded_location_ids: [...excluded],
    explanation: outcome.plan.decision.explanation.excluded.map((e) => ({
      location_id: e.locationId,
      reason: e.reason,
      detail: reasonText(e.reason),
    })),
  };
  await recordAudit(tx, ctx, {
    action: "order.resourced",
    resourceType: "order",
    resourceId: fo.order_id,
    data,
  });
  await emitEvent(tx, ctx, { type: "order.resourced", resourceType: "order", resourceId: fo.order_id, data });
  return { resourced_to: outcome.fulfillmentOrders, backordered };
}

async function addressOf(tx: Executor, locationId: string) {
  const [loc] = await getLocationsByIds(tx, [locationId]);
  return loc
    ? { country: loc.country, postal_code: loc.postal_code, latitude: loc.latitude, longitude: loc.longitude }
    : null;
}

export async function reportShortage(
  db: Executor,
  ctx: RequestContext,
  id: string,
  input: ShortageInput,
): Promise<ResourcingResult> {
  return inTransaction(db, async (tx) => {
    const fo = await getFulfillmentOrder(tx, id);
    if (!OPEN_STATES.includes(fo.status)) {
      throw conflict(`Fulfillment order ${fo.id} is ${fo.status}; only open work can be short`, {
        current_status: fo.status,
      });
    }
    const units: Array<{ order_line_id: string; sku: string; quantity: number }> = [];
    const errors: Array<{ path: string; message: string }> = [];
    input.lines.forEach((s, i) => {
      const line = fo.lines.find(
        (l) => l.order_line_id === s.order_line_id && (s.sku === undefined || l.sku === s.sku),
      );
      if (!line)
        errors.push({
          path: `body.lines.${i}.order_line_id`,
          message: "Not a line of this fulfillment order",
        });
      else if (
        s.quantity >
        remaining(line) -
          units
            .filter((u) => u.order_line_id === line.order_line_id && u.sku === line.sku)
            .reduce((a, u) => a + u.quantity, 0)
      )
        errors.push({
          path: `body.lines.${i}.quantity`,
          message: `At most ${remaining(line)} units are still to fulfil`,
        });
      else units.push({ order_line_id: line.order_line_id, sku: line.sku, quantity: s.quantity });
    });
    if (errors.length) throw unprocessable("The shortage does not match the fulfillment order", errors);
    const reason = input.reason ?? "short pick";
    for (const u of units) {
      await tx
        .updateTable("fulfillment_order_lines")
        .set((eb) => ({
          quantity: eb("quantity", "-", u.quantity),
          shortage_quantity: eb("shortage_quantity", "+", u.quantity),
        }))
        .where("fulfillment_order_id", "=", fo.id)
        .where("order_line_id", "=", u.order_line_id)
        .where("sku", "=", u.sku)
        .execute();
    }
    await releaseLines(tx, ctx, fo, units);
    let after = await getFulfillmentOrder(tx, id);
    const nothingLeft = after.lines.every((l) => remaining(l) <= 0);
    const anyDone = after.lines.some((l) => l.fulfilled_quantity > 0);
    if (nothingLeft) {
      after = await transition(tx, after, "close", anyDone ? "fulfilled" : "cancelled", {
        reason,
        closed_at: nowIso(),
      });
    } else {
      await tx
        .updateTable("fulfillment_orders")
        .set({ reason, version: after.version + 1, updated_at: nowIso() })
        .where("id", "=", id)
        .execute();
      after = await getFulfillmentOrder(tx, id);
    }
    await announce(tx, ctx, after, "shortage_reported", { reason, lines: units });
    const result = await resource(tx, ctx, fo, units, { trigger: "shortage", reason });
    return { fulfillment_order: after, ...result };
  });
}
