// The primitives every shipment change goes through: a guarded, versioned status move and the
// audit entry + event announcing it (with the order's contact, so e-mail can be written from it).
import type { Executor } from "../../db/transaction.js";
import { conflict } from "../../domain/errors.js";
import { type ShipmentAction, type ShipmentStatus, shipmentMachine } from "../../domain/shipping/shipment.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { type EventType, emitEvent } from "../events/index.js";
import { orderContact } from "../orders/index.js";
import { publicView, type StoredShipment, updateShipment } from "./queries.js";
import type { ShipmentsTable } from "./tables.js";

type ShipmentEvent = EventType extends infer E ? (E extends `shipment.${infer A}` ? A : never) : never;

/** 409 with the reason when the shipment's state does not allow `action`. */
export function assertCan(s: StoredShipment, action: ShipmentAction): void {
  const refusal = shipmentMachine.refusal(s.status, action, { subject: `Shipment ${s.id}` });
  if (refusal) throw conflict(refusal, { current_status: s.status });
}

/** Takes `action` through the shipment state machine, claimed on the row's version. */
export async function moveShipment(
  tx: Executor,
  s: StoredShipment,
  action: ShipmentAction,
  to: ShipmentStatus,
  set: Partial<ShipmentsTable> = {},
): Promise<StoredShipment> {
  const refusal = shipmentMachine.refusal(s.status, action, { to, subject: `Shipment ${s.id}` });
  if (refusal) throw conflict(refusal, { current_status: s.status });
  const updatedAt = await updateShipment(tx, s, { ...set, status: to });
  // The row is exactly what was written: no need to read it back.
  return {
    ...s,
    ...set,
    status: to,
    version: s.version + 1,
    updated_at: updatedAt,
    allowed_actions: shipmentMachine.allowedActions(to),
  };
}

export async function announceShipment(
  tx: Executor,
  ctx: RequestContext,
  s: StoredShipment,
  what: ShipmentEvent,
  data: Record<string, unknown> = {},
  /** The order, when the caller has it already (same transaction): saves a read. */
  known?: { id: string; number: number; email: string; customer_name: string | null },
): Promise<void> {
  await recordAudit(tx, ctx, {
    action: `shipment.${what}`,
    resourceType: "shipment",
    resourceId: s.id,
    data: { order_id: s.order_id, fulfillment_order_id: s.fulfillment_order_id, status: s.status, ...data },
  });
  const order = known ?? (await orderContact(tx, s.order_id));
  await emitEvent(tx, ctx, {
    type: `shipment.${what}`,
    resourceType: "shipment",
    resourceId: s.id,
    data: {
      ...publicView(s),
      order: { id: order.id, number: order.number, email: order.email, customer_name: order.customer_name },
      ...data,
    },
  });
}
