import { MOVEMENT_TYPES, type MovementType } from "../../domain/inventory.js";

export { MOVEMENT_TYPES, type MovementType };

// The one way a level changes: a conditional UPDATE (guards in the WHERE clause, never
// read-then-write), the movement that explains it, and its event — all in the caller's transaction.
import { type RawBuilder, sql } from "kysely";
import { insertRows } from "../../db/buffered-inserts.js";
import type { Executor } from "../../db/transaction.js";
import { DomainError } from "../../domain/errors.js";
import {
  availableDelta,
  available as availableOf,
  type Delta,
  isZeroDelta,
  STATES,
  unavailable as unavailableOf,
} from "../../domain/inventory.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { type DomainEvent, emitEvents } from "../events/index.js";
import type { InventoryLevelsTable, InventoryMovementsTable } from "./tables.js";

export interface StockReference {
  type: string;
  id: string;
}

/** 409: not enough available stock for what was asked. */
export class InsufficientStockError extends DomainError {
  constructor(sku: string, locationId: string, requested: number, available: number, detail?: string) {
    super(
      "insufficient-stock",
      detail ?? `Only ${available} of ${sku} available at ${locationId}; ${requested} requested`,
      { sku, location_id: locationId, requested, available },
    );
  }
}

export interface LevelView {
  sku: string;
  location_id: string;
  on_hand: number;
  committed: number;
  available: number;
  incoming: number;
  unavailable: number;
  damaged: number;
  quality_control: number;
  safety_stock: number;
  reorder_point: number | null;
  reorder_quantity: number | null;
  bin: string | null;
  updated_at: string;
}

export function toLevelView(row: InventoryLevelsTable): LevelView {
  return {
    sku: row.sku,
    location_id: row.location_id,
    on_hand: row.on_hand,
    committed: row.committed,
    available: availableOf(row),
    incoming: row.incoming,
    unavailable: unavailableOf(row),
    damaged: row.damaged,
    quality_control: row.quality_control,
    safety_stock: row.safety_stock,
    reorder_point: row.reorder_point,
    reorder_quantity: row.reorder_quantity,
    bin: row.bin,
    updated_at: row.updated_at,
  };
}

export const AVAILABLE_SQL = sql<number>`on_hand - committed - damaged - quality_control - safety_stock`;

export interface LevelChange {
  sku: string;
  locationId: string;
  type: MovementType;
  delta: Delta;
  reason?: string | null | undefined;
  note?: string | null | undefined;
  reference?: StockReference | null | undefined;
  /** When `available` decreases, refuse unless enough is available (default true). */
  guardAvailable?: boolean;
  /** When the movement happened, if not now (history loaded after the fact: `ordo simulate`). */
  at?: string | undefined;
}

export interface AppliedChange {
  change: LevelChange;
  level: InventoryLevelsTable;
}

/**
 * Applies the delta to the level row if every guard holds, in one statement: no stored state
 * goes below zero and (unless told otherwise) `available` does not drop below zero. Creates the
 * row when the change can only add stock. Returns the new row, or null when a guard failed
 * (nothing changed).
 */
export async function applyLevelDelta(
  tx: Executor,
  change: LevelChange,
): Promise<InventoryLevelsTable | null> {
  const { sku, locationId, delta } = change;
  const now = nowIso();
  const set: Record<string, RawBuilder<number> | string> = { updated_at: now };
  for (const state of STATES) {
    const d = delta[state] ?? 0;
    if (d !== 0) set[state] = sql<number>`${sql.ref(state)} + ${d}`;
  }
  const { guards, onlyAdds } = guardsOf(change);
  const update = async () => {
    let q = tx
      .updateTable("inventory_levels")
      .set(set as never)
      .where("sku", "=", sku)
      .where("location_id", "=", locationId);
    for (const g of guards) q = q.where(g);
    return q.returningAll().executeTakeFirst();
  };
  const row = await update();
  if (row || !onlyAdds) return row ?? null;
  await ensureLevel(tx, sku, locationId);
  return (await update()) ?? null;
}

/** What must hold for the change: no stored state below zero, and `available` not below zero (unless told). */
function guardsOf(change: LevelChange): { guards: RawBuilder<boolean>[]; onlyAdds: boolean } {
  const guards: RawBuilder<boolean>[] = [];
  for (const state of STATES) {
    const d = change.delta[state] ?? 0;
    if (d < 0) guards.push(sql<boolean>`${sql.ref(state)} >= ${-d}`);
  }
  const availDelta = availableDelta(change.delta);
  if (availDelta < 0 && change.guardAvailable !== false) {
    guards.push(sql<boolean>`${AVAILABLE_SQL} >= ${-availDelta}`);
  }
  return { guards, onlyAdds: guards.length === 0 };
}

