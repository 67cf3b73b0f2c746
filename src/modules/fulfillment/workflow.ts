// The work at a location: accepting, starting, fulfilling (stock ships), rejecting (the units
// are re-sourced elsewhere) and cancelling (the units go back to the order as backordered).
import { type Executor, inTransaction } from "../../db/transaction.js";
import { nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { dispatchRemaining } from "./dispatch.js";
import * as orderSide from "./order-side.js";
import { type FulfillmentOrder, lockFulfillmentOrder } from "./queries.js";
import { type ResourcingResult, releaseLines, resource } from "./resourcing.js";
import { announce, remaining, transition } from "./transitions.js";

export async function acceptFulfillmentOrder(
  db: Executor,
  ctx: RequestContext,
  id: string,
): Promise<FulfillmentOrder> {
  return inTransaction(db, async (tx) => {
    const fo = await lockFulfillmentOrder(tx, id);
    await orderSide.assertNotHeld(tx, fo.order_id);
    const next = await transition(tx, fo, "accept", "accepted", { accepted_at: nowIso() });
    await announce(tx, ctx, next, "accepted");
    await orderSide.changeOrder(tx, ctx, fo.order_id, {
      action: "fulfillment_order.accepted",
      message: `${locationName(fo)} accepted ${fo.id}`,
      data: { fulfillment_order_id: fo.id },
    });
    return next;
  });
}

export async function startFulfillmentOrder(
  db: Executor,
  ctx: RequestContext,
  id: string,
): Promise<FulfillmentOrder> {
  return inTransaction(db, async (tx) => {
    const fo = await lockFulfillmentOrder(tx, id);
    await orderSide.assertNotHeld(tx, fo.order_id);
    const next = await transition(tx, fo, "start", "in_progress", {
      accepted_at: fo.accepted_at ?? nowIso(),
    });
    await announce(tx, ctx, next, "in_progress");
    return next;
  });
}

const locationName = (fo: FulfillmentOrder) =>
  fo.location_id ? `Location ${fo.location_id}` : "Digital delivery";

/** Ships everything left on the fulfillment order: stock leaves its location. */
export async function fulfilFulfillmentOrder(
  db: Executor,
  ctx: RequestContext,
  id: string,
): Promise<FulfillmentOrder> {
  return inTransaction(db, async (tx) => {
    const fo = await lockFulfillmentOrder(tx, id);
    return dispatchRemaining(tx, ctx, id, {
      action: "fulfillment_order.fulfilled",
      message: `${locationName(fo)} fulfilled ${fo.id}`,
    });
  });
}

export async function rejectFulfillmentOrder(
  db: Executor,
  ctx: RequestContext,
  id: string,
  reason: string,
): Promise<ResourcingResult> {
  return inTransaction(db, async (tx) => {
    const fo = await lockFulfillmentOrder(tx, id);
    const rejected = await transition(tx, fo, "reject", "rejected", { reason, closed_at: nowIso() });
    const units = fo.lines.map((l) => ({
      order_line_id: l.order_line_id,
      sku: l.sku,
      quantity: remaining(l),
    }));
    await releaseLines(tx, ctx, fo, units);
    await announce(tx, ctx, rejected, "rejected", { reason });
    const result = await resource(tx, ctx, fo, units, { trigger: "rejection", reason });
    return { fulfillment_order: rejected, ...result };
  });
}

/** Cancels the work: stock is released and the units go back to the order as backordered. */
export async function cancelFulfillmentOrder(
  db: Executor,
  ctx: RequestContext,
  id: string,
  reason: string | undefined,
): Promise<FulfillmentOrder> {
  return inTransaction(db, async (tx) => {
    const fo = await lockFulfillmentOrder(tx, id);
    const cancelled = await transition(tx, fo, "cancel", "cancelled", {
      reason: reason ?? null,
      closed_at: nowIso(),
    });
    const units = fo.lines.map((l) => ({
      order_line_id: l.order_line_id,
      sku: l.sku,
      quantity: remaining(l),
    }));
    await releaseLines(tx, ctx, fo, units);
    const location = fo.location_id;
    const moves = location
      ? units
          .filter((u) => u.quantity > 0)
          .map((u) => ({
            lineId: u.order_line_id,
            sku: u.sku,
            fromLocationId: location,
            toLocationId: null,
            quantity: u.quantity,
          }))
      : [];
    await announce(tx, ctx, cancelled, "cancelled", { reason: reason ?? null });
    await orderSide.changeOrder(tx, ctx, fo.order_id, {
      moves,
      action: "fulfillment_order.cancelled",
      message: `${fo.id} cancelled${reason ? `: ${reason}` : ""}`,
      data: { fulfillment_order_id: fo.id },
    });
    return cancelled;
  });
}
