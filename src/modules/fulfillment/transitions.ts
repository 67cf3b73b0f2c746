import type { EventType } from "../events/index.js";

/** `accepted` for `fulfillment_order.accepted`: the events announce() may emit, from the catalogue. */
type ActionOf<E> = E extends `fulfillment_order.${infer A}` ? A : never;
type FulfillmentOrderEvent = ActionOf<EventType>;

// The lifecycle primitives every fulfillment order change goes through: a guarded, versioned
// status transition and the audit entry + event announcing it.
import type { Executor } from "../../db/transaction.js";
import { conflict } from "../../domain/errors.js";
import {
  type FulfillmentOrderAction,
  fulfillmentOrderMachine,
  OPEN_STATES,
} from "../../domain/fulfillment-order.js";
import { nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { emitEvent } from "../events/index.js";
import type { FulfillmentOrder } from "./queries.js";
import type { FulfillmentOrderStatus, FulfillmentOrdersTable } from "./tables.js";

export { OPEN_STATES };

/** Takes `action` through the fulfillment-order state machine, claimed on the row's version. */
export async function transition(
  tx: Executor,
  fo: FulfillmentOrder,
  action: FulfillmentOrderAction,
  to: FulfillmentOrderStatus,
  extra: Partial<FulfillmentOrdersTable> = {},
): Promise<FulfillmentOrder> {
  const refusal = fulfillmentOrderMachine.refusal(fo.status, action, {
    to,
    subject: `Fulfillment order ${fo.id}`,
  });
  if (refusal) throw conflict(refusal, { current_status: fo.status });
  const now = nowIso();
  const updated = await tx
    .updateTable("fulfillment_orders")
    .set({ ...extra, status: to, version: fo.version + 1, updated_at: now })
    .where("id", "=", fo.id)
    .where("version", "=", fo.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) {
    throw conflict(`Fulfillment order ${fo.id} changed at the same time; retry`);
  }
  // The row is exactly what was written: no need to read it back.
  return {
    ...fo,
    ...extra,
    status: to,
    version: fo.version + 1,
    updated_at: now,
    allowed_actions: fulfillmentOrderMachine.allowedActions(to),
  };
}

export async function announce(
  tx: Executor,
  ctx: RequestContext,
  fo: FulfillmentOrder,
  action: FulfillmentOrderEvent,
  data: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(tx, ctx, {
    action: `fulfillment_order.${action}`,
    resourceType: "fulfillment_order",
    resourceId: fo.id,
    data: { order_id: fo.order_id, status: fo.status, ...data },
  });
  await emitEvent(tx, ctx, {
    type: `fulfillment_order.${action}`,
    resourceType: "fulfillment_order",
    resourceId: fo.id,
    data: fo,
  });
}

/** Units of a line still to fulfil. */
export const remaining = (l: FulfillmentOrder["lines"][number]) => l.quantity - l.fulfilled_quantity;
