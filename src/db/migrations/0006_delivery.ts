import type { Kysely } from "kysely";

// Delivery of outbox events: webhook endpoints and their deliveries (with every attempt),
// customer e-mail notifications, messages for the optional bus, and merchant settings used by
// the e-mail templates. Claimable rows share one shape: status, next_attempt_at, claimed_by,
// claim_expires_at — a process claims a batch with one conditional UPDATE; a crashed process's
// claims expire and are taken again.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Events not yet turned into deliveries; the dispatcher marks them when it has.
  await db.schema
    .alterTable("events")
    .addColumn("fanned_out", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("events_fan_out").on("events").columns(["fanned_out", "id"]).execute();
  await db.schema.createIndex("events_created").on("events").columns(["created_at", "id"]).execute();

  await db.schema
    .createTable("webhook_endpoints")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("event_types", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("disabled_reason", "text")
    .addColumn("failing_since", "text")
    .addColumn("consecutive_failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("endpoint_id", "text", (c) =>
      c.notNull().references("webhook_endpoints.id").onDelete("cascade"),
    )
    .addColumn("event_id", "text")
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("resource_key", "text", (c) => c.notNull())
    .addColumn("payload", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("claimed_by", "text")
    .addColumn("claim_expires_at", "text")
    .addColumn("last_attempt_at", "text")
    .addColumn("last_response_status", "integer")
    .addColumn("last_response_ms", "integer")
    .addColumn("last_error", "text")
    .addColumn("delivered_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_once")
    .on("webhook_deliveries")
    .columns(["endpoint_id", "event_id"])
    .unique()
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_due")
    .on("webhook_deliveries")
    .columns(["status", "next_attempt_at"])
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_order")
    .on("webhook_deliveries")
    .columns(["endpoint_id", "resource_key", "status", "event_id"])
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_event")
    .on("webhook_deliveries")
    .columns(["event_id"])
    .execute();

  await db.schema
    .createTable("webhook_delivery_attempts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("delivery_id", "text", (c) =>
      c.notNull().references("webhook_deliveries.id").onDelete("cascade"),
    )
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("attempted_at", "text", (c) => c.notNull())
    .addColumn("response_status", "integer")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("error", "text")
    .addColumn("process_id", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_delivery_attempts_delivery")
    .on("webhook_delivery_attempts")
    .columns(["delivery_id", "attempt"])
    .execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("event_id", "text")
    .addColumn("template", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text", (c) => c.notNull())
    .addColumn("resource_type", "text", (c) => c.notNull())
    .addColumn("resource_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("claimed_by", "text")
    .addColumn("claim_expires_at", "text")
    .addColumn("last_error", "text")
    .addColumn("message_id", "text")
    .addColumn("sent_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("notifications_due")
    .on("notifications")
    .columns(["status", "next_attempt_at"])
    .execute();
  await db.schema
    .createIndex("notifications_resource")
    .on("notifications")
    .columns(["resource_type", "resource_id", "id"])
    .execute();

  await db.schema
    .createTable("bus_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("claimed_by", "text")
    .addColumn("claim_expires_at", "text")
    .addColumn("last_error", "text")
    .addColumn("published_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("bus_messages_due")
    .on("bus_messages")
    .columns(["status", "next_attempt_at"])
    .execute();

  for (const table of ["webhook_deliveries", "notifications", "bus_messages"]) {
    await db.schema.createIndex(`${table}_claim`).on(table).column("claimed_by").execute();
  }

  await db.schema
    .createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "settings",
    "bus_messages",
    "notifications",
    "webhook_delivery_attempts",
    "webhook_deliveries",
    "webhook_endpoints",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex("events_created").execute();
  await db.schema.dropIndex("events_fan_out").execute();
  await db.schema.alterTable("events").dropColumn("fanned_out").execute();
}
