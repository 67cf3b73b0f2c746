import type { Kysely } from "kysely";

// Pick, pack, ship and track: bins on inventory levels, picked counts on fulfillment-order
// lines, package types per location, shipments (one per package) with their lines, labels and
// carrier tracking events.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("inventory_levels").addColumn("bin", "text").execute();
  await db.schema
    .alterTable("fulfillment_order_lines")
    .addColumn("picked_quantity", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("package_types")
    .addColumn("id", "text", (c) => c.primaryKey())
    // Null: offered at every location.
    .addColumn("location_id", "text")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("length_mm", "integer", (c) => c.notNull())
    .addColumn("width_mm", "integer", (c) => c.notNull())
    .addColumn("height_mm", "integer", (c) => c.notNull())
    .addColumn("tare_grams", "integer", (c) => c.notNull())
    .addColumn("max_weight_grams", "integer", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("package_types_location").on("package_types").column("location_id").execute();

  await db.schema
    .createTable("shipments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("fulfillment_order_id", "text", (c) => c.notNull())
    .addColumn("order_id", "text", (c) => c.notNull())
    .addColumn("location_id", "text", (c) => c.notNull())
    .addColumn("fulfillment_type", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("package_type_id", "text")
    .addColumn("length_mm", "integer")
    .addColumn("width_mm", "integer")
    .addColumn("height_mm", "integer")
    .addColumn("weight_grams", "integer", (c) => c.notNull())
    .addColumn("label_id", "text")
    .addColumn("carrier", "text")
    .addColumn("service", "text")
    .addColumn("tracking_number", "text")
    .addColumn("tracking_url", "text")
    .addColumn("promised_delivery_date", "text")
    .addColumn("service_estimate", "text")
    .addColumn("eta", "text")
    .addColumn("tracking_status", "text")
    .addColumn("last_event_at", "text")
    .addColumn("pickup_code", "text")
    .addColumn("shipped_at", "text")
    .addColumn("delivered_at", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("shipments_fulfillment_order")
    .on("shipments")
    .columns(["fulfillment_order_id", "id"])
    .execute();
  await db.schema.createIndex("shipments_order").on("shipments").columns(["order_id", "id"]).execute();
  await db.schema.createIndex("shipments_status").on("shipments").columns(["status", "id"]).execute();
  await db.schema.createIndex("shipments_tracking").on("shipments").column("tracking_number").execute();

  await db.schema
    .createTable("shipment_lines")
    .addColumn("shipment_id", "text", (c) => c.notNull())
    .addColumn("order_line_id", "text", (c) => c.notNull())
    .addColumn("sku", "text", (c) => c.notNull())
    // The line's name when packed ("Product — Variant"): e-mails and webhooks read it without the catalog.
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("shipment_lines_pk", ["shipment_id", "order_line_id", "sku"])
    .execute();

  await db.schema
    .createTable("shipping_labels")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("shipment_id", "text", (c) => c.notNull())
    .addColumn("carrier", "text", (c) => c.notNull())
    .addColumn("service", "text", (c) => c.notNull())
    .addColumn("service_name", "text", (c) => c.notNull())
    .addColumn("tracking_number", "text", (c) => c.notNull().unique())
    .addColumn("amount", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("ship_date", "text", (c) => c.notNull())
    .addColumn("estimated_delivery_date", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("voided_at", "text")
    .execute();
  await db.schema
    .createIndex("shipping_labels_shipment")
    .on("shipping_labels")
    .columns(["shipment_id", "id"])
    .execute();

  await db.schema
    .createTable("tracking_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("shipment_id", "text", (c) => c.notNull())
    .addColumn("carrier", "text", (c) => c.notNull())
    // The carrier's own id for the event: the same event delivered twice is stored once.
    .addColumn("carrier_event_id", "text", (c) => c.notNull())
    // The label it is about: events of a voided label no longer say where the package is.
    .addColumn("tracking_number", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("happened_at", "text", (c) => c.notNull())
    .addColumn("message", "text")
    .addColumn("city", "text")
    .addColumn("estimated_delivery_at", "text")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("tracking_events_carrier_event", ["carrier", "carrier_event_id"])
    .execute();
  await db.schema
    .createIndex("tracking_events_shipment")
    .on("tracking_events")
    .columns(["shipment_id", "happened_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["tracking_events", "shipping_labels", "shipment_lines", "shipments", "package_types"]) {
    await db.schema.dropTable(t).execute();
  }
}
