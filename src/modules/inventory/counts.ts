// Stock counts: on_hand set to what was counted, the difference recorded as a `count` movement.
import { type Executor, inTransaction } from "../../db/transaction.js";
import { unprocessable } from "../../domain/errors.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { ensureLevel, recordChange, type StockReference, toLevelView } from "./levels.js";
import type { InventoryLevelsTable } from "./tables.js";
import { requireLocation, requireStockSkus } from "./validation.js";

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
