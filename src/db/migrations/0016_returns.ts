import type { Kysely } from "kysely";

// Returns (RMAs) with their lines, return policies per channel, and store credit.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("return_policies")
    .addColumn("channel_id", "text", (c) => c.primaryKey())
    .addColumn("window_days", "integer", (c) => c.notNull())
    .addColumn("non_returnable_skus", "text", (c) => c.notNull())
    .addColumn("restocking_fee_bps", "integer", (c) => c.notNull())
    .addColumn("return_shipping_fee", "bigint", (c) => c.notNull())
    .addColumn("requires_approval", "integer", (c) => c.notNull())
    .addColumn("reasons", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("returns")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("order_id", "text", (c) => c.notNull())
    .addColumn("order_number", "bigint", (c) => c.notNull())
    .addColumn("channel_id", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("refund_method", "text", (c) => c.notNull())
    .addColumn("location_id", "text")
    .addColumn("note", "text")
    .addColumn("carrier", "text")
    .addColumn("service", "text")
    .addColumn("tracking_number", "text")
    .addColumn("tracking_url", "text")
    .addColumn("label_cost", "bigint")
    .addColumn("label_token_hash", "text", (c) => c.unique())
    .addColumn("refund_breakdown", "text")
    .addColumn("refund_due", "bigint")
    .addColumn("refunded_amount", "bigint")
    .addColumn("refund_adjustment_reason", "text")
    .addColumn("decision_reason", "text")
    .addColumn("exchange_order_id", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("received_at", "text")
    .addColumn("refunded_at", "text")
    .execute();
  await db.schema.createIndex("returns_order").on("returns").columns(["order_id", "id"]).execute();
  await db.schema.createIndex("returns_status").on("returns").columns(["status", "id"]).execute();

  await db.schema
    .createTable("return_lines")
    .addColumn("return_id", "text", (c) => c.notNull())
    .addColumn("order_line_id", "text", (c) => c.notNull())
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("received_quantity", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("disposition", "text")
    .addColumn("exchange_sku", "text")
    .addPrimaryKeyConstraint("return_lines_pk", ["return_id", "order_line_id"])
    .execute();

  await db.schema
    .createTable("store_credit_entries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("amount", "bigint", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("reference_type", "text", (c) => c.notNull())
    .addColumn("reference_id", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("store_credit_entries_email")
    .on("store_credit_entries")
    .columns(["email", "currency"])
    .execute();
}
