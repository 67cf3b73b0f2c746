import { type Kysely, PostgresAdapter, sql } from "kysely";

// Money (minor units) and quantities are 64-bit: the API accepts amounts up to 2^53 − 1, and a
// line of 22 × 100,000,000 or stock past 2^31 must be stored, not a 500. SQLite's INTEGER is
// 64-bit already; PostgreSQL's `integer` is 32-bit, so its columns widen to `bigint` (pg reads
// int8 back as a number, see database.ts).
export const WIDENED: Record<string, readonly string[]> = {
  prices: ["amount", "min_quantity"],
  kit_components: ["quantity"],
  inventory_levels: [
    "on_hand",
    "committed",
    "incoming",
    "damaged",
    "quality_control",
    "safety_stock",
    "reorder_point",
    "reorder_quantity",
  ],
  inventory_movements: [
    "d_on_hand",
    "d_committed",
    "d_incoming",
    "d_damaged",
    "d_quality_control",
    "d_safety_stock",
  ],
  transfer_lines: ["quantity", "received_quantity"],
  purchase_order_lines: ["quantity", "received_quantity"],
  orders: ["subtotal", "discount_total", "shipping_total", "tax_total", "grand_total"],
  order_lines: [
    "quantity",
    "pending",
    "committed",
    "backordered",
    "shipped",
    "delivered",
    "returned",
    "cancelled",
    "unit_price",
    "subtotal",
    "discount",
    "tax",
    "total",
  ],
  order_allocations: ["quantity"],
  promo_codes: ["value", "min_subtotal"],
  fulfillment_order_lines: ["quantity", "fulfilled_quantity", "shortage_quantity"],
};

async function retype(db: Kysely<unknown>, type: "bigint" | "integer"): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [table, columns] of Object.entries(WIDENED)) {
    const changes = columns.map((c) => sql`alter column ${sql.ref(c)} type ${sql.raw(type)}`);
    await sql`alter table ${sql.table(table)} ${sql.join(changes)}`.execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await retype(db, "bigint");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await retype(db, "integer");
}
