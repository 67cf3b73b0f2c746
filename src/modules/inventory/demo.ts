// Demo stock: every stock-carrying variant at every active location, plus one open purchase
// order and one transfer in transit. Levels that already exist are left alone (idempotent).
import { createHash } from "node:crypto";
import { type Executor, inTransaction } from "../../db/transaction.js";
import { systemContext } from "../access/actor.js";
import { listVariants } from "../catalog/products.js";
import { listLocations } from "../locations/service.js";
import { ensureLevel } from "./levels.js";
import { setOnHand } from "./service.js";
import { createPurchaseOrder, createTransfer, shipTransfer } from "./transfers.js";

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
  const ctx = systemContext("demo-seed");
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
  let seeded = 0;
  await inTransaction(db, async (tx) => {
    for (const loc of locations) {
      const warehouse = loc.type === "warehouse";
      for (const v of variants) {
        if (existing.has(`${v.sku}|${loc.id}`)) continue;
        const r = unit(`${v.sku}|${loc.code}`);
        // Stores carry about two thirds of the range; a few SKUs run low to make alerts real.
        if (!warehouse && r > 0.66) continue;
        const onHand = warehouse ? 40 + Math.floor(r * 200) : Math.floor(r * 45);
        const reorderPoint = warehouse ? 50 : 5;
        await ensureLevel(tx, v.sku, loc.id);
        await tx
          .updateTable("inventory_levels")
          .set({ reorder_point: reorderPoint, reorder_quantity: warehouse ? 200 : 20 })
          .where("sku", "=", v.sku)
          .where("location_id", "=", loc.id)
          .execute();
        if (onHand > 0)
          await setOnHand(tx, ctx, { sku: v.sku, locationId: loc.id, counted: onHand, reason: "demo_seed" });
        seeded++;
      }
    }
  });

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
