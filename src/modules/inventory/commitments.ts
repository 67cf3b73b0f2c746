// Stock that orders take and give back: commit (conditionally, optionally held back to the end
// of the transaction), release, ship and restock returns. Kits act on their tracked components.
import type { Executor } from "../../db/transaction.js";
import { unprocessable } from "../../domain/errors.js";
import type { Delta, MovementType } from "../../domain/inventory.js";
import { withEntry } from "../../lib/scoped.js";
import type { RequestContext } from "../access/index.js";
import { getVariantsBySkus, type Variant } from "../catalog/index.js";
import { availability } from "./availability.js";
import {
  applyLevelDelta,
  changeLevelOrThrow,
  changeLevelsOrThrow,
  InsufficientStockError,
  type LevelChange,
  recordChanges,
  type StockReference,
} from "./levels.js";
import type { InventoryLevelsTable } from "./tables.js";

export interface StockRequest {
  sku: string;
  locationId: string;
  quantity: number;
  reference: StockReference;
  /**
   * Let `committed` exceed what is available (available goes negative) — honoured only when the
   * SKU's backorder policy is `allow` or `preorder`. Off by default: the caller decides.
   */
  allowBackorder?: boolean;
  /** The SKU's variant, when the caller has it already (same transaction): saves a round trip. */
  variant?: Variant | undefined;
  /** When it happened, if not now: the movements carry this time (see LevelChange.at). */
  at?: string | undefined;
}

function checkQuantity(quantity: number, path = "quantity"): void {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw unprocessable(`${path} must be a positive whole number`, [
      { path, message: "Must be a positive integer" },
    ]);
  }
}

async function variantOf(tx: Executor, sku: string, known?: Variant): Promise<Variant> {
  if (known && known.sku === sku) return known;
  const variant = (await getVariantsBySkus(tx, [sku])).get(sku);
  if (!variant) throw unprocessable(`SKU ${sku} does not exist`, [{ path: "sku", message: "Unknown SKU" }]);
  return variant;
}

/** Kit components that carry stock, with the units each kit needs. */
async function trackedComponents(
  tx: Executor,
  kit: Variant,
): Promise<Array<{ sku: string; quantity: number }>> {
  const parts = await getVariantsBySkus(
    tx,
    kit.components.map((c) => c.sku),
  );
  return kit.components
    .filter((c) => parts.get(c.sku)?.track_inventory !== false)
    .sort((a, b) => (a.sku < b.sku ? -1 : 1));
}

/**
 * Conditionally commits `quantity` of `sku` at `locationId` (kits: each component × quantity).
 * Returns false, changing nothing, when not enough is available. Writes the `commit` movement(s).
 */
export async function tryCommitStock(tx: Executor, ctx: RequestContext, a: StockRequest): Promise<boolean> {
  const [committed] = await tryCommitStockBatch(tx, ctx, [a]);
  return committed === true;
}

/** Thrown by withLateStockCommits when stock it was holding back a commit for is gone. */
export class StockRaceError extends Error {
  constructor(sku: string, locationId: string) {
    super(`Stock of ${sku} at ${locationId} changed between sourcing and commit`);
  }
}

/** Late commits that found their stock gone (the capture ran again), since the process started. */
export const lateCommitStats = { races: 0 };

/** Commits held back per open transaction by withLateStockCommits. */
const lateCommits = new WeakMap<Executor, LevelChange[]>();

/** The order every committer takes stock rows in, so no two can deadlock. */
export const lockOrder = (x: { sku: string; locationId: string }, y: { sku: string; locationId: string }) =>
  x.sku < y.sku
    ? -1
    : x.sku > y.sku
      ? 1
      : x.locationId < y.locationId
        ? -1
        : x.locationId > y.locationId
          ? 1
          : 0;

/**
 * Runs `work` with the stock commits it makes through tryCommitStockBatch held back, then
 * applies them as its last writes. On PostgreSQL an updated level row stays locked until
 * COMMIT, so taking those locks last means concurrent orders for the same SKUs wait for a few
 * statements, not for each other's every insert. The commits are the same conditional UPDATEs
 * (no oversell): `work` plans from the levels it read, and when one of them finds the stock
 * gone at the end, StockRaceError is thrown; the caller rolls back to a savepoint and runs the
 * work again committing as it sources. Movements and level events are recorded when applied.
 */
export async function withLateStockCommits<T>(
  tx: Executor,
  ctx: RequestContext,
  work: () => Promise<T>,
): Promise<T> {
  const held: LevelChange[] = [];
  const result = await withEntry(lateCommits, tx, held, work);
  const applied: Array<{ change: LevelChange; level: InventoryLevelsTable }> = [];
  // In (SKU, location) order, as every committer locks them, so no two can deadlock.
  for (const change of held.sort(lockOrder)) {
    const level = await applyLevelDelta(tx, change);
    if (!level) {
      lateCommitStats.races++;
      throw new StockRaceError(change.sku, change.locationId);
    }
    applied.push({ change, level });
  }
  if (applied.length) await recordChanges(tx, ctx, applied);
  return result;
}

/**
 * tryCommitStock for several items in one go: each item is still its own conditional UPDATE per
 * (sku, location), applied in the given order (give them in (sku, location) order so concurrent
 * callers lock rows alike), and each item succeeds or fails on its own (a failed item changes
 * nothing, as with tryCommitStock) — but the movements of every committed item go in as ONE
 * multi-row insert and their `inventory.level_changed` events as ONE multi-row insert. Returns,
 * per item, whether it was committed. Pass each item's `variant` to save reading it. Inside
 * withLateStockCommits the commits are held back (and reported as committed).
 */
