import { sql } from "kysely";
import { type Executor, inTransaction } from "../../db/transaction.js";
import {
  available as availableOf,
  compareLevels,
  type Delta,
  kitAvailable,
  type LevelDifference,
  levelKey,
  type Quantities,
} from "../../domain/inventory.js";
import { badRequest, type FieldError, unprocessable } from "../../http/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { withEntry } from "../../lib/scoped.js";
import type { RequestContext } from "../access/actor.js";
import { recordAudit } from "../audit/service.js";
import { getVariantsBySkus, type Variant } from "../catalog/service.js";
import { getChannelByCode } from "../channels/service.js";
import { getLocationsByIds, type Location } from "../locations/service.js";
import {
  AVAILABLE_SQL,
  applyLevelDelta,
  changeLevel,
  changeLevelOrThrow,
  ensureLevel,
  InsufficientStockError,
  type LevelChange,
  type LevelView,
  type MovementType,
  recordChange,
  recordChanges,
  type StockReference,
  toLevelView,
} from "./levels.js";
import type { InventoryLevelsTable } from "./tables.js";

export {
  InsufficientStockError,
  type LevelView,
  MOVEMENT_TYPES,
  type MovementType,
  onStockAvailable,
  type StockAvailableHandler,
  type StockReference,
} from "./levels.js";

