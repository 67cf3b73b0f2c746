// Failed deliveries told to whoever must act on them (customer service opens a case): shipping
// knows nothing of its listeners; src/flows/wiring.ts sets them, in one place. They run inside
// the transaction that records the carrier's event, so the reaction commits with it.
import type { Executor } from "../../db/transaction.js";
import { isTerminal } from "../../domain/shipping/tracking.js";
import type { RequestContext } from "../access/index.js";
import type { StoredShipment } from "./queries.js";

export interface DeliveryException {
  shipmentId: string;
  orderId: string;
  /** The order lines in the package. */
  orderLineIds: string[];
  carrier: string | null;
  trackingNumber: string | null;
  status: "failure" | "attempted_delivery";
  /** attempted_delivery events of the package's current label, this one included. */
  attempts: number;
  happenedAt: string;
  message: string | null;
  city: string | null;
}

export type DeliveryExceptionHandler = (
  tx: Executor,
  ctx: RequestContext,
  e: DeliveryException,
) => Promise<void>;

let handlers: readonly DeliveryExceptionHandler[] = [];

/** Sets who is told (inside the transaction) of a failed delivery or a delivery attempt. */
export function setDeliveryExceptionHandlers(list: readonly DeliveryExceptionHandler[]): void {
  handlers = list;
}

/** Called for each newly recorded tracking event; tells the handlers of a failure or attempt. */
export async function reportDeliveryException(
  tx: Executor,
  ctx: RequestContext,
  s: StoredShipment,
  e: { status: string; happenedAt: string; message: string | null; city: string | null },
): Promise<void> {
  if (e.status !== "failure" && e.status !== "attempted_delivery") return;
  // A late-arriving bad event for a package that has since been delivered needs no one.
  if (s.status === "delivered" || (s.tracking_status !== null && isTerminal(s.tracking_status))) return;
  const attempts = s.tracking_events.filter(
    (t) => t.tracking_number === s.tracking_number && t.status === "attempted_delivery",
  ).length;
  for (const handler of handlers)
    await handler(tx, ctx, {
      shipmentId: s.id,
      orderId: s.order_id,
      orderLineIds: [...new Set(s.lines.map((l) => l.order_line_id))],
      carrier: s.carrier,
      trackingNumber: s.tracking_number,
      status: e.status,
      attempts,
      happenedAt: new Date(e.happenedAt).toISOString(),
      message: e.message,
      city: e.city,
    });
}
