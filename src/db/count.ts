import { sql } from "kysely";
import type { DB } from "./schema.js";
import type { Executor } from "./transaction.js";

/** Rows of a table (of the calling module) in one status: backlog figures for operators. */
export async function countByStatus(db: Executor, table: keyof DB, status: string): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*) as n from ${sql.table(table)} where status = ${status}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