/** What `availability` reports for SKUs whose stock is not tracked: effectively unlimited. */
export const UNTRACKED_AVAILABLE = 1_000_000_000;

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
        }))
      : [
          {
            sku: a.sku,
            locationId: a.locationId,
            type: "commit",
            delta: { committed: a.quantity },
            reference: a.reference,
            guardAvailable: !(a.allowBackorder && variant.backorder_policy !== "deny"),
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
    return [{ sku: a.sku, locationId: a.locationId, type, delta: delta(a.quantity), reference: a.reference }];
  }
  return (await trackedComponents(tx, variant)).map((c) => ({
    sku: c.sku,
    locationId: a.locationId,
    type,
    delta: delta(c.quantity * a.quantity),
    reference: a.reference,
    note: `kit ${a.sku}`,
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

/**
 * Available (on_hand − committed − unavailable, never below 0) per (sku, location) for sourcing
 * and promising. Kits are derived from their components; untracked SKUs report
 * UNTRACKED_AVAILABLE at the given locations (or where they have a level row). Unknown SKUs are absent.
 */
export async function availability(
  db: Executor,
  skus: readonly string[],
  locationIds?: readonly string[],
  /** Variants the caller already read in this transaction (saves reading them again). */
  known?: ReadonlyMap<string, Variant>,
): Promise<Array<{ sku: string; location_id: string; available: number }>> {
  if (skus.length === 0 || locationIds?.length === 0) return [];
  const variants =
    known && skus.every((s) => known.has(s))
      ? new Map(skus.map((s) => [s, known.get(s) as Variant]))
      : await getVariantsBySkus(db, skus);
  const stockSkus = new Set<string>();
  for (const v of variants.values()) {
    stockSkus.add(v.sku);
    for (const c of v.components) stockSkus.add(c.sku);
  }
  const componentSkus = [...stockSkus].filter((s) => !variants.has(s));
  const components = componentSkus.length
    ? await getVariantsBySkus(db, componentSkus)
    : new Map<string, Variant>();
  const tracked = (sku: string) => (variants.get(sku) ?? components.get(sku))?.track_inventory !== false;
  let q = db
    .selectFrom("inventory_levels")
    .selectAll()
    .where("sku", "in", [...stockSkus]);
  if (locationIds) q = q.where("location_id", "in", [...locationIds]);
  const rows = await q.orderBy("location_id").execute();
  const byKey = new Map(rows.map((r) => [levelKey(r.sku, r.location_id), availableOf(r)]));
  const locations = locationIds ? [...new Set(locationIds)] : [...new Set(rows.map((r) => r.location_id))];
  const out: Array<{ sku: string; location_id: string; available: number }> = [];
  for (const sku of new Set(skus)) {
    const v = variants.get(sku);
    if (!v) continue;
    for (const loc of locations) {
      let avail: number | undefined;
      if (!v.track_inventory) avail = UNTRACKED_AVAILABLE;
      else if (v.is_kit) {
        const parts = v.components.filter((c) => tracked(c.sku));
        if (parts.some((c) => byKey.has(levelKey(c.sku, loc)))) {
          avail =
            parts.length === 0
              ? UNTRACKED_AVAILABLE
              : kitAvailable(
                  parts.map((c) => ({
                    quantity: c.quantity,
                    available: byKey.get(levelKey(c.sku, loc)) ?? 0,
                  })),
                );
        } else if (parts.length === 0) avail = UNTRACKED_AVAILABLE;
      } else {
        const a = byKey.get(levelKey(sku, loc));
        if (a !== undefined) avail = Math.max(0, a);
      }
      if (avail !== undefined) out.push({ sku, location_id: loc, available: avail });
    }
  }
  return out;
}

// ---------------------------------------------------------------- validation of user input

/** Known, stockable SKUs (not kits), or a 422 listing every bad one. */
export async function requireStockSkus(
  db: Executor,
  items: Array<{ sku: string; path: string }>,
): Promise<Map<string, Variant>> {
  const variants = await getVariantsBySkus(
    db,
    items.map((i) => i.sku),
  );
  const errors: FieldError[] = [];
  for (const { sku, path } of items) {
    const v = variants.get(sku);
    if (!v) errors.push({ path, message: `Unknown SKU ${sku}` });
    else if (v.is_kit) errors.push({ path, message: `${sku} is a kit: its stock is its components' stock` });
  }
  if (errors.length) throw unprocessable(errors[0]?.message ?? "Invalid SKU", errors);
  return variants;
}

export async function requireLocation(db: Executor, id: string, path = "location_id"): Promise<Location> {
  const [location] = await getLocationsByIds(db, [id]);
  if (!location)
    throw unprocessable(`Location ${id} does not exist`, [{ path, message: `Unknown location ${id}` }]);
  return location;
}

const levelId = (sku: string, locationId: string) => `${locationId}:${sku}`;

// ---------------------------------------------------------------- reads

export interface LevelFilter {
  sku?: string | undefined;
  location_id?: string | undefined;
}

function encodeLevelCursor(row: { sku: string; location_id: string }) {
  return Buffer.from(JSON.stringify(["lvl", row.sku, row.location_id])).toString("base64url");
}

function decodeLevelCursor(cursor: string): [string, string] {
  try {
    const [tag, sku, loc] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown[];
    if (tag === "lvl" && typeof sku === "string" && typeof loc === "string") return [sku, loc];
  } catch {
    // fall through
  }
  throw badRequest("The cursor is not valid for this list", [
    { path: "querystring.cursor", message: "Invalid cursor" },
  ]);
}

/** Levels ordered by SKU then location (keyset on the primary key). */
export async function listLevels(
  db: Executor,
  filter: LevelFilter & { below_reorder_point?: boolean },
  page: PageRequest,
): Promise<{ data: LevelView[]; next_cursor: string | null }> {
  let q = db.selectFrom("inventory_levels").selectAll();
  if (filter.sku) q = q.where("sku", "=", filter.sku);
  if (filter.location_id) q = q.where("location_id", "=", filter.location_id);
  if (filter.below_reorder_point) {
    q = q.where("reorder_point", "is not", null).where(sql<boolean>`${AVAILABLE_SQL} <= reorder_point`);
  }
  if (page.cursor) {
    const [sku, loc] = decodeLevelCursor(page.cursor);
    q = q.where((eb) =>
      eb.or([eb("sku", ">", sku), eb.and([eb("sku", "=", sku), eb("location_id", ">", loc)])]),
    );
  }
  const rows = await q
    .orderBy("sku")
    .orderBy("location_id")
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  const data = (more ? rows.slice(0, page.limit) : rows).map(toLevelView);
  const last = data[data.length - 1];
  return { data, next_cursor: more && last ? encodeLevelCursor(last) : null };
}

export interface MovementFilter {
  sku?: string | undefined;
  location_id?: string | undefined;
  type?: string | undefined;
  reference_type?: string | undefined;
  reference_id?: string | undefined;
}

export async function listMovements(db: Executor, filter: MovementFilter, page: PageRequest) {
  let q = db.selectFrom("inventory_movements").selectAll();
  if (filter.sku) q = q.where("sku", "=", filter.sku);
  if (filter.location_id) q = q.where("location_id", "=", filter.location_id);
  if (filter.type) q = q.where("type", "=", filter.type);
  if (filter.reference_type) q = q.where("reference_type", "=", filter.reference_type);
  if (filter.reference_id) q = q.where("reference_id", "=", filter.reference_id);
  const result = await keysetPage(q, "id", page);
  return { data: result.data.map(toMovementView), next_cursor: result.next_cursor };
}

export function toMovementView(m: {
  id: string;
  sku: string;
  location_id: string;
  type: string;
  d_on_hand: number;
  d_committed: number;
  d_incoming: number;
  d_damaged: number;
  d_quality_control: number;
  d_safety_stock: number;
  reason: string | null;
  note: string | null;
  reference_type: string | null;
  reference_id: string | null;
  actor_type: string;
  actor_id: string | null;
  request_id: string | null;
  created_at: string;
}) {
  return {
    id: m.id,
    sku: m.sku,
    location_id: m.location_id,
    type: m.type,
    deltas: {
      on_hand: m.d_on_hand,
      committed: m.d_committed,
      incoming: m.d_incoming,
      damaged: m.d_damaged,
      quality_control: m.d_quality_control,
      safety_stock: m.d_safety_stock,
      available: m.d_on_hand - m.d_committed - m.d_damaged - m.d_quality_control - m.d_safety_stock,
    },
    reason: m.reason,
    note: m.note,
    reference: m.reference_type ? { type: m.reference_type, id: m.reference_id ?? "" } : null,
    actor: { type: m.actor_type, id: m.actor_id },
    request_id: m.request_id,
    created_at: m.created_at,
  };
}

export type MovementView = ReturnType<typeof toMovementView>;

/**
 * Stock of each SKU across the network (all locations, the given ones, or a channel's), with
 * the split per location. Kits are derived from their components.
 */
export async function networkAvailability(
  db: Executor,
  input: { skus: string[]; channel?: string | undefined; location_ids?: string[] | undefined },
) {
  let locationIds = input.location_ids;
  let channel: { code: string; location_ids: string[] } | null = null;
  if (input.channel) {
    const c = await getChannelByCode(db, input.channel);
    if (!c)
      throw unprocessable(`Channel ${input.channel} does not exist`, [
        { path: "querystring.channel", message: "Unknown channel" },
      ]);
    channel = { code: c.code, location_ids: c.location_ids };
    locationIds = locationIds ? locationIds.filter((l) => c.location_ids.includes(l)) : c.location_ids;
  }
  const variants = await getVariantsBySkus(db, input.skus);
  const unknown = input.skus.filter((s) => !variants.has(s));
  if (unknown.length) {
    throw unprocessable(
      `Unknown SKU ${unknown.join(", ")}`,
      unknown.map((s) => ({ path: "querystring.sku", message: `Unknown SKU ${s}` })),
    );
  }
  const perLocation = await availability(db, input.skus, locationIds);
  let levelRows: InventoryLevelsTable[] = [];
  const plain = input.skus.filter((s) => !variants.get(s)?.is_kit);
  if (plain.length && locationIds?.length !== 0) {
    let q = db.selectFrom("inventory_levels").selectAll().where("sku", "in", plain);
    if (locationIds) q = q.where("location_id", "in", locationIds);
    levelRows = await q.execute();
  }
  return {
    channel: channel?.code ?? null,
    data: input.skus.map((sku) => {
      const v = variants.get(sku) as Variant;
      const locs = perLocation.filter((r) => r.sku === sku);
      const levels = levelRows.filter((r) => r.sku === sku);
      const sum = (f: (r: InventoryLevelsTable) => number) => levels.reduce((s, r) => s + f(r), 0);
      return {
        sku,
        is_kit: v.is_kit,
        track_inventory: v.track_inventory,
        available: Math.min(
          UNTRACKED_AVAILABLE,
          locs.reduce((s, r) => s + r.available, 0),
        ),
        on_hand: sum((r) => r.on_hand),
        committed: sum((r) => r.committed),
        incoming: sum((r) => r.incoming),
        unavailable: sum((r) => r.damaged + r.quality_control + r.safety_stock),
        locations: locs.map((r) => ({ location_id: r.location_id, available: r.available })),
      };
    }),
  };
}

// ---------------------------------------------------------------- operations

export const ADJUSTMENT_REASONS = [
  "received",
  "correction",
  "cycle_count",
  "damaged",
  "shrinkage",
  "theft",
  "lost",
  "found",
  "promotion",
  "return_restock",
  "other",
] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

const movementTypeOfReason = (reason: AdjustmentReason, delta: number): MovementType =>
  delta > 0 && reason === "received"
    ? "receive"
    : delta > 0 && reason === "return_restock"
      ? "return_restock"
      : "adjust";

/** Adds to or removes from on_hand with a reason; a decrease cannot take committed or unavailable stock. */
export async function adjustInventory(
  db: Executor,
  ctx: RequestContext,
  input: {
    sku: string;
    location_id: string;
    delta: number;
    reason: AdjustmentReason;
    note?: string | undefined;
    reference?: StockReference | undefined;
  },
) {
  return inTransaction(db, async (tx) => {
    await requireStockSkus(tx, [{ sku: input.sku, path: "body.sku" }]);
    await requireLocation(tx, input.location_id, "body.location_id");
    const { level, movement } = await changeLevelOrThrow(tx, ctx, {
      sku: input.sku,
      locationId: input.location_id,
      type: movementTypeOfReason(input.reason, input.delta),
      delta: { on_hand: input.delta },
      reason: input.reason,
      note: input.note ?? null,
      reference: input.reference ?? null,
    });
    await recordAudit(tx, ctx, {
      action: "inventory.adjusted",
      resourceType: "inventory_level",
      resourceId: levelId(input.sku, input.location_id),
      data: { delta: input.delta, reason: input.reason, movement_id: movement.id },
    });
    return { movement: toMovementView(movement), level: toLevelView(level) };
  });
}

/**
 * Sets on_hand to the counted quantity and records the difference as a `count` movement.
 * A compare-and-set on the previous value, retried if the level moved meanwhile.
 */
export async function setOnHand(
  tx: Executor,
  ctx: RequestContext,
  a: {
    sku: string;
    locationId: string;
    counted: number;
    reason: string;
    note?: string | null;
    reference?: StockReference | null;
  },
): Promise<{ previous: number; level: InventoryLevelsTable; movement_id: string | null }> {
  await ensureLevel(tx, a.sku, a.locationId);
  for (;;) {
    const row = await tx
      .selectFrom("inventory_levels")
      .selectAll()
      .where("sku", "=", a.sku)
      .where("location_id", "=", a.locationId)
      .executeTakeFirstOrThrow();
    const diff = a.counted - row.on_hand;
    if (diff === 0) return { previous: row.on_hand, level: row, movement_id: null };
    const updated = await tx
      .updateTable("inventory_levels")
      .set({ on_hand: a.counted, updated_at: new Date().toISOString() })
      .where("sku", "=", a.sku)
      .where("location_id", "=", a.locationId)
      .where("on_hand", "=", row.on_hand)
      .returningAll()
      .executeTakeFirst();
    if (!updated) continue;
    const movement = await recordChange(tx, ctx, {
      change: {
        sku: a.sku,
        locationId: a.locationId,
        type: "count",
        delta: { on_hand: diff },
        reason: a.reason,
        note: a.note ?? null,
        reference: a.reference ?? null,
      },
      level: updated,
    });
    return { previous: row.on_hand, level: updated, movement_id: movement.id };
  }
}

/** A cycle count at one location: each counted SKU's on_hand becomes what was counted. */
export async function recordCount(
  db: Executor,
  ctx: RequestContext,
  input: {
    location_id: string;
    lines: Array<{ sku: string; counted_quantity: number }>;
    note?: string | undefined;
  },
) {
  return inTransaction(db, async (tx) => {
    await requireLocation(tx, input.location_id, "body.location_id");
    await requireStockSkus(
      tx,
      input.lines.map((l, i) => ({ sku: l.sku, path: `body.lines.${i}.sku` })),
    );
    const seen = new Set<string>();
    input.lines.forEach((l, i) => {
      if (seen.has(l.sku))
        throw unprocessable(`${l.sku} is counted twice`, [
          { path: `body.lines.${i}.sku`, message: "Duplicate SKU" },
        ]);
      seen.add(l.sku);
    });
    const lines = [];
    for (const line of [...input.lines].sort((a, b) => (a.sku < b.sku ? -1 : 1))) {
      const r = await setOnHand(tx, ctx, {
        sku: line.sku,
        locationId: input.location_id,
        counted: line.counted_quantity,
        reason: "cycle_count",
        note: input.note ?? null,
      });
      lines.push({
        sku: line.sku,
        previous_on_hand: r.previous,
        counted_quantity: line.counted_quantity,
        difference: line.counted_quantity - r.previous,
        movement_id: r.movement_id,
        level: toLevelView(r.level),
      });
    }
    await recordAudit(tx, ctx, {
      action: "inventory.counted",
      resourceType: "location",
      resourceId: input.location_id,
      data: {
        lines: lines.map((l) => ({ sku: l.sku, counted: l.counted_quantity, difference: l.difference })),
      },
    });
    return { location_id: input.location_id, lines };
  });
}

export const QUANTITY_STATES = ["available", "damaged", "quality_control", "safety_stock"] as const;
export type QuantityState = (typeof QUANTITY_STATES)[number];

/** Moves units between available and an unavailable state, or discards unavailable units. */
export async function moveBetweenStates(
  db: Executor,
  ctx: RequestContext,
  input: {
    sku: string;
    location_id: string;
    quantity: number;
    from: QuantityState;
    to: QuantityState | "discarded";
    reason?: string | undefined;
    note?: string | undefined;
  },
) {
  if (input.from === input.to) {
    throw unprocessable("from and to must differ", [{ path: "body.to", message: "Same state as from" }]);
  }
  if (input.to === "discarded" && input.from === "available") {
    throw unprocessable("Discard available stock with an adjustment", [
      { path: "body.from", message: "Only unavailable stock can be discarded" },
    ]);
  }
  const q = input.quantity;
  const delta: Delta = {};
  if (input.from !== "available") delta[input.from] = -q;
  if (input.to === "discarded") delta.on_hand = -q;
  else if (input.to !== "available") delta[input.to] = q;
  const type: MovementType =
    input.to === "damaged" ? "damage" : input.to === "discarded" ? "discard" : "state_move";
  return inTransaction(db, async (tx) => {
    await requireStockSkus(tx, [{ sku: input.sku, path: "body.sku" }]);
    await requireLocation(tx, input.location_id, "body.location_id");
    const { level, movement } = await changeLevelOrThrow(tx, ctx, {
      sku: input.sku,
      locationId: input.location_id,
      type,
      delta,
      reason: input.reason ?? `${input.from}_to_${input.to}`,
      note: input.note ?? null,
    });
    await recordAudit(tx, ctx, {
      action: "inventory.state_moved",
      resourceType: "inventory_level",
      resourceId: levelId(input.sku, input.location_id),
      data: { from: input.from, to: input.to, quantity: q, movement_id: movement.id },
    });
    return { movement: toMovementView(movement), level: toLevelView(level) };
  });
}

/** Sets the reorder point (and quantity) of a level; null clears it. */
export async function setReorderPoint(
  db: Executor,
  ctx: RequestContext,
  input: {
    sku: string;
    location_id: string;
    reorder_point: number | null;
    reorder_quantity?: number | null | undefined;
  },
) {
  return inTransaction(db, async (tx) => {
    await requireStockSkus(tx, [{ sku: input.sku, path: "body.sku" }]);
    await requireLocation(tx, input.location_id, "body.location_id");
    await ensureLevel(tx, input.sku, input.location_id);
    const row = await tx
      .updateTable("inventory_levels")
      .set({
        reorder_point: input.reorder_point,
        ...(input.reorder_quantity !== undefined ? { reorder_quantity: input.reorder_quantity } : {}),
        updated_at: new Date().toISOString(),
      })
      .where("sku", "=", input.sku)
      .where("location_id", "=", input.location_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, {
      action: "inventory.reorder_point_set",
      resourceType: "inventory_level",
      resourceId: levelId(input.sku, input.location_id),
      data: { reorder_point: row.reorder_point, reorder_quantity: row.reorder_quantity },
    });
    return toLevelView(row);
  });
}

/** Levels at or below their reorder point, with how much to order. */
export async function listAlerts(db: Executor, filter: LevelFilter, page: PageRequest) {
  const result = await listLevels(db, { ...filter, below_reorder_point: true }, page);
  return {
    data: result.data.map((l) => {
      const rp = l.reorder_point ?? 0;
      const shortfall = rp - l.available;
      return {
        ...l,
        shortfall,
        // Enough to lift available above the reorder point once incoming stock lands.
        suggested_order_quantity: l.reorder_quantity ?? Math.max(0, shortfall + 1 - l.incoming),
      };
    }),
    next_cursor: result.next_cursor,
  };
}

// ---------------------------------------------------------------- verification

export interface VerificationReport {
  ok: boolean;
  levels_checked: number;
  movements_checked: number;
  differences: LevelDifference[];
  checked_at: string;
}

/** Recomputes every level from the ledger and reports each state that disagrees. */
export async function verifyInventory(db: Executor): Promise<VerificationReport> {
  return inTransaction(db, async (tx) => {
    const sums = await tx
      .selectFrom("inventory_movements")
      .select((eb) => [
        "sku",
        "location_id",
        eb.fn.countAll<number>().as("n"),
        eb.fn.sum<number>("d_on_hand").as("on_hand"),
        eb.fn.sum<number>("d_committed").as("committed"),
        eb.fn.sum<number>("d_incoming").as("incoming"),
        eb.fn.sum<number>("d_damaged").as("damaged"),
        eb.fn.sum<number>("d_quality_control").as("quality_control"),
        eb.fn.sum<number>("d_safety_stock").as("safety_stock"),
      ])
      .groupBy(["sku", "location_id"])
      .execute();
    const ledger = new Map<string, Quantities>();
    let movements = 0;
    for (const s of sums) {
      movements += Number(s.n);
      ledger.set(levelKey(s.sku, s.location_id), {
        on_hand: Number(s.on_hand),
        committed: Number(s.committed),
        incoming: Number(s.incoming),
        damaged: Number(s.damaged),
        quality_control: Number(s.quality_control),
        safety_stock: Number(s.safety_stock),
      });
    }
    const levels = await tx.selectFrom("inventory_levels").selectAll().execute();
    const stored = new Map(levels.map((l) => [levelKey(l.sku, l.location_id), l]));
    const differences = compareLevels(stored, ledger);
    return {
      ok: differences.length === 0,
      levels_checked: levels.length,
      movements_checked: movements,
      differences,
      checked_at: new Date().toISOString(),
    };
  });
}

export { changeLevel, changeLevelOrThrow };
