import { type Kysely, PostgresAdapter, sql } from "kysely";

// Customer-service cases and their messages. Case numbers (CS-1001…) come from a sequence on
// PostgreSQL, so concurrent cases never wait for each other for a number; SQLite has one writer
// and takes the next number from the table's maximum.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("cases")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "integer", (c) => c.notNull().unique())
    .addColumn("order_id", "text")
    .addColumn("order_number", "bigint")
    .addColumn("order_line_ids", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("shipment_id", "text")
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("priority", "text", (c) => c.notNull())
    .addColumn("customer_email", "text", (c) => c.notNull())
    .addColumn("customer_name", "text")
    .addColumn("assignee_id", "text")
    .addColumn("assignee_name", "text")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("first_response_due_at", "text", (c) => c.notNull())
    .addColumn("resolution_due_at", "text", (c) => c.notNull())
    .addColumn("first_responded_at", "text")
    .addColumn("resolved_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("sla_paused_at", "text")
    .addColumn("sla_paused_ms", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("last_message_at", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("cases_status").on("cases").columns(["status", "id"]).execute();
  await db.schema.createIndex("cases_order").on("cases").columns(["order_id", "id"]).execute();
  await db.schema.createIndex("cases_assignee").on("cases").columns(["assignee_id", "id"]).execute();

  await db.schema
    .createTable("case_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull())
    .addColumn("author_type", "text", (c) => c.notNull())
    .addColumn("author_id", "text")
    .addColumn("author_name", "text", (c) => c.notNull())
    .addColumn("visibility", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_messages_case").on("case_messages").columns(["case_id", "id"]).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`create sequence case_number_seq start with 1001`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`drop sequence case_number_seq`.execute(db);
  await db.schema.dropTable("case_messages").execute();
  await db.schema.dropTable("cases").execute();
}
