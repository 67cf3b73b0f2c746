import type { Kysely } from "kysely";

// Scheduling: slot templates per location, slot rows (created when first held, with a counter of
// the capacity taken), bookings (held → booked / cancelled / expired), resources (drivers,
// technicians, vehicles) and stored route plans.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("slot_templates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("location_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("weekday", "integer", (c) => c.notNull())
    .addColumn("start_time", "text", (c) => c.notNull())
    .addColumn("end_time", "text", (c) => c.notNull())
    .addColumn("capacity", "integer", (c) => c.notNull())
    .addColumn("skill", "text")
    .addColumn("cutoff_hours", "double precision", (c) => c.notNull())
    .addColumn("lead_days", "integer", (c) => c.notNull())
    .addColumn("holidays", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("slot_templates_location")
    .on("slot_templates")
    .columns(["location_id"])
    .execute();
  await db.schema
    .createTable("slot_instances")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("template_id", "text", (c) => c.notNull())
    .addColumn("location_id", "text", (c) => c.notNull())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addColumn("capacity", "integer", (c) => c.notNull())
    // Held plus booked: raised only by `used < capacity` conditional updates.
    .addColumn("used", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("slot_instances_location_date")
    .on("slot_instances")
    .columns(["location_id", "date"])
    .execute();
  await db.schema
    .createTable("slot_bookings")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("slot_id", "text", (c) => c.notNull())
    .addColumn("location_id", "text", (c) => c.notNull())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("expires_at", "text")
    .addColumn("order_id", "text")
    .addColumn("latitude", "double precision")
    .addColumn("longitude", "double precision")
    .addColumn("weight", "double precision")
    .addColumn("service_minutes", "integer", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("slot_bookings_slot")
    .on("slot_bookings")
    .columns(["slot_id", "status"])
    .execute();
  await db.schema
    .createIndex("slot_bookings_day")
    .on("slot_bookings")
    .columns(["location_id", "date", "status"])
    .execute();
  await db.schema
    .createIndex("slot_bookings_expiry")
    .on("slot_bookings")
    .columns(["status", "expires_at"])
    .execute();
  await db.schema
    .createTable("scheduling_resources")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("location_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("skills", "text", (c) => c.notNull())
    .addColumn("working_hours", "text", (c) => c.notNull())
    .addColumn("capacity_weight", "double precision")
    .addColumn("capacity_volume", "double precision")
    .addColumn("max_stops", "integer")
    .addColumn("active", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("scheduling_resources_location")
    .on("scheduling_resources")
    .columns(["location_id", "kind"])
    .execute();
  await db.schema
    .createTable("route_plans")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("location_id", "text", (c) => c.notNull())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("problem", "text", (c) => c.notNull())
    .addColumn("plan", "text", (c) => c.notNull())
    .addColumn("routes", "text", (c) => c.notNull())
    .addColumn("stop_count", "integer", (c) => c.notNull())
    .addColumn("unassigned_count", "integer", (c) => c.notNull())
    .addColumn("distance_m", "double precision", (c) => c.notNull())
    .addColumn("elapsed_ms", "double precision", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("route_plans_day").on("route_plans").columns(["location_id", "date"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "route_plans",
    "scheduling_resources",
    "slot_bookings",
    "slot_instances",
    "slot_templates",
  ])
    await db.schema.dropTable(table).execute();
}
