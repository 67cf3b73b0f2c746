// Demo stock: every stock-carrying variant at every active location, plus one open purchase
// order and one transfer in transit. Levels that already exist are left alone (idempotent).
import { createHash } from "node:crypto";
import { type Executor, inTransaction } from "../../db/transaction.js";
import { newId, nowIso } from "../../lib/ids.js";
import { seedContext } from "../access/index.js";
import { listVariants } from "../catalog/index.js";
import { listLocations } from "../locations/index.js";
import { createPurchaseOrder } from "./purchase-orders.js";
import type { InventoryLevelsTable, InventoryMovementsTable } from "./tables.js";
import { createTransfer, shipTransfer } from "./transfers.js";

const CHUNK = 200;

/** A stable pseudo-random number in [0, 1) for a key: the demo looks the same every time. */
function unit(key: string): number {
  return createHash("sha256").update(key).digest().readUInt32BE(0) / 2 ** 32;
}

async function all<T>(
  page: (cursor: string | undefined) => Promise<{ data: T[]; next_cursor: string | null }>,
) {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.data);
    cursor = p.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

export async function seedInventoryDemo(db: Executor, log: (line: string) => void = () => {}): Promise<void> {
  const ctx = seedContext();
  const variants = (
    await all((cursor) => listVariants(db, { status: "active", is_kit: "false" }, { limit: 500, cursor }))
  ).filter((v) => v.track_inventory);
  const locations = await all((cursor) => listLocations(db, { active: "true" }, { limit: 500, cursor }));
  if (!variants.length || !locations.length) return;

  const existing = new Set(
    (await db.selectFrom("inventory_levels").select(["sku", "location_id"]).execute()).map(
      (l) => `${l.sku}|${l.location_id}`,
    ),
  );
  // Bulk-written (levels and their `receive` movements in chunks, one transaction): a fresh
  // install has no subscribers to a few thousand level_changed events, so none are emitted here.
  const now = nowIso();
  const levels: InventoryLevelsTable[] = [];
  const movements: InventoryMovementsTable[] = [];
  for (const loc of locations) {
    const warehouse = loc.type === "warehouse";
    for (const v of variants) {
      if (existing.has(`${v.sku}|${loc.id}`)) continue;
      const r = unit(`${v.sku}|${loc.code}`);
      // Stores carry about two thirds of the range; a few SKUs run low to make alerts real.
      if (!warehouse && r > 0.66) continue;
      const onHand = warehouse ? 40 + Math.floor(r * 200) : Math.floor(r * 45);
      levels.push({
        sku: v.sku,
        location_id: loc.id,
        on_hand: onHand,
        committed: 0,
        incoming: 0,
        damaged: 0,
        quality_control: 0,
        safety_stock: 0,
        reorder_point: warehouse ? 50 : 5,
        reorder_quantity: warehouse ? 200 : 20,
        // Aisle-rack-shelf, so demo pick lists have a walking order.
        bin: warehouse ? binFor(unit(`bin|${v.sku}`)) : null,
        created_at: now,
        updated_at: now,
      });
      if (onHand > 0) {
        movements.push({
          id: newId("movement"),
          sku: v.sku,
          location_id: loc.id,
          type: "receive",
          d_on_hand: onHand,
          d_committed: 0,
          d_incoming: 0,
          d_damaged: 0,
          d_quality_control: 0,
          d_safety_stock: 0,
          reason: "demo_seed",
          note: null,
          reference_type: null,
          reference_id: null,
          actor_type: ctx.actor.type,
          actor_id: ctx.actor.id,
          request_id: ctx.requestId,
          created_at: now,
        });
      }
    }
  }
  // A level created meanwhile makes the insert fail and roll back whole: never a level without its ledger.
  await inTransaction(db, async (tx) => {
    for (let i = 0; i < levels.length; i += CHUNK) {
      await tx
        .insertInto("inventory_levels")
        .values(levels.slice(i, i + CHUNK))
        .execute();
    }
    for (let i = 0; i < movements.length; i += CHUNK) {
      await tx
        .insertInto("inventory_movements")
        .values(movements.slice(i, i + CHUNK))
        .execute();
    }
  });
  const seeded = levels.length;

  const warehouses = locations.filter((l) => l.type === "warehouse");
  const [first, second] = warehouses;
  const hasPo = await db.selectFrom("purchase_orders").select("id").limit(1).executeTakeFirst();
  if (first && !hasPo) {
    await createPurchaseOrder(db, ctx, {
      supplier: "Northwind Supply Co.",
      location_id: first.id,
      reference: "NW-2026-001",
      lines: variants.slice(0, 5).map((v, i) => ({ sku: v.sku, quantity: 100 + i * 25 })),
    });
  }
  const hasTransfer = await db.selectFrom("transfers").select("id").limit(1).executeTakeFirst();
  if (first && second && !hasTransfer) {
    const transfer = await createTransfer(db, ctx, {
      origin_location_id: first.id,
      destination_location_id: second.id,
      note: "Rebalance before the weekend",
      lines: variants.slice(5, 8).map((v) => ({ sku: v.sku, quantity: 10 })),
    });
    await shipTransfer(db, ctx, transfer.id).catch(() => undefined);
  }
  log(`demo inventory: ${seeded} levels stocked at ${locations.length} locations`);
}

const binFor = (r: number) => {
  const n = Math.floor(r * 12 * 8 * 4);
  return `A${String(1 + (n % 12)).padStart(2, "0")}-R${1 + (Math.floor(n / 12) % 8)}-S${1 + Math.floor(n / 96)}`;
};
