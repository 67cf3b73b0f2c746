// Where an order's stock is committed from. Capture, edits, draft placement and backorder
// filling all go through `allocateOrderLines`: the sourcing engine replaces this one function.
import type { Executor } from "../../db/transaction.js";
import type { PostalAddress } from "../../domain/address.js";
import type { RequestContext } from "../access/actor.js";
import type { Variant } from "../catalog/service.js";
import { availability, InsufficientStockError, releaseStock, tryCommitStock } from "../inventory/service.js";

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

/** What a sourcing engine needs to know about the order besides its lines. */
export interface SourcingTarget {
  channelId: string | null;
  fulfillmentType: "ship" | "pickup" | "local_delivery" | "digital";
  destination: PostalAddress | null;
  pickupLocationId: string | null;
  requestedDate: string | null;
}

export interface AllocationOrder {
  id: string;
  /** Locations allowed to fulfil this order, in preference order (channel × fulfillment method). */
  locationIds: readonly string[];
  /** ISO time the allocation happens at (for preorder release dates). */
  at: string;
  /** Where and how the order goes (given at capture, before the order row exists). */
  fulfillment?: SourcingTarget | undefined;
}

/**
 * Commits stock for every line, atomically within `tx`: for each line the first eligible
 * location that has all of it, else the eligible locations in order, each taking what it has.
 * Commitments are conditional updates, so concurrent orders can never oversell; an
 * availability read that is stale only makes a commit fail and move on. Units that cannot be
 * committed follow the SKU's policy: `deny` throws InsufficientStockError (409, naming the
 * SKU; the caller's transaction rolls back everything), `allow` backorders them, `preorder`
 * preorders them. Preorder SKUs before their release date commit nothing. Lines are committed
 * in SKU order so concurrent transactions lock stock rows in the same order.
 */
export async function allocateOrderLines(
  tx: Executor,
  ctx: RequestContext,
  order: AllocationOrder,
  lines: readonly AllocationRequestLine[],
): Promise<LineAllocation[]> {
  const stocked = lines.filter((l) => l.variant.track_inventory && l.quantity > 0);
  const avail = new Map<string, number>();
  if (stocked.length && order.locationIds.length) {
    for (const r of await availability(tx, [...new Set(stocked.map((l) => l.sku))], order.locationIds)) {
      avail.set(`${r.sku}|${r.location_id}`, r.available);
    }
  }
  const results = new Map<string, LineAllocation>();
  for (const line of [...lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))) {
    const v = line.variant;
    const result: LineAllocation = {
      lineId: line.lineId,
      committed: 0,
      backordered: 0,
      preorder: false,
      locations: [],
    };
    results.set(line.lineId, result);
    if (line.quantity <= 0) continue;
    if (!v.track_inventory) {
      result.committed = line.quantity;
      continue;
    }
    const notReleased = v.available_from !== null && v.available_from > order.at;
    if (v.backorder_policy === "preorder" && notReleased) {
      result.backordered = line.quantity;
      result.preorder = true;
      continue;
    }
    const reference = { type: "order_line", id: line.lineId };
    const have = (loc: string) => avail.get(`${line.sku}|${loc}`) ?? 0;
    let remaining = line.quantity;
    const take = async (loc: string, quantity: number) => {
      if (quantity <= 0) return;
      if (await tryCommitStock(tx, ctx, { sku: line.sku, locationId: loc, quantity, reference })) {
        remaining -= quantity;
        avail.set(`${line.sku}|${loc}`, have(loc) - quantity);
        const existing = result.locations.find((x) => x.locationId === loc);
        if (existing) existing.quantity += quantity;
        else result.locations.push({ locationId: loc, quantity });
      } else {
        avail.set(`${line.sku}|${loc}`, 0);
      }
    };
    // One location for the whole line when one has it all…
    const whole = order.locationIds.find((loc) => have(loc) >= remaining);
    if (whole) await take(whole, remaining);
    // …else (or when that commit lost a race) take from each eligible location in turn.
    for (const loc of order.locationIds) {
      if (remaining === 0) break;
      await take(loc, Math.min(remaining, have(loc)));
    }
    if (remaining > 0) {
      if (v.backorder_policy === "deny") {
        const have = line.quantity - remaining;
        throw new InsufficientStockError(
          line.sku,
          order.locationIds[0] ?? "none",
          line.quantity,
          have,
          `Not enough stock of ${line.sku}: ${line.quantity} requested, ${have} available`,
        );
      }
      result.backordered = remaining;
      result.preorder = v.backorder_policy === "preorder";
    }
    result.committed = line.quantity - result.backordered;
  }
  return lines.map((l) => results.get(l.lineId)!);
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
}
