// A carrier's bad news opens a case before the customer has to ask: a failed delivery, or the
// Nth failed attempt, of a package opens one `where_is_my_order` case about its order, once per
// package, whoever reports it and however often. Wired to shipping in src/flows/wiring.ts.
import type { Executor } from "../../db/transaction.js";
import { deliveryExceptionDue, type SlaPolicy } from "../../domain/cases.js";
import type { RequestContext } from "../access/index.js";
import { getOrder } from "../orders/index.js";
import type { DeliveryException } from "../shipping/index.js";
import { insertCase } from "./service.js";

export interface DeliveryExceptionPolicy {
  sla: SlaPolicy;
  deliveryAttemptsBeforeCase: number;
}

const ORDO = { type: "system", id: null, name: "Ordo" } as const;

function describe(e: DeliveryException): { subject: string; note: string } {
  const parcel = e.trackingNumber ? `package ${e.trackingNumber}` : `package ${e.shipmentId}`;
  const where = e.city ? ` in ${e.city}` : "";
  const said = e.message ? `: "${e.message}"` : "";
  if (e.status === "failure")
    return {
      subject: `Delivery failed for ${parcel}`,
      note: `${e.carrier ?? "The carrier"} reported a delivery failure${where} at ${e.happenedAt}${said}. Contact the carrier and the customer: reship or refund.`,
    };
  return {
    subject: `Delivery attempted ${e.attempts} times for ${parcel}`,
    note: `${e.carrier ?? "The carrier"} could not deliver${where} (attempt ${e.attempts}, ${e.happenedAt})${said}. Contact the customer to arrange delivery.`,
  };
}

/** The handler shipping calls for each failure or delivery attempt it records. */
export function deliveryExceptionCases(policy: DeliveryExceptionPolicy) {
  return async (tx: Executor, ctx: RequestContext, e: DeliveryException): Promise<void> => {
    if (!deliveryExceptionDue(e.status, e.attempts, policy.deliveryAttemptsBeforeCase)) return;
    const dedupeKey = `delivery_exception:${e.shipmentId}`;
    const existing = await tx
      .selectFrom("cases")
      .select("id")
      .where("dedupe_key", "=", dedupeKey)
      .executeTakeFirst();
    if (existing) return;
    const order = await getOrder(tx, e.orderId);
    const { subject, note } = describe(e);
    await insertCase(
      tx,
      ctx,
      {
        order,
        shipmentId: e.shipmentId,
        dedupeKey,
        type: "where_is_my_order",
        subject,
        priority: e.status === "failure" ? "high" : "normal",
        customerEmail: order.email,
        customerName: order.customer_name,
        source: "delivery_exception",
        orderLineIds: e.orderLineIds,
        messages: [{ author: ORDO, visibility: "internal", body: note }],
      },
      policy.sla,
    );
  };
}
