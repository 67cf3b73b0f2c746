import type { Kysely } from "kysely";

// Catalog (products, variants, kits), locations, price lists and channels.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("products")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("handle", "text", (c) => c.unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("vendor", "text")
    .addColumn("product_type", "text")
    .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("products_title").on("products").column("title").execute();

  await db.schema
    .createTable("variants")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("sku", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("options", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("barcode", "text")
    .addColumn("weight_grams", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("length_mm", "integer")
    .addColumn("width_mm", "integer")
    .addColumn("height_mm", "integer")
    .addColumn("track_inventory", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("backorder_policy", "text", (c) => c.notNull().defaultTo("deny"))
    .addColumn("available_from", "text")
    .addColumn("is_kit", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("variants_product").on("variants").column("product_id").execute();
  await db.schema.createIndex("variants_barcode").on("variants").column("barcode").execute();
  await db.schema.createIndex("variants_title").on("variants").column("title").execute();

  await db.schema
    .createTable("kit_components")
    .addColumn("kit_sku", "text", (c) => c.notNull().references("variants.sku"))
    .addColumn("component_sku", "text", (c) => c.notNull().references("variants.sku"))
    .addColumn("quantity", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("kit_components_pk", ["kit_sku", "component_sku"])
    .execute();
  await db.schema
    .createIndex("kit_components_component")
    .on("kit_components")
    .column("component_sku")
    .execute();

  await db.schema
    .createTable("locations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("address_line1", "text")
    .addColumn("address_line2", "text")
    .addColumn("city", "text")
    .addColumn("region", "text")
    .addColumn("postal_code", "text")
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("latitude", "real")
    .addColumn("longitude", "real")
    .addColumn("capabilities", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("time_zone", "text", (c) => c.notNull().defaultTo("UTC"))
    .addColumn("processing_days", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("cutoff_hour", "integer", (c) => c.notNull().defaultTo(14))
    .addColumn("daily_capacity", "integer")
    .addColumn("priority", "integer", (c) => c.notNull().defaultTo(100))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("price_lists")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("prices")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("price_list_id", "text", (c) => c.notNull().references("price_lists.id"))
    .addColumn("sku", "text", (c) => c.notNull().references("variants.sku"))
    .addColumn("min_quantity", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("amount", "integer", (c) => c.notNull())
    .addColumn("valid_from", "text")
    .addColumn("valid_to", "text")
    .execute();
  await db.schema
    .createIndex("prices_lookup")
    .on("prices")
    .columns(["price_list_id", "sku", "min_quantity"])
    .execute();

  await db.schema
    .createTable("channels")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("price_list_id", "text", (c) => c.references("price_lists.id"))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("channel_locations")
    .addColumn("channel_id", "text", (c) => c.notNull().references("channels.id"))
    .addColumn("location_id", "text", (c) => c.notNull().references("locations.id"))
    .addPrimaryKeyConstraint("channel_locations_pk", ["channel_id", "location_id"])
    .execute();
  await db.schema
    .createIndex("channel_locations_location")
    .on("channel_locations")
    .column("location_id")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "channel_locations",
    "channels",
    "prices",
    "price_lists",
    "locations",
    "kit_components",
    "variants",
    "products",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
