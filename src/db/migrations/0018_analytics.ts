import type { Kysely } from "kysely";

// Analytics: one fact row per placed order and a daily rollup of additive KPI counters.
// The counters as of this migration (written out: a migration never changes with the code).
const COUNTERS = [
  "orders",
  "revenue",
  "units",
  "cancelled_units",
  "cancelled_orders",
  "backordered_orders",
  "split_orders",
  "shipped_orders",
  "finished_orders",
  "in_full_orders",
  "finished_units",
  "filled_units",
  "delivered_orders",
  "promised_delivered",
  "on_time_delivered",
  "otif_orders",
  "returned_orders",
  "perfect_orders",
  "ship_seconds_sum",
  "ship_count",
  "delivery_seconds_sum",
  "delivery_count",
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("order_facts")
    .addColumn("order_id", "text", (c) => c.primaryKey())
    .addColumn("number", "bigint", (c) => c.notNull())
    .addColumn("channel_id", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("region", "text", (c) => c.notNull())
    .addColumn("placed_date", "text", (c) => c.notNull())
    .addColumn("placed_at", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("grand_total", "bigint", (c) => c.notNull())
    .addColumn("lines", "integer", (c) => c.notNull())
    .addColumn("units", "integer", (c) => c.notNull())
    .addColumn("cancelled_units", "integer", (c) => c.notNull())
    .addColumn("shipped_units", "integer", (c) => c.notNull())
    .addColumn("backordered", "integer", (c) => c.notNull())
    .addColumn("fo_count", "integer", (c) => c.notNull())
    .addColumn("first_shipped_at", "text")
    .addColumn("last_shipped_at", "text")
    .addColumn("delivered_at", "text")
    .addColumn("promised_date", "text")
    .addColumn("on_time", "integer")
    .addColumn("in_full", "integer")
    .addColumn("returned_units", "integer", (c) => c.notNull())
    .addColumn("damaged_units", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("status_since", "text", (c) => c.notNull())
    .addColumn("shard", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("order_facts_placed")
    .on("order_facts")
    .columns(["placed_date", "order_id"])
    .execute();
  await db.schema
    .createIndex("order_facts_status")
    .on("order_facts")
    .columns(["status", "status_since"])
    .execute();

  let table = db.schema
    .createTable("kpi_daily")
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("channel_id", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("shard", "integer", (c) => c.notNull());
  for (const counter of COUNTERS) table = table.addColumn(counter, "bigint", (c) => c.notNull().defaultTo(0));
  await table
    .addPrimaryKeyConstraint("kpi_daily_pk", ["date", "channel_id", "country", "currency", "shard"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("kpi_daily").execute();
  await db.schema.dropTable("order_facts").execute();
}
