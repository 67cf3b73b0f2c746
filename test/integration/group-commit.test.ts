// SQLite's write path: concurrent transactions share one COMMIT (group commit), yet each stays
// atomic and isolated from the others' failures; reads outside transactions use their own
// connection. Real SQLite file, real schema, no HTTP (it is the db layer).
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { type Database, openDatabase } from "../../src/db/database.js";
import { groupCommitterOf } from "../../src/db/group-commit.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { inTransaction } from "../../src/db/transaction.js";
import { freshDatabase, type ScratchDatabase } from "../support/databases.js";
import { signal } from "../support/signal.js";

let target: ScratchDatabase;
let database: Database;
let statements: string[];

beforeEach(async () => {
  target = await freshDatabase(null, "ordo_group");
  statements = [];
  database = openDatabase(loadConfig({ DATABASE_URL: target.url, PORT: "0" }).database, {
    onQuery: (text) => statements.push(text.toLowerCase()),
  });
  await migrateToLatest(database.db);
  await sql`create table probe (id integer primary key, note text not null)`.execute(database.db);
  await sql`create table probe_child (id integer primary key, parent integer not null
    references probe (id) deferrable initially deferred)`.execute(database.db);
  statements = [];
});

afterEach(async () => {
  await database.close();
  await target.drop();
});

const stored = async () =>
  (await sql<{ id: number }>`select id from probe order by id`.execute(database.db)).rows.map((r) => r.id);

const insert = (id: number) => sql`insert into probe (id, note) values (${id}, 'x')`;

describe("group commit on SQLite", () => {
  it("commits 60 concurrent transactions in far fewer COMMITs, each atomic, failures alone", async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        inTransaction(database.db, async (tx) => {
          await insert(i * 10).execute(tx);
          await insert(i * 10 + 1).execute(tx);
          if (i % 7 === 3) throw new Error(`member ${i} refuses`);
          // A nested call joins the member's transaction instead of starting another.
          await inTransaction(tx, (inner) => insert(i * 10 + 2).execute(inner));
          return i;
        }),
      ),
    );
    const failed = outcomes.flatMap((o, i) => (o.status === "rejected" ? [i] : []));
    expect(failed).toEqual([3, 10, 17, 24, 31, 38, 45, 52, 59]);
    for (const i of failed) expect(String((outcomes[i] as PromiseRejectedResult).reason)).toMatch(/refuses/);
    const expected = Array.from({ length: 60 }, (_, i) => i)
      .filter((i) => !failed.includes(i))
      .flatMap((i) => [i * 10, i * 10 + 1, i * 10 + 2]);
    expect(await stored()).toEqual(expected);
    const commits = statements.filter((s) => s === "commit").length;
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThan(20);
    // What /metrics reports: the shared commits and the transactions they carried.
    expect(groupCommitterOf(database.db)?.stats).toEqual({ commits, transactions: 51 });
  });

  it("a member breaking a deferred constraint fails alone; the rest of its group is stored", async () => {
    await insert(1).execute(database.db);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        inTransaction(database.db, async (tx) => {
          await insert(100 + i).execute(tx);
          // Member 5 points at a parent that does not exist: only COMMIT can notice.
          await sql`insert into probe_child (id, parent) values (${i}, ${i === 5 ? 999 : 1})`.execute(tx);
        }),
      ),
    );
    // They did share a COMMIT attempt (several members before the first COMMIT).
    const firstCommit = statements.indexOf("commit");
    expect(statements.slice(0, firstCommit).filter((s) => s.startsWith("savepoint")).length).toBeGreaterThan(
      1,
    );
    expect(outcomes.map((o) => o.status)).toEqual(
      Array.from({ length: 12 }, (_, i) => (i === 5 ? "rejected" : "fulfilled")),
    );
    expect(await stored()).toEqual([
      1,
      ...Array.from({ length: 12 }, (_, i) => 100 + i).filter((id) => id !== 105),
    ]);
    const children = await sql<{ n: number }>`select count(*) as n from probe_child`.execute(database.db);
    expect(Number(children.rows[0]?.n)).toBe(11);
  });

  it("a read outside a transaction neither waits for an open write transaction nor sees its rows", async () => {
    await insert(1).execute(database.db);
    const gate = signal();
    const inserted = signal();
    const writing = inTransaction(database.db, async (tx) => {
      await insert(2).execute(tx);
      inserted.fire();
      await gate.fired;
    });
    await inserted.fired;
    // The writer is held open; this read is answered at once, from the last commit.
    expect(await stored()).toEqual([1]);
    // A write outside a transaction waits for the writer instead of failing as busy.
    const write = insert(3).execute(database.db);
    gate.fire();
    await Promise.all([writing, write]);
    expect(await stored()).toEqual([1, 2, 3]);
  });

  it("is off with SQLITE_GROUP_COMMIT=1: one COMMIT per transaction", async () => {
    await database.close();
    database = openDatabase(
      loadConfig({ DATABASE_URL: target.url, PORT: "0", SQLITE_GROUP_COMMIT: "1" }).database,
      { onQuery: (text) => statements.push(text.toLowerCase()) },
    );
    statements = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => inTransaction(database.db, (tx) => insert(i).execute(tx))),
    );
    expect(statements.filter((s) => s === "commit")).toHaveLength(10);
    expect(await stored()).toHaveLength(10);
  });
});
