import type { Kysely } from "kysely";

// Feedback surveys: one per delivered order, due some days after delivery, answered once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("feedback_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("order_id", "text", (c) => c.notNull().unique())
    .addColumn("order_number", "bigint", (c) => c.notNull())
    .addColumn("channel_id", "text", (c) => c.notNull())
    .addColumn("location_id", "text")
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.unique())
    .addColumn("delivered_at", "text", (c) => c.notNull())
    .addColumn("due_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .addColumn("score", "integer")
    .addColumn("comment", "text")
    .addColumn("answered_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // The dispatcher's question: which surveys are due and not sent yet.
  await db.schema
    .createIndex("feedback_requests_due")
    .on("feedback_requests")
    .columns(["sent_at", "due_at"])
    .execute();
  // The summary reads by send time; the responses list by answer time, newest first.
  await db.schema
    .createIndex("feedback_requests_sent")
    .on("feedback_requests")
    .columns(["sent_at", "channel_id"])
    .execute();
  await db.schema
    .createIndex("feedback_requests_answered")
    .on("feedback_requests")
    .columns(["answered_at", "id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("feedback_requests").execute();
}
