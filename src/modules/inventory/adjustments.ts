import {
  ADJUSTMENT_REASONS,
  type AdjustmentReason,
  type MovementType,
  QUANTITY_STATES,
  type QuantityState,
} from "../../domain/inventory.js";

export { ADJUSTMENT_REASONS, QUANTITY_STATES };

// Manual changes to a level: on_hand adjustments with a reason, moves between quantity states,
// and reorder points. Each is audited.
import { type Executor, inTransaction } from "../../db/transaction.js";
import { unprocessable } from "../../domain/errors.js";
import type { Delta } from "../../domain/inventory.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { changeLevelOrThrow, ensureLevel, type StockReference, toLevelView } from "./levels.js";
import { toMovementView } from "./queries.js";
import type { InventoryLevelsTable } from "./tables.js";
import { requireLocation, requireStockSkus } from "./validation.js";

const levelId = (sku: string, locationId: string) => `${locationId}:${sku}`;

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
    /** When it happened, if not now (history loaded after the fact). */
    at?: string | undefined;
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
      at: input.at,
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
/** Changes a level's settings (not its quantities), creating the level if needed; audited. */
async function updateLevelSettings(
  db: Executor,
  ctx: RequestContext,
  at: { sku: string; location_id: string },
  set: Partial<Pick<InventoryLevelsTable, "reorder_point" | "reorder_quantity" | "bin">>,
  action: string,
) {
  return inTransaction(db, async (tx) => {
    await requireStockSkus(tx, [{ sku: at.sku, path: "body.sku" }]);
    await requireLocation(tx, at.location_id, "body.location_id");
    await ensureLevel(tx, at.sku, at.location_id);
    const row = await tx
      .updateTable("inventory_levels")
      .set({ ...set, updated_at: new Date().toISOString() })
      .where("sku", "=", at.sku)
      .where("location_id", "=", at.location_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, {
      action,
      resourceType: "inventory_level",
      resourceId: levelId(at.sku, at.location_id),
      data: Object.fromEntries(Object.keys(set).map((k) => [k, row[k as keyof typeof set]])),
    });
    return toLevelView(row);
  });
}

export function setReorderPoint(
  db: Executor,
  ctx: RequestContext,
  input: {
    sku: string;
    location_id: string;
    reorder_point: number | null;
    reorder_quantity?: number | null | undefined;
  },
) {
  const { reorder_point, reorder_quantity } = input;
  return updateLevelSettings(
    db,
    ctx,
    input,
    { reorder_point, ...(reorder_quantity !== undefined ? { reorder_quantity } : {}) },
    "inventory.reorder_point_set",
  );
}

/** Where pickers find a SKU at a location (null clears it); pick lists walk the bins in order. */
export function setBin(
  db: Executor,
  ctx: RequestContext,
  input: { sku: string; location_id: string; bin: string | null },
) {
  return updateLevelSettings(db, ctx, input, { bin: input.bin }, "inventory.bin_set");
}

/** Bins of SKUs at a location (absent: no level there yet). */
export async function binsAt(db: Executor, locationId: string, skus: readonly string[]) {
  if (skus.length === 0) return new Map<string, string | null>();
  const rows = await db
    .selectFrom("inventory_levels")
    .select(["sku", "bin"])
    .where("location_id", "=", locationId)
    .where("sku", "in", [...new Set(skus)])
    .execute();
  return new Map(rows.map((r) => [r.sku, r.bin]));
}
