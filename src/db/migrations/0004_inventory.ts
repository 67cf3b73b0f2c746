import { type Kysely, PostgresAdapter, sql } from "kysely";

// Inventory: levels per SKU × location, the append-only ledger they are recomputed from,
// transfers between locations and purchase orders (both show as `incoming` at the destination).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("inventory_levels")
    .addColumn("sku", "text", (c) => c.notNull().references("variants.sku"))
    .addColumn("location_id", "text", (c) => c.notNull().references("locations.id"))
    .addColumn("on_hand", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("committed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("incoming", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("damaged", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("quality_control", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("safety_stock", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reorder_point", "integer")
    .addColumn("reorder_quantity", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("inventory_levels_pk", ["sku", "location_id"])
    .addCheckConstraint("inventory_levels_on_hand_nonneg", sql`on_hand >= 0`)
    .addCheckConstraint("inventory_levels_committed_nonneg", sql`committed >= 0`)
    .addCheckConstraint("inventory_levels_incoming_nonneg", sql`incoming >= 0`)
    .addCheckConstraint("inventory_levels_damaged_nonneg", sql`damaged >= 0`)
    .addCheckConstraint("inventory_levels_qc_nonneg", sql`quality_control >= 0`)
    .addCheckConstraint("inventory_levels_safety_nonneg", sql`safety_stock >= 0`)
    .addCheckConstraint(
      "inventory_levels_reorder_nonneg",
      sql`(reorder_point is null or reorder_point >= 0) and (reorder_quantity is null or reorder_quantity >= 0)`,
    )
    .execute();
  await db.schema
    .createIndex("inventory_levels_location")
    .on("inventory_levels")
    .columns(["location_id", "sku"])
    .execute();

  await db.schema
    .createTable("inventory_movements")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("location_id", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("d_on_hand", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("d_committed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("d_incoming", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("d_damaged", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("d_quality_control", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("d_safety_stock", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reason", "text")
    .addColumn("note", "text")
    .addColumn("reference_type", "text")
    .addColumn("reference_id", "text")
    .addColumn("actor_type", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("request_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("inventory_movements_level")
    .on("inventory_movements")
    .columns(["sku", "location_id", "id"])
    .execute();
  await db.schema
    .createIndex("inventory_movements_reference")
    .on("inventory_movements")
    .columns(["reference_type", "reference_id"])
    .execute();

  await appendOnly(db, "inventory_movements");

  await db.schema
    .createTable("transfers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("origin_location_id", "text", (c) => c.notNull().references("locations.id"))
    .addColumn("destination_location_id", "text", (c) => c.notNull().references("locations.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("shipped_at", "text")
    .addColumn("received_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("transfer_lines")
    .addColumn("transfer_id", "text", (c) => c.notNull().references("transfers.id"))
    .addColumn("sku", "text", (c) => c.notNull().references("variants.sku"))
    .addColumn("quantity", "integer", (c) => c.notNull())
    .addColumn("received_quantity", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("transfer_lines_pk", ["transfer_id", "sku"])
    .addCheckConstraint("transfer_lines_qty", sql`quantity > 0 and received_quantity >= 0`)
    .execute();

  await db.schema
    .createTable("purchase_orders")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("supplier", "text", (c) => c.notNull())
    .addColumn("location_id", "text", (c) => c.notNull().references("locations.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reference", "text")
    .addColumn("expected_at", "text")
    .addColumn("note", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("purchase_order_lines")
    .addColumn("purchase_order_id", "text", (c) => c.notNull().references("purchase_orders.id"))
    .addColumn("sku", "text", (c) => c.notNull().references("variants.sku"))
    .addColumn("quantity", "integer", (c) => c.notNull())
    .addColumn("received_quantity", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("purchase_order_lines_pk", ["purchase_order_id", "sku"])
    .addCheckConstraint("purchase_order_lines_qty", sql`quantity > 0 and received_quantity >= 0`)
    .execute();
}

/** The ledger refuses UPDATE and DELETE at the database itself, whoever connects. */
async function appendOnly(db: Kysely<unknown>, table: "inventory_movements"): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function ordo_append_only() returns trigger language plpgsql as $$
      begin raise exception 'table % is append-only', tg_table_name; end $$`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function ordo_append_only()`.execute(db);
    return;
  }
  for (const op of ["update", "delete"]) {
    await sql`create trigger ${sql.raw(`${table}_no_${op}`)} before ${sql.raw(op)} on ${sql.table(table)}
      begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "purchase_order_lines",
    "purchase_orders",
    "transfer_lines",
    "transfers",
    "inventory_movements",
    "inventory_levels",
  ]) {
    await db.schema.dropTable(t).execute();
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`drop function if exists ordo_append_only()`.execute(db);
}
