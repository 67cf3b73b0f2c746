// A package leaving: shipped with its label (stock out, order lines shipped, `shipment.created`
// with tracking, the shipped e-mail), or for pickup orders made ready at the counter and handed
// over to the customer after checking who they are.
import { randomInt, timingSafeEqual } from "node:crypto";
import { withBufferedInserts } from "../../db/buffered-inserts.js";
import { type Executor, inTransaction } from "../../db/transaction.js";
import { DomainError, unprocessable } from "../../domain/errors.js";
import { nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { dispatchUnits, lockFulfillmentOrder } from "../fulfillment/index.js";
import { applyFulfillmentChange, type OrderView, orderContact } from "../orders/index.js";
import { announceShipment, assertCan, moveShipment } from "./lifecycle.js";
import {
  getStoredShipment,
  publicView,
  type Shipment,
  type StoredShipment,
  updateShipment,
} from "./queries.js";
import { recordEvent, settle } from "./tracking.js";

const contactOf = (o: OrderView) => ({
  id: o.id,
  number: Number(o.number),
  email: o.email,
  customer_name: o.customer_name,
});

async function dispatch(tx: Executor, ctx: RequestContext, s: StoredShipment, message: string) {
  const fo = await lockFulfillmentOrder(tx, s.fulfillment_order_id);
  const { order } = await dispatchUnits(tx, ctx, fo, s.lines, {
    action: "shipment.created",
    message,
    data: { shipment_id: s.id, tracking_number: s.tracking_number, carrier: s.carrier },
  });
  return order;
}

/** A label bought outside Ordo (a 3PL, a carrier's own portal): its tracking goes with the package. */
export interface ExternalTracking {
  carrier: string;
  number: string;
  url?: string | undefined;
}

export async function shipShipment(
  db: Executor,
  ctx: RequestContext,
  id: string,
  external?: ExternalTracking,
): Promise<Shipment> {
  // The movements, events, audit and timeline rows go in together at the end (fewer statements).
  return inTransaction(db, (tx) =>
    withBufferedInserts(tx, async () => {
      let s = await getStoredShipment(tx, id);
      assertCan(s, "ship");
      if (s.fulfillment_type === "pickup") {
        throw unprocessable(`Shipment ${id} is a pickup: make it ready for pickup and hand it over`);
      }
      if (external && s.label_id) {
        throw new DomainError("conflict", `Shipment ${id} has a label already: void it to ship with another`);
      }
      if (external) {
        await updateShipment(tx, s, {
          carrier: external.carrier,
          tracking_number: external.number,
          tracking_url: external.url ?? null,
        });
        s = await getStoredShipment(tx, id);
      } else if (s.fulfillment_type === "ship" && !s.label_id) {
        throw new DomainError(
          "conflict",
          `Shipment ${id} has no label: buy one, or give the external tracking`,
          {
            current_status: s.status,
          },
        );
      }
      const order = await dispatch(
        tx,
        ctx,
        s,
        s.tracking_number
          ? `Package shipped: ${s.carrier} ${s.tracking_number}`
          : `Package ${s.id} out for local delivery`,
      );
      let next = await moveShipment(tx, s, "ship", "shipped", { shipped_at: nowIso() });
      await announceShipment(tx, ctx, next, "created", {}, order ? contactOf(order) : undefined);
      // Carrier scans that arrived before the ship scan (delivered included) take effect now.
      const scanned = next.tracking_events.some(
        (e) => e.status !== "label_printed" && e.tracking_number === next.tracking_number,
      );
      if (scanned) next = await settle(tx, ctx, next);
      return publicView(next);
    }),
  );
}

export async function readyForPickup(db: Executor, ctx: RequestContext, id: string): Promise<Shipment> {
  return inTransaction(db, async (tx) => {
    const s = await getStoredShipment(tx, id);
    if (s.fulfillment_type !== "pickup") throw unprocessable(`Shipment ${id} is not a pickup order`);
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    const ready = await moveShipment(tx, s, "ready_for_pickup", "ready_for_pickup", { pickup_code: code });
    const next = await recordEvent(
      tx,
      ctx,
      ready,
      {
        carrier: "pickup",
        carrierEventId: `ready:${s.id}`,
        status: "ready_for_pickup",
        happenedAt: nowIso(),
        message: null,
        city: null,
        estimatedDeliveryAt: null,
        source: "api",
      },
      { announce: false },
    );
    // The code goes to the customer (the ready-for-pickup e-mail); the API never shows it again.
    await announceShipment(tx, ctx, next, "ready_for_pickup", { pickup_code: code });
    return publicView(next);
  });
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a.trim().toLowerCase());
  const y = Buffer.from(b.trim().toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The customer's proof: the order number and either the pickup code or their last name. */
async function verifyCustomer(
  tx: Executor,
  s: StoredShipment,
  proof: { order_number: number; name?: string | undefined; pickup_code?: string | undefined },
) {
  const contact = await orderContact(tx, s.order_id);
  const lastName =
    (contact.shipping_address?.name ?? contact.customer_name ?? "").trim().split(/\s+/).pop() ?? "";
  const byCode = !!proof.pickup_code && !!s.pickup_code && sameText(proof.pickup_code, s.pickup_code);
  const byName =
    !!proof.name && lastName.length > 0 && sameText(proof.name.split(/\s+/).pop() ?? "", lastName);
  if (proof.order_number !== contact.number || !(byCode || byName)) {
    throw new DomainError(
      "pickup-verification-failed",
      "The order number and the code or name do not match this pickup",
    );
  }
}

export async function handOver(
  db: Executor,
  ctx: RequestContext,
  id: string,
  proof: { order_number: number; name?: string | undefined; pickup_code?: string | undefined },
): Promise<Shipment> {
  return inTransaction(db, async (tx) => {
    const s = await getStoredShipment(tx, id);
    assertCan(s, "hand_over");
    await verifyCustomer(tx, s, proof);
    await dispatch(tx, ctx, s, `Pickup ${s.id} handed over`);
    const now = nowIso();
    const handed = await moveShipment(tx, s, "hand_over", "delivered", {
      shipped_at: now,
      delivered_at: now,
    });
    await applyFulfillmentChange(tx, ctx, s.order_id, {
      delivered: s.lines.map((l) => ({ lineId: l.order_line_id, quantity: l.quantity })),
      action: "shipment.picked_up",
      message: `Picked up by the customer (${proof.pickup_code ? "pickup code" : "name"} checked)`,
      data: { shipment_id: s.id },
    });
    const next = await recordEvent(
      tx,
      ctx,
      handed,
      {
        carrier: "pickup",
        carrierEventId: `picked_up:${s.id}`,
        status: "picked_up",
        happenedAt: now,
        message: null,
        city: null,
        estimatedDeliveryAt: null,
        source: "api",
      },
      { announce: false },
    );
    await announceShipment(tx, ctx, next, "picked_up");
    return publicView(next);
  });
}
