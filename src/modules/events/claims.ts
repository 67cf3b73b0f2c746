import { type RawBuilder, sql } from "kysely";
import type { Database } from "../../db/database.js";

/** Tables whose rows are claimed by one process at a time for delivery. */
export type ClaimableTable = "webhook_deliveries" | "notifications" | "bus_messages";

export interface ClaimOptions {
  /** Unique per claim: the rows this call took are exactly those with `claimed_by = token`. */
  token: string;
  now: Date;
  ttlMs: number;
  limit: number;
  /** More conditions on the candidate row, which is aliased `d`. */
  where?: RawBuilder<unknown>;
}

/**
 * Claims up to `limit` due rows with one conditional UPDATE — portable, no advisory locks: a row
 * is due when pending, its time has come, and nobody holds an unexpired claim on it. On
 * PostgreSQL the candidates are locked with SKIP LOCKED so concurrent processes take different
 * rows instead of waiting; the outer conditions are re-checked after any wait, so two processes
 * never both hold a claim. A claim held by a process that died expires and is taken again.
 * Returns the ids claimed.
 */
export async function claimDue(
  database: Database,
  table: ClaimableTable,
  opts: ClaimOptions,
): Promise<string[]> {
  const { db, dialect } = database;
  const now = opts.now.toISOString();
  const expires = new Date(opts.now.getTime() + opts.ttlMs).toISOString();
  const t = sql.table(table);
  const extra = opts.where ? sql`and ${opts.where}` : sql``;
  // A cheap read first: an idle poll must not take SQLite's write lock.
  const due = await sql<{ id: string }>`
    select d.id from ${t} d
    where d.status = 'pending' and d.next_attempt_at <= ${now}
      and (d.claim_expires_at is null or d.claim_expires_at < ${now}) ${extra}
    limit 1`.execute(db);
  if (due.rows.length === 0) return [];
  const lock = dialect === "postgres" ? sql`for update of d skip locked` : sql``;
  const claimed = await sql<{ id: string }>`
    update ${t} set claimed_by = ${opts.token}, claim_expires_at = ${expires}
    where id in (
      select d.id from ${t} d
      where d.status = 'pending' and d.next_attempt_at <= ${now}
        and (d.claim_expires_at is null or d.claim_expires_at < ${now}) ${extra}
      order by d.next_attempt_at, d.id
      limit ${opts.limit}
      ${lock}
    )
    and status = 'pending' and (claim_expires_at is null or claim_expires_at < ${now})
    returning id`.execute(db);
  return claimed.rows.map((r) => r.id);
}
