import type { Kysely } from "kysely";

// Indexes for pruning what the retention policy no longer keeps (events/retention.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("idempotency_keys_created")
    .on("idempotency_keys")
    .column("created_at")
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_created")
    .on("webhook_deliveries")
    .column("created_at")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("webhook_deliveries_created").execute();
  await db.schema.dropIndex("idempotency_keys_created").execute();
}
