import type { EventType } from "../events/index.js";

export type OrderEvent = Extract<EventType, `order.${string}`>;

import type { Executor } from "../../db/transaction.js";
import { conflict, unprocessable } from "../../domain/errors.js";
import { canTransition, deriveStatus, type OrderStatus } from "../../domain/order.js";
import { exceedsExactMoney, type FulfillmentKind, type PromoRule, priceOrder } from "../../domain/pricing.js";
import { nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { emitEvent } from "../events/index.js";
import { orderChanged } from "./reactions.js";
import { assertNotHeld } from "./target.js";
import { addTimeline } from "./timeline.js";
import { type Loaded, type Locked, type OrderView, quantitiesOf, toView, tryLockAndLoad } from "./view.js";

export type { OrderView };

/** Audit row, timeline entry and outbox events for one change, in the caller's transaction. */
export async function record(
  tx: Executor,
  ctx: RequestContext,
  loaded: Loaded,
  change: OrderChange,
): Promise<OrderView> {
  const view = toView(loaded);
  await addTimeline(tx, ctx, loaded.order.id, change.action, change.message, change.data);
  await recordAudit(tx, ctx, {
    action: change.action,
    resourceType: "order",
    resourceId: loaded.order.id,
    data: change.data,
  });
  for (const type of change.events) {
    await emitEvent(tx, ctx, { type, resourceType: "order", resourceId: loaded.order.id, data: view });
  }
  return view;
}

export interface OrderChange {
  /** The timeline entry's and audit row's action, e.g. `order.cancelled`. */
  action: string;
  message: string;
  data?: unknown;
  /** Outbox events besides the ones the status change itself implies. */
  events: OrderEvent[];
}

/** Statuses whose reaching is an event of its own (`order.shipped`…), whoever caused it. */
const STATUS_EVENTS: Partial<Record<OrderStatus, OrderEvent>> = {
  partially_shipped: "order.partially_shipped",
  shipped: "order.shipped",
  delivered: "order.delivered",
};

/**
 * The one way a stored order changes: the caller has applied the change to the locked order in
 * memory; this derives the status through the state machine (refusing a transition it does not
 * allow), bumps the version and keeps the previous one, writes order and lines, and records the
 * timeline entry, the audit row and the `order.*` events.
 */
export async function commitChange(
  tx: Executor,
  ctx: RequestContext,
  locked: Locked,
  change: OrderChange,
): Promise<OrderView> {
  const { before } = locked;
  await tx
    .insertInto("order_versions")
    .values({
      order_id: locked.order.id,
      version: before.version,
      snapshot: JSON.stringify(before.view),
      created_at: nowIso(),
    })
    .execute();
  locked.order.version = before.version + 1;
  await save(tx, locked, before.status);
  const reached = locked.order.status as OrderStatus;
  const statusEvent = reached !== before.status ? STATUS_EVENTS[reached] : undefined;
  const events =
    statusEvent && !change.events.includes(statusEvent) ? [...change.events, statusEvent] : change.events;
  const after = await record(tx, ctx, locked, { ...change, events });
  await orderChanged(tx, ctx, { before: before.view, after, action: change.action, data: change.data });
  return after;
}

// ------------------------------------------------------------------ derived state & save

export function refuseInexactTotals(priced: Parameters<typeof exceedsExactMoney>[0]): void {
  if (!exceedsExactMoney(priced)) return;
  throw unprocessable("The order's total is too large to be kept exactly: split it into several orders", [
    { path: "body.lines", message: "Quantities × prices too large" },
  ]);
}

/** Re-prices on active (not cancelled) quantities with the order's stored promo and tax rate. */
export function reprice(loaded: Loaded): void {
  const { order, lines } = loaded;
  const priced = priceOrder({
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity - l.cancelled, unit_price: l.unit_price })),
    promo: order.promo_rule ? (JSON.parse(order.promo_rule) as PromoRule) : null,
    fulfillment: order.requested_fulfillment as FulfillmentKind,
    tax_rate_bps: order.tax_rate_bps,
  });
  refuseInexactTotals(priced);
  lines.forEach((l, i) => {
    const p = priced.lines[i]!;
    Object.assign(l, { subtotal: p.subtotal, discount: p.discount, tax: p.tax, total: p.total });
  });
  Object.assign(order, {
    subtotal: priced.totals.subtotal,
    discount_total: priced.totals.discount_total,
    shipping_total: priced.totals.shipping_total,
    tax_total: priced.totals.tax_total,
    grand_total: priced.totals.grand_total,
  });
}

/** The status the order's lines (as changed in memory) put it in. */
export const derivedStatus = (loaded: Loaded): OrderStatus => deriveStatus(loaded.lines.map(quantitiesOf));