/**
 * Several changes at one location in ONE guarded UPDATE (a CASE per state on the SKU), each
 * row's guards as for one change: all of them apply or the first that cannot throws (and the
 * caller's transaction rolls back). Changes that may create a level, or that touch a SKU twice,
 * go one by one.
 */
export async function changeLevelsOrThrow(
  tx: Executor,
  ctx: RequestContext,
  changes: readonly LevelChange[],
): Promise<void> {
  const locations = new Set(changes.map((c) => c.locationId));
  const skus = new Set(changes.map((c) => c.sku));
  const batchable =
    changes.length > 1 &&
    locations.size === 1 &&
    skus.size === changes.length &&
    changes.every((c) => !isZeroDelta(c.delta) && !guardsOf(c).onlyAdds);
  if (!batchable) {
    for (const c of changes) await changeLevelOrThrow(tx, ctx, c);
    return;
  }
  const caseOf = <T>(value: (c: LevelChange) => RawBuilder<T> | number, otherwise: RawBuilder<T> | number) =>
    sql`case ${sql.ref("sku")} ${sql.join(
      changes.map((c) => sql`when ${c.sku} then ${value(c)}`),
      sql` `,
    )} else ${otherwise} end`;
  const set: Record<string, RawBuilder<unknown> | string> = { updated_at: nowIso() };
  for (const state of STATES) {
    if (changes.some((c) => (c.delta[state] ?? 0) !== 0)) {
      // Cast: inside CASE, PostgreSQL cannot infer a parameter's type from the column.
      set[state] =
        sql`${sql.ref(state)} + ${caseOf((c) => sql<number>`cast(${c.delta[state] ?? 0} as integer)`, 0)}`;
    }
  }
  const guard = caseOf(
    (c) => sql<boolean>`(${sql.join(guardsOf(c).guards, sql` and `)})`,
    sql<boolean>`false`,
  );
  const rows = await tx
    .updateTable("inventory_levels")
    .set(set as never)
    .where("location_id", "=", [...locations][0]!)
    .where("sku", "in", [...skus])
    .where(sql<boolean>`${guard}`)
    .returningAll()
    .execute();
  if (rows.length !== changes.length) {
    // Name the first change that could not apply, as one change would (the transaction is lost anyway).
    throw await refusalOf(tx, changes.find((c) => !rows.some((r) => r.sku === c.sku))!);
  }
  await recordChanges(
    tx,
    ctx,
    changes.map((change) => ({ change, level: rows.find((r) => r.sku === change.sku)! })),
  );
}

