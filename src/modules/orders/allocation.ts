// Where an order's stock is committed from. Capture, edits and draft placement go through
// `allocateOrderLines`, which asks the sourcing engine (modules/sourcing) and creates the
// fulfillment orders (modules/fulfillment) in the caller's transaction.
import type { Executor } from "../../db/transaction.js";
import type { PostalAddress } from "../../domain/address.js";
import { canTransition, deriveStatus, type OrderStatus } from "../../domain/order.js";
import { ApiError, conflict, problemType } from "../../http/errors.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/actor.js";
import type { Variant } from "../catalog/service.js";
import { releasedByOrder, sourceAndCommit } from "../fulfillment/service.js";
import { InsufficientStockError, releaseStock } from "../inventory/service.js";
import type { Location } from "../locations/service.js";
import { reasonText } from "../sourcing/service.js";
import type { OrdersTable } from "./tables.js";

export interface AllocationRequestLine {
  /** Our line id (the stock reference). */
  lineId: string;
  sku: string;
  /** Units to place: committed now, or else backordered/preordered/rejected by the SKU's policy. */
  quantity: number;
  variant: Variant;
}

export interface LineAllocation {
  lineId: string;
  committed: number;
  backordered: number;
  preorder: boolean;
  /** Where the committed units are, in the order they were taken. */
  locations: Array<{ locationId: string; quantity: number }>;
}

