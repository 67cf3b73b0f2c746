// What fulfillment needs from the orders module: the order's sourcing target, and reflecting
// moves, shipments and timeline entries on its lines (the orders module writes its own tables).
import type { Executor } from "../../db/transaction.js";
// Direct, not through ../orders/index.js: the orders module itself depends on fulfillment (sourcing and
// committing stock), so going through its index would be an import cycle. change.ts and target.ts
// import nothing from fulfillment.
import { type AllocationMove, applyFulfillmentChange, type FulfillmentChange } from "../orders/change.js";
import { assertNotHeld, sourcingTargetOf } from "../orders/target.js";
import type { AddressLike } from "../sourcing/index.js";

export type { OrderView } from "../orders/change.js";
export type { AllocationMove, FulfillmentChange };

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

/** Reflects on the order what fulfillment did (moves, shipments), as one order change. */
export const changeOrder = applyFulfillmentChange;