/** Derives the status from the lines (refusing a transition the state machine does not allow) and writes order and lines. */
export async function save(tx: Executor, loaded: Loaded, previous: OrderStatus): Promise<void> {
  const { order, lines } = loaded;
  const status = derivedStatus(loaded);
  if (!canTransition(previous, status)) {
    throw conflict(`An order cannot go from ${previous} to ${status}`);
  }
  order.status = status;
  order.open_holds = loaded.holds.filter((h) => h.released_at === null).length;
  if (status === "cancelled" && !order.cancelled_at) order.cancelled_at = nowIso();
  order.updated_at = nowIso();
  const { id, ...rest } = order;
  await tx.updateTable("orders").set(rest).where("id", "=", id).execute();
  if (lines.length === 0) return;
  for (const l of lines) l.updated_at = order.updated_at;
  // All lines in one statement: every line exists, so the upsert only ever takes its update arm.
  const columns = Object.keys(lines[0]!).filter((c) => c !== "id") as Array<keyof (typeof lines)[number]>;
  await tx
    .insertInto("order_lines")
    .values(lines)
    .onConflict((oc) =>
      oc
        .column("id")
        .doUpdateSet((eb) =>
          Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${String(c)}` as "excluded.sku")])),
        ),
    )
    .execute();
}

// Orders being changed in a transaction: the backorder filler leaves them alone (their change
// re-allocates them itself), and during an edit released stock is not handed out until the edit
// has re-committed what it needs.
export const busy = new WeakMap<object, Set<string>>();
export const deferFill = new WeakMap<object, Array<{ sku: string; locationId: string }>>();
export function markBusy(tx: Executor, orderId: string) {
  const set = busy.get(tx) ?? new Set<string>();
  busy.set(tx, set);
  set.add(orderId);
}

/** Units of a line leaving one location for another (re-sourcing) or for the backorder (`to` null). */
export interface AllocationMove {
  lineId: string;
  sku: string;
  fromLocationId: string;
  toLocationId: string | null;
  quantity: number;
}

export interface FulfillmentChange {
  moves?: readonly AllocationMove[];
  shipped?: ReadonlyArray<{ lineId: string; locationId: string | null; quantity: number }>;
  /** Shipped units the carrier (or the pickup counter) handed to the customer. */
  delivered?: ReadonlyArray<{ lineId: string; quantity: number }>;
  /** Units that came back (a return received): delivered ones first, then shipped ones. */
  returned?: ReadonlyArray<{ lineId: string; quantity: number }>;
  /** Refuse (409, rolling the caller's work back) while the order has open holds. */
  refuseIfHeld?: boolean;
  /** What happened, for the order's timeline, audit trail and `order.updated` event. */
  action: string;
  message: string;
  data?: unknown;
}

/** Moves and shipments applied to the order's lines and allocations in memory (no I/O). */
function applyToLines(locked: Locked, change: FulfillmentChange): void {
  const { lines, allocations } = locked;
  const alloc = (lineId: string, locationId: string) =>
    allocations.find((a) => a.line_id === lineId && a.location_id === locationId);
  const take = (lineId: string, locationId: string, q: number) => {
    const a = alloc(lineId, locationId);
    if (a) a.quantity = Math.max(0, a.quantity - q);
  };
  for (const m of change.moves ?? []) {
    const line = lines.find((l) => l.id === m.lineId);
    if (!line || m.quantity <= 0) continue;
    take(m.lineId, m.fromLocationId, m.quantity);
    if (m.toLocationId) {
      const a = alloc(m.lineId, m.toLocationId);
      if (a) a.quantity += m.quantity;
      else
        allocations.push({
          line_id: m.lineId,
          location_id: m.toLocationId,
          order_id: locked.order.id,
          sku: m.sku,
          quantity: m.quantity,
        });
    } else {
      const q = Math.min(m.quantity, line.committed);
      line.committed -= q;
      line.backordered += q;
    }
  }
  for (const s of change.shipped ?? []) {
    const line = lines.find((l) => l.id === s.lineId);
    if (!line || s.quantity <= 0) continue;
    if (s.locationId) take(s.lineId, s.locationId, s.quantity);
    const q = Math.min(s.quantity, line.committed);
    line.committed -= q;
    line.shipped += q;
  }
  for (const d of change.delivered ?? []) {
    const line = lines.find((l) => l.id === d.lineId);
    if (!line || d.quantity <= 0) continue;
    const q = Math.min(d.quantity, line.shipped);
    line.shipped -= q;
    line.delivered += q;
  }
  for (const r of change.returned ?? []) {
    const line = lines.find((l) => l.id === r.lineId);
    if (!line || r.quantity <= 0) continue;
    const fromDelivered = Math.min(r.quantity, line.delivered);
    const fromShipped = Math.min(r.quantity - fromDelivered, line.shipped);
    line.delivered -= fromDelivered;
    line.shipped -= fromShipped;
    line.returned += fromDelivered + fromShipped;
  }
  locked.allocations = allocations.filter((a) => a.quantity > 0);
  for (const line of lines) {
    line.location_id = locked.allocations.find((a) => a.line_id === line.id)?.location_id ?? line.location_id;
  }
}

/**
 * Applies what fulfillment did to an order, in the caller's transaction: allocations moved
 * (re-sourcing) or given up to the backorder, units shipped, or only something to record. It is
 * an order change like any other (version, timeline, audit, `order.updated`). Stock itself is
 * moved by the caller (commit / release / ship). An order not stored yet has nothing to reflect.
 */
export async function applyFulfillmentChange(
  tx: Executor,
  ctx: RequestContext,
  orderId: string,
  change: FulfillmentChange,
): Promise<OrderView | null> {
  const locked = await tryLockAndLoad(tx, orderId);
  if (!locked) return null;
  if (change.refuseIfHeld && locked.order.open_holds > 0) await assertNotHeld(tx, orderId);
  const touchesAllocations = (change.moves?.length ?? 0) + (change.shipped?.length ?? 0) > 0;
  applyToLines(locked, change);
  if (touchesAllocations) {
    await tx.deleteFrom("order_allocations").where("order_id", "=", orderId).execute();
    if (locked.allocations.length)
      await tx.insertInto("order_allocations").values(locked.allocations).execute();
  }
  return commitChange(tx, ctx, locked, {
    action: change.action,
    message: change.message,
    data: change.data,
    events: ["order.updated"],
  });
}
