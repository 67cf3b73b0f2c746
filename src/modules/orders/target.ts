// Where and how an order goes, read from its row: what sourcing and fulfillment need to know.
import type { Executor } from "../../db/transaction.js";
import type { PostalAddress } from "../../domain/address.js";
import { DomainError } from "../../domain/errors.js";
import type { OrdersTable } from "./tables.js";

/** What the sourcing engine needs to know about the order besides its lines. */
export interface SourcingTarget {
  channelId: string | null;
  fulfillmentType: "ship" | "pickup" | "local_delivery" | "digital";
  destination: PostalAddress | null;
  pickupLocationId: string | null;
  requestedDate: string | null;
}

type TargetColumns = Pick<
  OrdersTable,
  | "channel_id"
  | "requested_fulfillment"
  | "shipping_address"
  | "billing_address"
  | "pickup_location_id"
  | "requested_delivery_date"
  | "location_scope"
>;

/** Where and how an order (as a row, maybe just edited) goes, for the sourcing engine. */
export function sourcingTargetFrom(o: TargetColumns): SourcingTarget & { locationIds: string[] } {
  // Digital goods go to the billing address first, everything else to the shipping address.
  const address =
    o.requested_fulfillment === "digital"
      ? (o.billing_address ?? o.shipping_address)
      : (o.shipping_address ?? o.billing_address);
  return {
    channelId: o.channel_id,
    fulfillmentType: o.requested_fulfillment as SourcingTarget["fulfillmentType"],
    destination: address ? (JSON.parse(address) as PostalAddress) : null,
    pickupLocationId: o.pickup_location_id,
    requestedDate: o.requested_delivery_date,
    locationIds: JSON.parse(o.location_scope) as string[],
  };
}

/**
 * Refuses (409) to let fulfillment go on with an order that has open holds (fraud, payment,
 * address, manual…): a held order is not released to fulfillment until each hold is released.
 */
export async function assertNotHeld(tx: Executor, orderId: string): Promise<void> {
  const order = await tx
    .selectFrom("orders")
    .select(["number", "open_holds"])
    .where("id", "=", orderId)
    .executeTakeFirst();
  if (!order || order.open_holds === 0) return;
  const holds = await tx
    .selectFrom("order_holds")
    .select(["id", "type", "reason"])
    .where("order_id", "=", orderId)
    .where("released_at", "is", null)
    .orderBy("id")
    .execute();
  throw new DomainError(
    "order-on-hold",
    `Order #${order.number} is on hold (${holds.map((h) => `${h.type}: ${h.reason}`).join("; ")}); release the hold before fulfilling it`,
    { order_id: orderId, open_holds: holds },
  );
}

/** The stored order's sourcing target (null when the order is not stored yet). */
export async function sourcingTargetOf(
  tx: Executor,
  orderId: string,
): Promise<(SourcingTarget & { locationIds: string[] }) | null> {
  const o = await tx
    .selectFrom("orders")
    .select([
      "channel_id",
      "requested_fulfillment",
      "shipping_address",
      "billing_address",
      "pickup_location_id",
      "requested_delivery_date",
      "location_scope",
    ])
    .where("id", "=", orderId)
    .executeTakeFirst();
  return o ? sourcingTargetFrom(o) : null;
}
