import { type Kysely, PostgresAdapter, sql } from "kysely";

// PostgreSQL numbers orders from a sequence: the `counters` row would be locked by every
// capture from its UPDATE until COMMIT, making all orders wait for each other. A sequence hands
// out numbers without a lock (a rolled-back capture leaves a gap). SQLite has one writer at a
// time anyway and keeps the counter row.
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create sequence order_number_seq`.execute(db);
  await sql`select setval('order_number_seq', (select value from counters where name = 'order_number'))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`update counters set value = (select last_value from order_number_seq) where name = 'order_number'`.execute(
    db,
  );
  await sql`drop sequence order_number_seq`.execute(db);
}
