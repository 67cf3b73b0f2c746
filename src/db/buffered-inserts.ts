import type { Insertable, Kysely } from "kysely";
import { withEntry } from "../lib/scoped.js";
import type { DB } from "./schema.js";
import { type Executor, isPostgres } from "./transaction.js";

type Table = keyof DB & string;
type Row = Insertable<DB[Table]>;

/** Rows that meet an existing row of the same key are added to it: `col = col + excluded.col`. */
export interface AddOnConflict {
  columns: readonly string[];
  add: readonly string[];
}

interface Entry {
  table: Table;
  rows: Row[];
  conflict?: AddOnConflict | undefined;
}

/** Rows held back per open transaction by withBufferedInserts, in the order they were given. */
const buffers = new WeakMap<Executor, Entry[]>();

/** Most rows in one INSERT (and in one combined statement): well under PostgreSQL's 65,535 parameters. */
const CHUNK = 200;

/**
 * Inserts `rows` into `table` in the caller's transaction — at once, or, inside
 * withBufferedInserts on the same transaction, when that ends. For append-only rows (audit,
 * timeline, outbox, movements, decisions…) that nothing reads back before the commit.
 */
export async function insertRows<T extends Table>(
  tx: Executor,
  table: T,
  rows: ReadonlyArray<Insertable<DB[T]>>,
): Promise<void> {
  if (rows.length === 0) return;
  const buffer = buffers.get(tx);
  if (buffer) buffer.push({ table, rows: [...rows] as Row[] });
  else await insertChunks(tx, table, rows as Row[]);
}

/**
 * As insertRows, for counter rows: a row whose key (`conflict.columns`) exists already adds its
 * `conflict.add` columns to the stored ones (an upsert, safe under concurrency). Buffered rows of
 * one key are summed first, so one statement never touches a row twice.
 */
export async function upsertAddingRows<T extends Table>(
  tx: Executor,
  table: T,
  conflict: AddOnConflict,
  rows: ReadonlyArray<Insertable<DB[T]>>,
): Promise<void> {
  if (rows.length === 0) return;
  const buffer = buffers.get(tx);
  if (buffer) buffer.push({ table, rows: [...rows] as Row[], conflict });
  else await insertChunks(tx, table, mergeByKey(rows as Row[], conflict), conflict);
}

function mergeByKey(rows: readonly Row[], conflict: AddOnConflict): Row[] {
  const merged = new Map<string, Record<string, unknown>>();
  for (const row of rows as ReadonlyArray<Record<string, unknown>>) {
    const key = JSON.stringify(conflict.columns.map((c) => row[c]));
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...row });
    else for (const c of conflict.add) seen[c] = Number(seen[c] ?? 0) + Number(row[c] ?? 0);
  }
  return [...merged.values()] as Row[];
}

// biome-ignore lint/suspicious/noExplicitAny: tables only known at run time
type AnyBuilder = any;

function withConflict(insert: AnyBuilder, table: Table, conflict: AddOnConflict | undefined): AnyBuilder {
  if (!conflict) return insert;
  const add = (eb: AnyBuilder) =>
    Object.fromEntries(
      conflict.add.map((c) => [c, eb(eb.ref(`${table}.${c}`), "+", eb.ref(`excluded.${c}`))]),
    );
  return insert.onConflict((oc: AnyBuilder) => oc.columns([...conflict.columns]).doUpdateSet(add));
}

/**
 * Runs `work` with the rows it inserts through insertRows on `tx` held back, then writes them
 * when it returns — still inside `tx`, so they commit or roll back with the change. Rows of the
 * same table go in as one multi-row INSERT (tables in the order they first came, so a row is
 * never written before one it refers to); on PostgreSQL all of them go in as ONE statement of
 * data-modifying CTEs (foreign keys are checked at the statement's end): a capture's dozen
 * inserts cost one round trip instead of a dozen. If `work` throws, nothing is written.
 */
export async function withBufferedInserts<T>(tx: Executor, work: () => Promise<T>): Promise<T> {
  if (buffers.has(tx)) return work();
  const buffer: Entry[] = [];
  const result = await withEntry(buffers, tx, buffer, work);
  const byTable = new Map<Table, Row[]>();
  const conflicts = new Map<Table, AddOnConflict>();
  for (const { table, rows, conflict } of buffer) {
    const all = byTable.get(table) ?? [];
    all.push(...rows);
    byTable.set(table, all);
    if (conflict) conflicts.set(table, conflict);
  }
  for (const [table, conflict] of conflicts) byTable.set(table, mergeByKey(byTable.get(table)!, conflict));
  const total = [...byTable.values()].reduce((n, rows) => n + rows.length, 0);
  if (isPostgres(tx) && byTable.size > 1 && total <= CHUNK) {
    const entries = [...byTable];
    const [lastTable, lastRows] = entries.pop() as [Table, Row[]];
    // biome-ignore lint/suspicious/noExplicitAny: a chain of CTEs over tables only known at run time
    let query: any = tx;
    entries.forEach(([table, rows], i) => {
      // biome-ignore lint/suspicious/noExplicitAny: as above
      query = query.with(`buffered_${i}`, (db: Kysely<any>) =>
        withConflict(db.insertInto(table).values(rows), table, conflicts.get(table)),
      );
    });
    await withConflict(
      query.insertInto(lastTable).values(lastRows),
      lastTable,
      conflicts.get(lastTable),
    ).execute();
  } else {
    for (const [table, rows] of byTable) await insertChunks(tx, table, rows, conflicts.get(table));
  }
  return result;
}

async function insertChunks(
  tx: Executor,
  table: Table,
  rows: readonly Row[],
  conflict?: AddOnConflict,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await withConflict(
      tx.insertInto(table).values(rows.slice(i, i + CHUNK) as never),
      table,
      conflict,
    ).execute();
  }
}