export async function tryCommitStockBatch(
  tx: Executor,
  ctx: RequestContext,
  items: readonly StockRequest[],
): Promise<boolean[]> {
  for (const a of items) checkQuantity(a.quantity);
  const held = lateCommits.get(tx);
  const missing = items.filter((a) => !(a.variant && a.variant.sku === a.sku)).map((a) => a.sku);
  const loaded = missing.length ? await getVariantsBySkus(tx, missing) : new Map<string, Variant>();
  const results: boolean[] = [];
  const committed: Array<{ change: LevelChange; level: InventoryLevelsTable }> = [];
  for (const a of items) {
    const variant = a.variant && a.variant.sku === a.sku ? a.variant : loaded.get(a.sku);
    if (!variant)
      throw unprocessable(`SKU ${a.sku} does not exist`, [{ path: "sku", message: "Unknown SKU" }]);
    if (!variant.track_inventory) {
      results.push(true);
      continue;
    }
    const note = variant.is_kit ? `kit ${a.sku}` : null;
    const changes: LevelChange[] = variant.is_kit
      ? (await trackedComponents(tx, variant)).map((c) => ({
          sku: c.sku,
          locationId: a.locationId,
          type: "commit",
          delta: { committed: c.quantity * a.quantity },
          reference: a.reference,
          note,
          at: a.at,
        }))
      : [
          {
            sku: a.sku,
            locationId: a.locationId,
            type: "commit",
            delta: { committed: a.quantity },
            reference: a.reference,
            guardAvailable: !(a.allowBackorder && variant.backorder_policy !== "deny"),
            at: a.at,
          },
        ];
    if (held) {
      // Planned from the levels this transaction read; withLateStockCommits applies it.
      held.push(...changes);
      results.push(true);
      continue;
    }
    const applied: Array<{ change: LevelChange; level: InventoryLevelsTable }> = [];
    let ok = true;
    for (const change of changes) {
      const level = await applyLevelDelta(tx, change);
      if (!level) {
        // Put back what this item already took; nothing was recorded for it.
        for (const done of applied) {
          await applyLevelDelta(tx, {
            ...done.change,
            delta: { committed: -(done.change.delta.committed ?? 0) },
            guardAvailable: false,
          });
        }
        ok = false;
        break;
      }
      applied.push({ change, level });
    }
    results.push(ok);
    if (ok) committed.push(...applied);
  }
  if (committed.length) await recordChanges(tx, ctx, committed);
  return results;
}

/** Same as tryCommitStock, but throws InsufficientStockError instead of returning false. */
export async function commitStock(tx: Executor, ctx: RequestContext, a: StockRequest): Promise<void> {
  if (await tryCommitStock(tx, ctx, a)) return;
  const [row] = await availability(tx, [a.sku], [a.locationId]);
  throw new InsufficientStockError(a.sku, a.locationId, a.quantity, row?.available ?? 0);
}

async function componentChanges(
  tx: Executor,
  a: StockRequest,
  type: MovementType,
  delta: (q: number) => Delta,
): Promise<LevelChange[]> {
  checkQuantity(a.quantity);
  const variant = await variantOf(tx, a.sku, a.variant);
  if (!variant.track_inventory) return [];
  if (!variant.is_kit) {
    return [
      {
        sku: a.sku,
        locationId: a.locationId,
        type,
        delta: delta(a.quantity),
        reference: a.reference,
        at: a.at,
      },
    ];
  }
  return (await trackedComponents(tx, variant)).map((c) => ({
    sku: c.sku,
    locationId: a.locationId,
    type,
    delta: delta(c.quantity * a.quantity),
    reference: a.reference,
    note: `kit ${a.sku}`,
    at: a.at,
  }));
}

/** Undoes a commitment: committed −= quantity (kits: components), `release` movement. */
export async function releaseStock(tx: Executor, ctx: RequestContext, a: StockRequest): Promise<void> {
  for (const change of await componentChanges(tx, a, "release", (q) => ({ committed: -q }))) {
    await changeLevelOrThrow(tx, ctx, change);
  }
}

/** Shipment: on_hand −= q and committed −= q (kits: components), `ship` movement. */
export async function shipStock(tx: Executor, ctx: RequestContext, a: StockRequest): Promise<void> {
  for (const change of await componentChanges(tx, a, "ship", (q) => ({ on_hand: -q, committed: -q }))) {
    await changeLevelOrThrow(tx, ctx, change);
  }
}

/** Several shipments at once (a package's lines): one catalog read for all of their SKUs. */
export async function shipStockBatch(
  tx: Executor,
  ctx: RequestContext,
  requests: readonly StockRequest[],
): Promise<void> {
  const variants = await getVariantsBySkus(
    tx,
    requests.filter((r) => !r.variant).map((r) => r.sku),
  );
  const changes = [];
  for (const r of requests) {
    const a = { ...r, variant: r.variant ?? variants.get(r.sku) };
    changes.push(...(await componentChanges(tx, a, "ship", (q) => ({ on_hand: -q, committed: -q }))));
  }
  await changeLevelsOrThrow(tx, ctx, changes);
}

/** A return put back on the shelf (`return_restock`), or received as damaged (`damage`). */
export async function restockReturn(
  tx: Executor,
  ctx: RequestContext,
  a: StockRequest & { condition?: "sellable" | "damaged" },
): Promise<void> {
  const damaged = a.condition === "damaged";
  const changes = await componentChanges(tx, a, damaged ? "damage" : "return_restock", (q) =>
    damaged ? { on_hand: q, damaged: q } : { on_hand: q },
  );
  for (const change of changes) await changeLevelOrThrow(tx, ctx, { ...change, reason: "return" });
}
