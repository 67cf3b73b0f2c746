import type { Kysely } from "kysely";

// Payments and their transaction ledger (authorizations, charges, refunds, releases), and the
// provider webhook calls already taken in.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("payments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("order_id", "text", (c) => c.notNull())
    .addColumn("provider", "text", (c) => c.notNull())
    .addColumn("token", "text", (c) => c.notNull())
    .addColumn("display", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("psp_reference", "text")
    .addColumn("hold_id", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("payments_order").on("payments").columns(["order_id", "id"]).execute();

  await db.schema
    .createTable("payment_transactions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("payment_id", "text", (c) => c.notNull())
    .addColumn("order_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("amount", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("answers", "text")
    .addColumn("idempotency_key", "text")
    .addColumn("psp_reference", "text")
    .addColumn("reference_type", "text")
    .addColumn("reference_id", "text")
    .addColumn("reason", "text")
    .addColumn("failure_code", "text")
    .addColumn("actor_type", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("next_attempt_at", "text")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex("payment_transactions_payment")
    .on("payment_transactions")
    .columns(["payment_id", "id"])
    .execute();
  await db.schema
    .createIndex("payment_transactions_order")
    .on("payment_transactions")
    .columns(["order_id", "id"])
    .execute();
  // One answer per request, however many processors or webhooks race to write it.
  await db.schema
    .createIndex("payment_transactions_answer")
    .on("payment_transactions")
    .column("answers")
    .unique()
    .execute();
  // The processor's queue: requests due for a call.
  await db.schema
    .createIndex("payment_transactions_due")
    .on("payment_transactions")
    .columns(["next_attempt_at", "id"])
    .execute();

  await db.schema
    .createTable("payment_webhook_events")
    .addColumn("provider", "text", (c) => c.notNull())
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("payment_webhook_events_pk", ["provider", "event_id"])
    .execute();
}
