// Where an order's stock is committed from. Capture, edits and draft placement go through
// `allocateOrderLines`, which asks the sourcing engine (modules/sourcing) and creates the
// fulfillment orders (modules/fulfillment) in the caller's transaction.
import type { Executor } from "../../db/transaction.js";
import { DomainError } from "../../domain/errors.js";
import type { RequestContext } from "../access/index.js";
import type { Variant } from "../catalog/index.js";
import { releasedByOrder, sourceAndCommit } from "../fulfillment/index.js";
import { InsufficientStockError, releaseStock } from "../inventory/index.js";
import type { Location } from "../locations/index.js";
import { reasonText } from "../sourcing/index.js";
import type { OrderLinesTable } from "./tables.js";
import { type SourcingTarget, sourcingTargetOf } from "./target.js";
import type { Loaded } from "./view.js";

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
      throw new DomainError(
        "pickup-unavailable",
        `Pickup at ${store} is not possible: ${why ? reasonText(why.reason) : `it cannot supply ${u.quantity} × ${u.sku}`}`,
        {
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

/** Gives back `quantity` committed units of a line, newest allocations first. */
export async function releaseLineUnits(
  tx: Executor,
  ctx: RequestContext,
  loaded: Loaded,
  line: OrderLinesTable,
  quantity: number,
) {
  let left = quantity;
  const mine = loaded.allocations.filter((a) => a.line_id === line.id).reverse();
  for (const a of mine) {
    if (left === 0) break;
    const q = Math.min(a.quantity, left);
    await releaseAllocation(tx, ctx, {
      lineId: line.id,
      sku: line.sku,
      locationId: a.location_id,
      quantity: q,
    });
    a.quantity -= q;
    left -= q;
    if (a.quantity === 0) {
      await tx
        .deleteFrom("order_allocations")
        .where("line_id", "=", a.line_id)
        .where("location_id", "=", a.location_id)
        .execute();
    } else {
      await tx
        .updateTable("order_allocations")
        .set({ quantity: a.quantity })
        .where("line_id", "=", a.line_id)
        .where("location_id", "=", a.location_id)
        .execute();
    }
  }
  loaded.allocations = loaded.allocations.filter((a) => a.quantity > 0);
  // Untracked SKUs have committed units without an allocation: nothing to give back.
}
