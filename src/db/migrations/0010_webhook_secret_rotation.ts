import type { Kysely } from "kysely";

// Rotating a webhook endpoint's secret keeps the previous one signing beside it for a while, so
// a receiver can switch over without rejecting a delivery.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("webhook_endpoints").addColumn("previous_secret", "text").execute();
  await db.schema.alterTable("webhook_endpoints").addColumn("previous_secret_expires_at", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("webhook_endpoints").dropColumn("previous_secret_expires_at").execute();
  await db.schema.alterTable("webhook_endpoints").dropColumn("previous_secret").execute();
}
