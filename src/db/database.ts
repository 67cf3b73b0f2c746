import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type LogEvent,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
} from "kysely";
import pg from "pg";
import type { Config } from "../config.js";
import { enableGroupCommit } from "./group-commit.js";
import type { DB } from "./schema.js";
import { RoutingSqliteDialect } from "./sqlite-driver.js";

export type Dialect = "sqlite" | "postgres";

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The SQLite file, for tools that open it beside Ordo (read-only). */
  file?: string;
  close(): Promise<void>;
}

// Postgres returns int8 (count(*), sum()) as strings; every such value here fits a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

/**
 * SQLite writers take the write lock when the transaction begins (`BEGIN IMMEDIATE`), so two
 * processes never deadlock upgrading a read lock; the busy timeout makes them wait instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
  }
}

/** better-sqlite3 compiles a statement on every prepare(); hot queries repeat, so keep them compiled. */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

export interface OpenOptions {
  /** Sees every statement executed (the SQL snapshot generator records hot paths with it). */
  onQuery?: (sql: string, parameters: readonly unknown[]) => void;
}

export function openDatabase(config: Config["database"], opts: OpenOptions = {}): Database {
  const { onQuery } = opts;
  const log = onQuery
    ? (event: LogEvent) => {
        if (event.level === "query") onQuery(event.query.sql, event.query.parameters);
      }
    : undefined;
  if (config.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize });
    // An idle connection dropped by the server (restart, failover) must not crash the process:
    // the pool discards it and opens a new one on demand.
    pool.on("error", (error) => console.error(`database connection lost: ${error.message}`));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log });
    return { db, dialect: "postgres", close: () => db.destroy() };
  }
  const inMemory = config.file === ":memory:";
  if (!inMemory) mkdirSync(dirname(config.file), { recursive: true });
  const open = (readonly: boolean) => {
    const sqlite = new SqliteDatabase(config.file, { readonly });
    if (!readonly) {
      sqlite.pragma("journal_mode = WAL");
      sqlite.pragma(`synchronous = ${config.synchronous}`);
      sqlite.pragma("foreign_keys = ON");
    }
    sqlite.pragma("busy_timeout = 5000");
    // Negative: KiB. Every capture touches the tail pages of a dozen tables and their indexes.
    sqlite.pragma(`cache_size = -${config.cacheMb * 1024}`);
    return withStatementCache(sqlite);
  };
  const writer = open(false);
  // A file gets a second, read-only connection for reads outside transactions (an in-memory
  // database exists only on its one connection).
  const db = new Kysely<DB>({
    dialect: inMemory
      ? new ImmediateSqliteDialect({ database: writer })
      : new RoutingSqliteDialect(writer, open(true)),
    log,
  });
  if (config.groupCommit > 1) enableGroupCommit(db, config.groupCommit);
  return { db, dialect: "sqlite", file: config.file, close: () => db.destroy() };
}