/** Creates the (all-zero) level row if it does not exist yet. */
export async function ensureLevel(tx: Executor, sku: string, locationId: string): Promise<void> {
  const now = nowIso();
  await tx
    .insertInto("inventory_levels")
    .values({
      sku,
      location_id: locationId,
      on_hand: 0,
      committed: 0,
      incoming: 0,
      damaged: 0,
      quality_control: 0,
      safety_stock: 0,
      reorder_point: null,
      reorder_quantity: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(["sku", "location_id"]).doNothing())
    .execute();
}

export type StockAvailableHandler = (
  tx: Executor,
  ctx: RequestContext,
  e: { sku: string; locationId: string },
) => Promise<void>;

let availableHandlers: readonly StockAvailableHandler[] = [];

/**
 * Sets who is told (inside the transaction) whenever available stock of a SKU at a location
 * increases. Inventory knows nothing of its listeners: src/flows/wiring.ts sets them, in one place.
 */
export function setStockAvailableHandlers(handlers: readonly StockAvailableHandler[]): void {
  availableHandlers = handlers;
}

/** Writes the movement, the `inventory.level_changed` event (and `inventory.low_stock`), and calls the hooks. */
export async function recordChange(
  tx: Executor,
  ctx: RequestContext,
  applied: AppliedChange,
): Promise<InventoryMovementsTable> {
  const [movement] = await recordChanges(tx, ctx, [applied]);
  return movement as InventoryMovementsTable;
}

/** recordChange for many changes: the movements go in as multi-row inserts. */
export async function recordChanges(
  tx: Executor,
  ctx: RequestContext,
  applied: readonly AppliedChange[],
): Promise<InventoryMovementsTable[]> {
  const movements = applied.map(({ change, level }): InventoryMovementsTable => {
    const d = change.delta;
    return {
      id: newId("movement"),
      sku: change.sku,
      location_id: change.locationId,
      type: change.type,
      d_on_hand: d.on_hand ?? 0,
      d_committed: d.committed ?? 0,
      d_incoming: d.incoming ?? 0,
      d_damaged: d.damaged ?? 0,
      d_quality_control: d.quality_control ?? 0,
      d_safety_stock: d.safety_stock ?? 0,
      reason: change.reason ?? null,
      note: change.note ?? null,
      reference_type: change.reference?.type ?? null,
      reference_id: change.reference?.id ?? null,
      actor_type: ctx.actor.type,
      actor_id: ctx.actor.id,
      request_id: ctx.requestId,
      created_at: change.at ?? level.updated_at,
    };
  });
  await insertRows(tx, "inventory_movements", movements);
  // The events go in as one multi-row insert, in the order of the changes; then the hooks run.
  const events: DomainEvent[] = [];
  const increased: InventoryLevelsTable[] = [];
  for (const [i, { change, level }] of applied.entries()) {
    const movement = movements[i] as InventoryMovementsTable;
    const view = toLevelView(level);
    const resourceId = `${level.location_id}:${level.sku}`;
    events.push({
      type: "inventory.level_changed",
      resourceType: "inventory_level",
      resourceId,
      data: { ...view, movement: { id: movement.id, type: movement.type, reason: movement.reason } },
    });
    const availDelta = availableDelta(change.delta);
    if (level.reorder_point !== null && availDelta < 0) {
      const before = view.available - availDelta;
      if (before > level.reorder_point && view.available <= level.reorder_point) {
        events.push({
          type: "inventory.low_stock",
          resourceType: "inventory_level",
          resourceId,
          data: view,
        });
      }
    }
    if (availDelta > 0) increased.push(level);
  }
  await emitEvents(tx, ctx, events);
  for (const level of increased) {
    for (const handler of availableHandlers)
      await handler(tx, ctx, { sku: level.sku, locationId: level.location_id });
  }
  return movements;
}

/** Applies and records one change; null (nothing changed) when a guard failed. */
export async function changeLevel(
  tx: Executor,
  ctx: RequestContext,
  change: LevelChange,
): Promise<{ level: InventoryLevelsTable; movement: InventoryMovementsTable } | null> {
  if (isZeroDelta(change.delta)) throw new Error("a level change needs a non-zero delta");
  const level = await applyLevelDelta(tx, change);
  if (!level) return null;
  const movement = await recordChange(tx, ctx, { change, level });
  return { level, movement };
}

export async function currentAvailable(tx: Executor, sku: string, locationId: string): Promise<number> {
  const row = await tx
    .selectFrom("inventory_levels")
    .selectAll()
    .where("sku", "=", sku)
    .where("location_id", "=", locationId)
    .executeTakeFirst();
  return row ? availableOf(row) : 0;
}

/** Changes a level or throws the precise reason it could not (for user-initiated operations). */
export async function changeLevelOrThrow(tx: Executor, ctx: RequestContext, change: LevelChange) {
  const result = await changeLevel(tx, ctx, change);
  if (result) return result;
  throw await refusalOf(tx, change);
}

/** Why a change's guards failed, as the 409 the caller gets. */
async function refusalOf(tx: Executor, change: LevelChange): Promise<InsufficientStockError> {
  const row = await tx
    .selectFrom("inventory_levels")
    .selectAll()
    .where("sku", "=", change.sku)
    .where("location_id", "=", change.locationId)
    .executeTakeFirst();
  const avail = row ? availableOf(row) : 0;
  for (const state of STATES) {
    const d = change.delta[state] ?? 0;
    const have = row ? row[state] : 0;
    if (d < 0 && have < -d && (state !== "on_hand" || availableDelta(change.delta) >= 0)) {
      return new InsufficientStockError(
        change.sku,
        change.locationId,
        -d,
        avail,
        `Only ${have} ${state} of ${change.sku} at ${change.locationId}; ${-d} requested`,
      );
    }
  }
  return new InsufficientStockError(change.sku, change.locationId, -availableDelta(change.delta), avail);
}
