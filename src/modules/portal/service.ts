// The customer's view of their own order: found by order number + e-mail, and nothing else.
// A wrong e-mail and an unknown number get the same answer, so the form cannot be used to learn
// which order numbers exist. Holds, notes, staff names, internal ids and allocations stay hidden.
import type { Executor } from "../../db/transaction.js";
import { DomainError } from "../../domain/errors.js";
import { meaningfulVariantTitle } from "../../domain/line-title.js";
import { customerStatus } from "../../domain/shipping/tracking.js";
import { type FulfillmentOrder, fulfillmentOrdersOfOrder } from "../fulfillment/index.js";
import { getOrder, getTimeline, listOrders, type OrderView } from "../orders/index.js";
import { type Shipment, shipmentsOfOrders } from "../shipping/index.js";
import type { TrackingView } from "./schemas.js";

export const NOT_FOUND_DETAIL =
  "No order matches that order number and e-mail. Check both against your order confirmation.";

export const trackingNotFound = () => new DomainError("order-not-found", NOT_FOUND_DETAIL);

/** `#10042`, `10042`, ` 10042 ` → 10042; anything else → null. */
export function parseOrderNumber(input: string): number | null {
  const digits = input.trim().replace(/^#/, "");
  if (!/^\d{1,15}$/.test(digits)) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

const STATUS_LABELS: Record<string, string> = {
  open: "Processing",
  backordered: "Waiting for stock",
  partially_shipped: "Partially shipped",
  shipped: "Shipped",
  delivered: "Delivered",
  returned: "Returned",
  cancelled: "Cancelled",
};

/** Timeline entries a customer may see, with the words they should read. */
const CUSTOMER_EVENTS: Record<string, string> = {
  "order.placed": "Order placed",
  "order.created": "Order placed",
  "order.backordered": "Some items are waiting for stock",
  "order.backorder_filled": "Items back in stock and reserved for you",
  "order.shipped": "Shipped",
  "order.partially_shipped": "Part of your order shipped",
  "order.delivered": "Delivered",
  "order.cancelled": "Order cancelled",
  "order.partially_cancelled": "Some items were cancelled",
  "order.returned": "Return received",
  "shipment.created": "Package shipped",
  "shipment.in_transit": "In transit",
  "shipment.out_for_delivery": "Out for delivery",
  "shipment.attempted_delivery": "Delivery attempted",
  "shipment.delayed": "Delayed",
  "shipment.delivered": "Package delivered",
  "shipment.failure": "Delivery problem",
  "shipment.picked_up": "Picked up",
};

/**
 * The order a customer proved they know: its number and its e-mail. Whatever is wrong, the same
 * 404, so the answer never tells which order numbers exist.
 */
export async function provenOrder(
  db: Executor,
  input: { number: string; email: string },
): Promise<OrderView> {
  const number = parseOrderNumber(input.number);
  if (number === null) throw trackingNotFound();
  const found = await listOrders(db, { number }, { limit: 1 });
  const summary = found.data[0];
  const email = input.email.trim().toLowerCase();
  if (!summary || summary.status === "draft" || summary.email.trim().toLowerCase() !== email) {
    throw trackingNotFound();
  }
  return getOrder(db, summary.id);
}

export async function lookupOrder(
  db: Executor,
  input: { number: string; email: string },
): Promise<TrackingView> {
  const order = await provenOrder(db, input);
  const timeline = await getTimeline(db, order.id, { limit: 200 });
  const events = timeline.data
    .filter((e) => CUSTOMER_EVENTS[e.type])
    .map((e) => ({ at: e.created_at, label: CUSTOMER_EVENTS[e.type] as string }));
  const fulfillmentOrders = await fulfillmentOrdersOfOrder(db, order.id);
  const shipments = await shipmentsOfOrders(db, [order.id]);
  return toTrackingView(order, events, fulfillmentOrders, shipments);
}

function firstAt(events: Array<{ at: string; label: string }>, label: string): string | null {
  return events.find((e) => e.label === label)?.at ?? null;
}

export function toTrackingView(
  order: OrderView,
  events: Array<{ at: string; label: string }>,
  fulfillmentOrders: FulfillmentOrder[] = [],
  shipments: Shipment[] = [],
): TrackingView {
  const status = order.status;
  const shipped = ["partially_shipped", "shipped", "delivered", "returned"].includes(status);
  const delivered = ["delivered", "returned"].includes(status);
  const cancelled = status === "cancelled";
  const placedAt = order.placed_at ?? order.created_at;
  const steps: TrackingView["steps"] = [
    { key: "placed", label: "Order placed", state: "done", at: placedAt },
    {
      key: "processing",
      label: status === "backordered" ? "Waiting for stock" : "Preparing your order",
      state: cancelled ? "skipped" : shipped ? "done" : "current",
      at: null,
    },
    {
      key: "shipped",
      label: status === "partially_shipped" ? "Partially shipped" : "Shipped",
      state: cancelled ? "skipped" : delivered ? "done" : shipped ? "current" : "upcoming",
      at: firstAt(events, "Shipped") ?? firstAt(events, "Part of your order shipped"),
    },
    {
      key: "delivered",
      label: "Delivered",
      state: cancelled ? "skipped" : delivered ? "done" : "upcoming",
      at: firstAt(events, "Delivered"),
    },
  ];
  if (cancelled) {
    steps.push({ key: "cancelled", label: "Cancelled", state: "current", at: order.cancelled_at });
  }
  const address = order.shipping_address;
  return {
    number: `#${order.number}`,
    status,
    status_label: STATUS_LABELS[status] ?? status,
    placed_at: placedAt,
    currency: order.currency,
    steps,
    items: order.lines
      .filter((l) => l.quantity - l.cancelled > 0 || cancelled)
      .map((l) => ({
        sku: l.sku,
        name: l.title,
        product_title: l.product_title || l.title,
        variant_title: meaningfulVariantTitle(l.variant_title),
        quantity: cancelled ? l.quantity : l.quantity - l.cancelled,
        unit_price: l.unit_price,
        total: l.total,
      })),
    totals: {
      subtotal: order.totals.subtotal,
      discount: order.totals.discount_total,
      shipping: order.totals.shipping_total,
      tax: order.totals.tax_total,
      total: order.totals.grand_total,
    },
    ship_to: address
      ? { city: address.city ?? null, region: address.region ?? null, country: address.country }
      : null,
    eta:
      delivered || cancelled
        ? null
        : (latestEta(shipments) ?? latestPromise(fulfillmentOrders) ?? order.requested_delivery_date),
    // Packages that left (or wait at the counter), with their carrier, tracking and ETA.
    shipments: shipments
      .filter((p) => p.status === "shipped" || p.status === "delivered" || p.status === "ready_for_pickup")
      .map((p) => ({
        carrier: p.carrier,
        tracking_number: p.tracking_number,
        tracking_url: p.tracking_url,
        status: customerStatus(p.status, p.tracking_status),
        shipped_at: p.shipped_at,
        delivered_at: p.delivered_at,
        eta: p.status === "delivered" ? null : p.eta,
        items: p.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      })),
    events,
  };
}

/** The latest current ETA of packages still on their way. */
function latestEta(shipments: Shipment[]): string | null {
  const dates = shipments
    .filter((p) => p.status === "shipped" && p.eta)
    .map((p) => p.eta as string)
    .sort();
  return dates[dates.length - 1] ?? null;
}

/** The latest delivery date promised by the order's live fulfillment orders. */
function latestPromise(fulfillmentOrders: FulfillmentOrder[]): string | null {
  const dates = fulfillmentOrders
    .filter((f) => f.status !== "cancelled" && f.status !== "rejected" && f.promised_delivery_date)
    .map((f) => f.promised_delivery_date as string)
    .sort();
  return dates[dates.length - 1] ?? null;
}