export interface AllocationOrder {
  id: string;
  /** Locations allowed to fulfil this order, in preference order (channel × fulfillment method). */
  locationIds: readonly string[];
  /** ISO time the allocation happens at (for preorder release dates). */
  at: string;
  /** Location rows the caller already read (saves sourcing reading them again). */
  locations?: readonly Location[] | undefined;
  /** Where and how the order goes; read from the stored order when absent (edits, drafts). */
  fulfillment?: SourcingTarget | undefined;
}

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
  throw new ApiError(
    409,
    "Conflict",
    `Order #${order.number} is on hold (${holds.map((h) => `${h.type}: ${h.reason}`).join("; ")}); release the hold before fulfilling it`,
    { type: problemType("order-on-hold"), order_id: orderId, open_holds: holds },
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

/**
 * Commits stock for every line, atomically within `tx`, where the sourcing engine says: the
 * cheapest plan over the order's eligible locations (shipping by distance and weight, handling,
 * split penalty, promise date), one fulfillment order per chosen location, stock committed at
 * exactly those locations (conditional updates, so concurrent orders can never oversell; a
 * commit that loses a race is sourced once more). Units nowhere can take follow the SKU's
 * policy: `deny` throws InsufficientStockError (409; the caller's transaction rolls back
 * everything), `allow` backorders them, `preorder` preorders them. A pickup the chosen store
 * cannot serve is refused (422) with the engine's reason. Preorder SKUs before their release
 * date commit nothing.
 */
export async function allocateOrderLines(
  tx: Executor,
  ctx: RequestContext,
  order: AllocationOrder,
  lines: readonly AllocationRequestLine[],
): Promise<LineAllocation[]> {
  const results: LineAllocation[] = lines.map((l) => ({
    lineId: l.lineId,
    committed: 0,
    backordered: 0,
    preorder: false,
    locations: [],
  }));
  const toSource: AllocationRequestLine[] = [];
  lines.forEach((line, i) => {
    const v = line.variant;
    if (line.quantity <= 0) return;
    const notReleased = v.available_from !== null && v.available_from > order.at;
    if (v.track_inventory && v.backorder_policy === "preorder" && notReleased) {
      results[i]!.backordered = line.quantity;
      results[i]!.preorder = true;
      return;
    }
    toSource.push(line);
  });
  if (toSource.length === 0) return results;
  const target = order.fulfillment ?? (await sourcingTargetOf(tx, order.id));
  const outcome = await sourceAndCommit(tx, ctx, {
    orderId: order.id,
    trigger: order.fulfillment ? "capture" : "allocation",
    input: {
      channel: target?.channelId ?? null,
      channelId: target?.channelId ?? null,
      variants: new Map(lines.map((l) => [l.sku, l.variant])),
      locationIds: order.locationIds,
      locations: order.locations,
      // In SKU order, so concurrent orders lock stock rows in the same order (no deadlocks).
      lines: [...toSource]
        .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
        .map((l) => ({ key: l.lineId, sku: l.sku, quantity: l.quantity })),
      destination: target?.destination ?? null,
      fulfillmentType: target?.fulfillmentType ?? "ship",
      pickupLocationId: target?.pickupLocationId ?? null,
      requestedDate: target?.requestedDate ?? null,
    },
  });
  const byLine = new Map(results.map((r) => [r.lineId, r]));
  for (const p of outcome.placed) {
    const result = byLine.get(p.key)!;
    result.committed += p.quantity;
    if (p.locationId === null) continue;
    const existing = result.locations.find((x) => x.locationId === p.locationId);
    if (existing) existing.quantity += p.quantity;
    else result.locations.push({ locationId: p.locationId, quantity: p.quantity });
  }
  const isPickup = target?.fulfillmentType === "pickup";
  for (const u of outcome.unplaced) {
    const line = toSource.find((l) => l.lineId === u.key)!;
    const result = byLine.get(u.key)!;
    const v = line.variant;
    if (isPickup) {
      const store = target?.pickupLocationId ?? "the chosen store";
      const why = outcome.plan.decision.explanation.excluded.find((e) => e.locationId === store);
      throw new ApiError(
        422,
        "Unprocessable Content",
        `Pickup at ${store} is not possible: ${why ? reasonText(why.reason) : `it cannot supply ${u.quantity} × ${u.sku}`}`,
        {
          type: problemType("pickup-unavailable"),
          location_id: store,
          reason: why?.reason ?? "insufficient_stock",
          errors: [
            {
              path: "body.pickup_location_id",
              message: `${store} cannot supply ${u.quantity} × ${u.sku} now`,
            },
          ],
        },
      );
    }
    if (v.backorder_policy === "deny") {
      const have = line.quantity - u.quantity;
      throw new InsufficientStockError(
        line.sku,
        order.locationIds[0] ?? "none",
        line.quantity,
        have,
        `Not enough stock of ${line.sku}: ${line.quantity} requested, ${have} available`,
      );
    }
    result.backordered += u.quantity;
    result.preorder = v.backorder_policy === "preorder";
  }
  return results;
}

/** Gives committed stock back (cancellations, edits). */
export async function releaseAllocation(
  tx: Executor,
  ctx: RequestContext,
  a: { lineId: string; sku: string; locationId: string; quantity: number },
): Promise<void> {
  if (a.quantity <= 0) return;
  await releaseStock(tx, ctx, {
    sku: a.sku,
    locationId: a.locationId,
    quantity: a.quantity,
    reference: { type: "order_line", id: a.lineId },
  });
  await releasedByOrder(tx, ctx, { lineId: a.lineId, locationId: a.locationId, quantity: a.quantity });
}

/** Units of a line leaving one location for another (re-sourcing) or for the backorder (`to` null). */
export interface AllocationMove {
  lineId: string;
  sku: string;
  fromLocationId: string;
  toLocationId: string | null;
  quantity: number;
}

/**
 * Applies what fulfillment did to an order's lines, in the caller's transaction: allocations
 * moved (re-sourcing) or given up to the backorder, units shipped; derives the status and writes
 * the timeline entry. Stock itself is moved by the caller (commit / release / ship).
 */
export async function applyFulfillmentChange(
  tx: Executor,
  ctx: RequestContext,
  orderId: string,
  change: {
    moves?: readonly AllocationMove[];
    shipped?: ReadonlyArray<{ lineId: string; locationId: string | null; quantity: number }>;
    timeline?: { type: string; message: string; data?: unknown };
  },
): Promise<void> {
  const locked = await tx
    .updateTable("orders")
    .set({ updated_at: nowIso() })
    .where("id", "=", orderId)
    .executeTakeFirst();
  if (Number(locked.numUpdatedRows) !== 1) return; // not stored (yet): nothing to reflect
  const order = await tx
    .selectFrom("orders")
    .select(["status"])
    .where("id", "=", orderId)
    .executeTakeFirstOrThrow();
  const lines = await tx.selectFrom("order_lines").selectAll().where("order_id", "=", orderId).execute();
  const allocations = await tx
    .selectFrom("order_allocations")
    .selectAll()
    .where("order_id", "=", orderId)
    .execute();
  const changed = new Set<string>();
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
          order_id: orderId,
          sku: m.sku,
          quantity: m.quantity,
        });
    } else {
      const q = Math.min(m.quantity, line.committed);
      line.committed -= q;
      line.backordered += q;
    }
    changed.add(line.id);
  }
  for (const s of change.shipped ?? []) {
    const line = lines.find((l) => l.id === s.lineId);
    if (!line || s.quantity <= 0) continue;
    if (s.locationId) take(s.lineId, s.locationId, s.quantity);
    const q = Math.min(s.quantity, line.committed);
    line.committed -= q;
    line.shipped += q;
    changed.add(line.id);
  }
  const now = nowIso();
  await tx.deleteFrom("order_allocations").where("order_id", "=", orderId).execute();
  const keep = allocations.filter((a) => a.quantity > 0);
  if (keep.length) await tx.insertInto("order_allocations").values(keep).execute();
  for (const line of lines) {
    if (!changed.has(line.id)) continue;
    const first = keep.find((a) => a.line_id === line.id)?.location_id ?? line.location_id;
    await tx
      .updateTable("order_lines")
      .set({
        committed: line.committed,
        backordered: line.backordered,
        shipped: line.shipped,
        location_id: first,
        updated_at: now,
      })
      .where("id", "=", line.id)
      .execute();
  }
  const previous = order.status as OrderStatus;
  const status = deriveStatus(lines);
  if (!canTransition(previous, status)) throw conflict(`An order cannot go from ${previous} to ${status}`);
  await tx.updateTable("orders").set({ status, updated_at: now }).where("id", "=", orderId).execute();
  if (change.timeline) {
    await tx
      .insertInto("order_events")
      .values({
        id: newId("orderEvent"),
        order_id: orderId,
        type: change.timeline.type,
        message: change.timeline.message,
        data: change.timeline.data === undefined ? null : JSON.stringify(change.timeline.data),
        actor_type: ctx.actor.type,
        actor_id: ctx.actor.id,
        actor_name: ctx.actor.name,
        request_id: ctx.requestId,
        created_at: now,
      })
      .execute();
  }
}
