import type { Kysely } from "kysely";

// Sourcing rules, sourcing decisions (the stored explanation) and fulfillment orders with their lines.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("sourcing_rules")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("channel_id", "text")
    .addColumn("fulfillment_type", "text")
    // `<channel_id or *>|<fulfillment_type or *>`: one rule per scope (NULLs are never equal in UNIQUE).
    .addColumn("scope", "text", (c) => c.notNull().unique())
    .addColumn("settings", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sourcing_decisions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("order_id", "text", (c) => c.notNull())
    .addColumn("trigger", "text", (c) => c.notNull())
    .addColumn("fulfillment_type", "text", (c) => c.notNull())
    .addColumn("rule_id", "text")
    .addColumn("request", "text", (c) => c.notNull())
    .addColumn("decision", "text", (c) => c.notNull())
    .addColumn("solver_ms", "real", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("sourcing_decisions_order")
    .on("sourcing_decisions")
    .columns(["order_id", "id"])
    .execute();

  await db.schema
    .createTable("fulfillment_orders")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("order_id", "text", (c) => c.notNull())
    .addColumn("location_id", "text")
    .addColumn("fulfillment_type", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("promised_ship_date", "text")
    .addColumn("promised_delivery_date", "text")
    .addColumn("sourcing_decision_id", "text")
    .addColumn("reason", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("accepted_at", "text")
    .addColumn("fulfilled_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("fulfillment_orders_order")
    .on("fulfillment_orders")
    .columns(["order_id", "id"])
    .execute();
  await db.schema
    .createIndex("fulfillment_orders_location")
    .on("fulfillment_orders")
    .columns(["location_id", "status", "id"])
    .execute();
  await db.schema
    .createIndex("fulfillment_orders_status")
    .on("fulfillment_orders")
    .columns(["status", "id"])
    .execute();
  await db.schema
    .createIndex("fulfillment_orders_created")
    .on("fulfillment_orders")
    .columns(["location_id", "created_at"])
    .execute();

  await db.schema
    .createTable("fulfillment_order_lines")
    .addColumn("fulfillment_order_id", "text", (c) => c.notNull().references("fulfillment_orders.id"))
    .addColumn("order_line_id", "text", (c) => c.notNull())
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull())
    .addColumn("fulfilled_quantity", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("shortage_quantity", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("fulfillment_order_lines_pk", ["fulfillment_order_id", "order_line_id", "sku"])
    .execute();
  await db.schema
    .createIndex("fulfillment_order_lines_line")
    .on("fulfillment_order_lines")
    .column("order_line_id")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "fulfillment_order_lines",
    "fulfillment_orders",
    "sourcing_decisions",
    "sourcing_rules",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
