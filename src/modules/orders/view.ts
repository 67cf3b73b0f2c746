import { type Executor, isPostgres } from "../../db/transaction.js";
import type { PostalAddress } from "../../domain/address.js";
import { notFound } from "../../domain/errors.js";
import {
  allowedOrderActions,
  type LineQuantities,
  type OrderStatus,
  releasableToFulfillment,
} from "../../domain/order.js";
import type { FulfillmentKind } from "../../domain/pricing.js";
import type { OrderAllocationsTable, OrderHoldsTable, OrderLinesTable, OrdersTable } from "./tables.js";

export interface Loaded {
  order: OrdersTable;
  lines: OrderLinesTable[];
  holds: OrderHoldsTable[];
  allocations: OrderAllocationsTable[];
}

export const quantitiesOf = (l: OrderLinesTable): LineQuantities => ({
  quantity: l.quantity,
  pending: l.pending,
  committed: l.committed,
  backordered: l.backordered,
  shipped: l.shipped,
  delivered: l.delivered,
  returned: l.returned,
  cancelled: l.cancelled,
});

export function summaryOf(o: OrdersTable) {
  return {
    id: o.id,
    number: o.number,
    channel_id: o.channel_id,
    external_ref: o.external_ref,
    status: o.status as OrderStatus,
    email: o.email,
    phone: o.phone,
    customer_id: o.customer_id,
    customer_name: o.customer_name,
    currency: o.currency,
    totals: {
      subtotal: o.subtotal,
      discount_total: o.discount_total,
      shipping_total: o.shipping_total,
      tax_total: o.tax_total,
      grand_total: o.grand_total,
    },
    on_hold: o.open_holds > 0,
    requested_fulfillment: o.requested_fulfillment as FulfillmentKind,
    pickup_location_id: o.pickup_location_id,
    requested_delivery_date: o.requested_delivery_date,
    tags: JSON.parse(o.tags) as string[],
    version: o.version,
    placed_at: o.placed_at,
    cancelled_at: o.cancelled_at,
    created_at: o.created_at,
    updated_at: o.updated_at,
  };
}

export function toView({ order, lines, holds, allocations }: Loaded) {
  const fulfillment = {
    quantity: 0,
    pending: 0,
    committed: 0,
    backordered: 0,
    shipped: 0,
    delivered: 0,
    returned: 0,
    cancelled: 0,
  };
  for (const l of lines)
    for (const k of Object.keys(fulfillment) as Array<keyof LineQuantities>) fulfillment[k] += l[k];
  const status = order.status as OrderStatus;
  return {
    ...summaryOf(order),
    shipping_address: order.shipping_address ? (JSON.parse(order.shipping_address) as PostalAddress) : null,
    billing_address: order.billing_address ? (JSON.parse(order.billing_address) as PostalAddress) : null,
    promo_code: order.promo_code,
    notes: order.notes,
    tax_rate_bps: order.tax_rate_bps,
    releasable_to_fulfillment: releasableToFulfillment(status, order.open_holds),
    allowed_actions: allowedOrderActions(status, lines.map(quantitiesOf), order.open_holds),
    fulfillment,
    lines: lines.map((l) => ({
      id: l.id,
      sku: l.sku,
      title: l.title,
      product_title: l.product_title,
      variant_title: l.variant_title,
      ...quantitiesOf(l),
      preorder: l.preorder === 1,
      unit_price: l.unit_price,
      price_override_reason: l.price_override_reason,
      subtotal: l.subtotal,
      discount: l.discount,
      tax: l.tax,
      total: l.total,
      location_id: l.location_id,
      allocations: allocations
        .filter((a) => a.line_id === l.id)
        .map((a) => ({ location_id: a.location_id, quantity: a.quantity })),
    })),
    holds: holds.map((h) => ({ ...h })),
  };
}
export type OrderView = ReturnType<typeof toView>;

async function load(db: Executor, id: string, lock = false): Promise<Loaded> {
  const loaded = await tryLoad(db, id, lock);
  if (!loaded) throw notFound("Order", id);
  return loaded;
}

async function tryLoad(db: Executor, id: string, lock: boolean): Promise<Loaded | null> {
  let q = db.selectFrom("orders").selectAll().where("id", "=", id);
  if (lock && isPostgres(db)) q = q.forUpdate();
  const order = await q.executeTakeFirst();
  if (!order) return null;
  const [lines, holds, allocations] = await Promise.all([
    db.selectFrom("order_lines").selectAll().where("order_id", "=", id).orderBy("id").execute(),
    db.selectFrom("order_holds").selectAll().where("order_id", "=", id).orderBy("id").execute(),
    db.selectFrom("order_allocations").selectAll().where("order_id", "=", id).orderBy("line_id").execute(),
  ]);
  return { order, lines, holds, allocations };
}

export async function getOrder(db: Executor, id: string): Promise<OrderView> {
  return toView(await load(db, id));
}

/** Takes the order's row lock (PostgreSQL) before reading it, so changes to one order serialize. */
/** An order loaded under its row lock, with what it was before the change (for the version kept). */
export interface Locked extends Loaded {
  before: { status: OrderStatus; version: number; view: OrderView };
}

export async function lockAndLoad(tx: Executor, id: string): Promise<Locked> {
  const found = await tryLockAndLoad(tx, id);
  if (!found) throw notFound("Order", id);
  return found;
}

/** As lockAndLoad, but null when the order is not stored (yet). */
export async function tryLockAndLoad(tx: Executor, id: string): Promise<Locked | null> {
  // PostgreSQL: the row lock (FOR UPDATE). SQLite: writers already hold the database's write
  // lock from BEGIN IMMEDIATE, so reading is enough.
  const loaded = await tryLoad(tx, id, true);
  if (!loaded) return null;
  const before = {
    status: loaded.order.status as OrderStatus,
    version: loaded.order.version,
    view: toView(loaded),
  };
  return { ...loaded, before };
}
