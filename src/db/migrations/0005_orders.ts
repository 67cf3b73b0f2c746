import type { Kysely } from "kysely";

// Customers, orders and their lines, holds, versions and timeline; promo codes and tax rates.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("counters")
    .ifNotExists()
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "integer", (c) => c.notNull())
    .execute();
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the table types exist
  await (db as Kysely<any>).insertInto("counters").values({ name: "order_number", value: 10000 }).execute();

  await db.schema
    .createTable("customers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("first_name", "text", (c) => c.notNull())
    .addColumn("last_name", "text", (c) => c.notNull())
    .addColumn("name_lc", "text", (c) => c.notNull())
    .addColumn("phone", "text")
    .addColumn("notes", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("customers_name").on("customers").column("name_lc").execute();

  await db.schema
    .createTable("customer_addresses")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id"))
    .addColumn("label", "text")
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("is_default_shipping", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_default_billing", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("customer_addresses_customer")
    .on("customer_addresses")
    .column("customer_id")
    .execute();

  await db.schema
    .createTable("orders")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "integer", (c) => c.notNull().unique())
    .addColumn("channel_id", "text", (c) => c.notNull().references("channels.id"))
    .addColumn("external_ref", "text")
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("phone", "text")
    .addColumn("customer_id", "text", (c) => c.references("customers.id"))
    .addColumn("customer_name", "text")
    .addColumn("name_lc", "text")
    .addColumn("shipping_address", "text")
    .addColumn("billing_address", "text")
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("subtotal", "integer", (c) => c.notNull())
    .addColumn("discount_total", "integer", (c) => c.notNull())
    .addColumn("shipping_total", "integer", (c) => c.notNull())
    .addColumn("tax_total", "integer", (c) => c.notNull())
    .addColumn("grand_total", "integer", (c) => c.notNull())
    .addColumn("tax_rate_bps", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("open_holds", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("requested_fulfillment", "text", (c) => c.notNull())
    .addColumn("pickup_location_id", "text")
    .addColumn("requested_delivery_date", "text")
    .addColumn("promo_code", "text")
    .addColumn("promo_rule", "text")
    .addColumn("location_scope", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("notes", "text")
    .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("placed_at", "text")
    .addColumn("cancelled_at", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("orders_channel_external_ref", ["channel_id", "external_ref"])
    .execute();
  await db.schema.createIndex("orders_email").on("orders").columns(["email", "id"]).execute();
  await db.schema.createIndex("orders_customer").on("orders").columns(["customer_id", "id"]).execute();
  await db.schema.createIndex("orders_channel").on("orders").columns(["channel_id", "id"]).execute();
  await db.schema.createIndex("orders_status").on("orders").columns(["status", "id"]).execute();
  await db.schema.createIndex("orders_name").on("orders").columns(["name_lc", "id"]).execute();
  await db.schema.createIndex("orders_created").on("orders").columns(["created_at", "id"]).execute();

  await db.schema
    .createTable("order_tags")
    .addColumn("tag", "text", (c) => c.notNull())
    .addColumn("order_id", "text", (c) => c.notNull().references("orders.id"))
    .addPrimaryKeyConstraint("order_tags_pk", ["tag", "order_id"])
    .execute();

  await db.schema
    .createTable("order_lines")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("order_id", "text", (c) => c.notNull().references("orders.id"))
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull())
    .addColumn("pending", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("committed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("backordered", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("shipped", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("delivered", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("returned", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("cancelled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("preorder", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("unit_price", "integer", (c) => c.notNull())
    .addColumn("price_override_reason", "text")
    .addColumn("subtotal", "integer", (c) => c.notNull())
    .addColumn("discount", "integer", (c) => c.notNull())
    .addColumn("tax", "integer", (c) => c.notNull())
    .addColumn("total", "integer", (c) => c.notNull())
    .addColumn("location_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("order_lines_order").on("order_lines").column("order_id").execute();
  await db.schema.createIndex("order_lines_sku").on("order_lines").columns(["sku", "order_id"]).execute();
  await db.schema
    .createIndex("order_lines_backorders")
    .on("order_lines")
    .columns(["sku", "backordered", "id"])
    .execute();

  await db.schema
    .createTable("order_allocations")
    .addColumn("line_id", "text", (c) => c.notNull().references("order_lines.id"))
    .addColumn("location_id", "text", (c) => c.notNull())
    .addColumn("order_id", "text", (c) => c.notNull())
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("order_allocations_pk", ["line_id", "location_id"])
    .execute();
  await db.schema.createIndex("order_allocations_order").on("order_allocations").column("order_id").execute();

  await db.schema
    .createTable("order_holds")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("order_id", "text", (c) => c.notNull().references("orders.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("placed_by", "text", (c) => c.notNull())
    .addColumn("placed_at", "text", (c) => c.notNull())
    .addColumn("released_at", "text")
    .addColumn("released_by", "text")
    .addColumn("release_reason", "text")
    .execute();
  await db.schema.createIndex("order_holds_order").on("order_holds").column("order_id").execute();
  await db.schema
    .createIndex("order_holds_open")
    .on("order_holds")
    .columns(["type", "released_at", "order_id"])
    .execute();

  await db.schema
    .createTable("order_versions")
    .addColumn("order_id", "text", (c) => c.notNull().references("orders.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("snapshot", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("order_versions_pk", ["order_id", "version"])
    .execute();

  await db.schema
    .createTable("order_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("order_id", "text", (c) => c.notNull().references("orders.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("data", "text")
    .addColumn("actor_type", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("actor_name", "text", (c) => c.notNull())
    .addColumn("request_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("order_events_order").on("order_events").columns(["order_id", "id"]).execute();

  await db.schema
    .createTable("promo_codes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("value", "integer", (c) => c.notNull())
    .addColumn("currency", "text")
    .addColumn("skus", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("min_subtotal", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("starts_at", "text")
    .addColumn("ends_at", "text")
    .addColumn("usage_limit", "integer")
    .addColumn("used_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("tax_rates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("region", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("rate_bps", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("tax_rates_region", ["country", "region"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "tax_rates",
    "promo_codes",
    "order_events",
    "order_versions",
    "order_holds",
    "order_allocations",
    "order_lines",
    "order_tags",
    "orders",
    "customer_addresses",
    "customers",
    "counters",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
