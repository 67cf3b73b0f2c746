import { type Kysely, PostgresAdapter, type Transaction } from "kysely";
import { groupCommitterOf } from "./group-commit.js";
import type { DB } from "./schema.js";

export type Executor = Kysely<DB> | Transaction<DB>;

export const isPostgres = (db: Executor): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

const RETRYABLE_PG_CODES = new Set(["40001", "40P01"]);

/** Serialization failures and deadlocks (PostgreSQL) and a busy database (SQLite) are worth retrying. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  return RETRYABLE_PG_CODES.has(code) || code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT";
}

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
}

/**
 * Runs `work` in one transaction, retried from the start on a retryable failure with jittered
 * exponential backoff. Inside an open transaction it simply joins it, so services compose. On
 * SQLite, concurrent transactions share one commit (see group-commit.ts).
 */
export async function inTransaction<T>(
  db: Executor,
  work: (tx: Transaction<DB>) => Promise<T>,
  { attempts = 8, baseDelayMs = 5 }: RetryOptions = {},
): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<DB>);
  for (let attempt = 1; ; attempt++) {
    try {
      const group = groupCommitterOf(db);
      return await (group ? group.run(work) : db.transaction().execute(work));
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const delay = baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random());
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
