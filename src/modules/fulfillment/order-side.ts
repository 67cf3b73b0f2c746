// What fulfillment needs from the orders module: the order's sourcing target, and reflecting
// moves, shipments and timeline entries on its lines (the orders module writes its own tables).
import type { Executor } from "../../db/transaction.js";
import type { RequestContext } from "../access/actor.js";
import {
  type AllocationMove,
  applyFulfillmentChange,
  assertNotHeld,
  sourcingTargetOf,
} from "../orders/allocation.js";
import type { AddressLike } from "../sourcing/service.js";

export type { AllocationMove };

export interface OrderContext {
  channelId: string | null;
  locationIds: string[] | null;
  destination: AddressLike | null;
  requestedDate: string | null;
}

export async function orderContext(tx: Executor, orderId: string): Promise<OrderContext> {
  const t = await sourcingTargetOf(tx, orderId);
  return {
    channelId: t?.channelId ?? null,
    locationIds: t?.locationIds ?? null,
    destination: t?.destination ?? null,
    requestedDate: t?.requestedDate ?? null,
  };
}

/** 409 while the order has open holds. */
export { assertNotHeld };

/** How and where the order goes (null when the order is not stored). */
export const orderTarget = sourcingTargetOf;

export async function moveAllocations(
  tx: Executor,
  ctx: RequestContext,
  orderId: string,
  moves: readonly AllocationMove[],
): Promise<void> {
  if (moves.length) await applyFulfillmentChange(tx, ctx, orderId, { moves });
}

export async function shipped(
  tx: Executor,
  ctx: RequestContext,
  s: { orderId: string; lineId: string; locationId: string | null; quantity: number },
): Promise<void> {
  await applyFulfillmentChange(tx, ctx, s.orderId, {
    shipped: [{ lineId: s.lineId, locationId: s.locationId, quantity: s.quantity }],
  });
}

export async function timeline(
  tx: Executor,
  ctx: RequestContext,
  orderId: string,
  type: string,
  message: string,
  data?: unknown,
): Promise<void> {
  await applyFulfillmentChange(tx, ctx, orderId, { timeline: { type, message, data } });
}
