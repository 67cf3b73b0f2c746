import type { Kysely } from "kysely";

// Demand forecasts: one row per series (SKU × location, or the SKU's whole network) holding the
// latest run's forecast; each run is recorded too.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("forecast_runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("history_from", "text", (c) => c.notNull())
    .addColumn("history_to", "text", (c) => c.notNull())
    .addColumn("horizon", "integer", (c) => c.notNull())
    .addColumn("series_count", "integer", (c) => c.notNull())
    .addColumn("sku_count", "integer", (c) => c.notNull())
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("actor_type", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("forecasts")
    // `sku@location_id`, or `sku@*` for the network: the keyset of the list, one row per series.
    .addColumn("series_key", "text", (c) => c.primaryKey())
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("location_id", "text")
    .addColumn("run_id", "text", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("demand_class", "text", (c) => c.notNull())
    .addColumn("history_from", "text", (c) => c.notNull())
    .addColumn("history_to", "text", (c) => c.notNull())
    .addColumn("level", "real", (c) => c.notNull())
    .addColumn("share", "real", (c) => c.notNull())
    .addColumn("mase", "real")
    .addColumn("wape", "real")
    .addColumn("naive_mase", "real")
    .addColumn("naive_wape", "real")
    .addColumn("skill", "real")
    .addColumn("history", "text", (c) => c.notNull())
    .addColumn("point", "text", (c) => c.notNull())
    .addColumn("lower", "text", (c) => c.notNull())
    .addColumn("upper", "text", (c) => c.notNull())
    .addColumn("sigma", "text", (c) => c.notNull())
    .addColumn("cumulative_sigma", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // The inventory module's daily-demand read: shipments by time.
  await db.schema
    .createIndex("inventory_movements_type_time")
    .on("inventory_movements")
    .columns(["type", "created_at"])
    .execute();
  await db.schema.createIndex("forecasts_location").on("forecasts").columns(["location_id", "sku"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("inventory_movements_type_time").execute();
  await db.schema.dropTable("forecasts").execute();
  await db.schema.dropTable("forecast_runs").execute();
}
