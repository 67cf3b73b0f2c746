import type SqliteDatabase from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type Kysely,
  type Dialect as KyselyDialect,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from "kysely";

/** A better-sqlite3 handle whose statements are prepared once and kept (see withStatementCache). */
export interface StatementSource {
  prepare(sql: string): SqliteDatabase.Statement;
  close(): void;
}

/** FIFO lock for the one writer connection. */
class Mutex {
  private locked = false;
  private waiting: Array<() => void> = [];

  async lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  unlock(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.locked = false;
  }
}

function run(stmt: SqliteDatabase.Statement, parameters: readonly unknown[]): QueryResult<unknown> {
  if (stmt.reader) return { rows: stmt.all(parameters) };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/**
 * Two connections to one SQLite file in WAL mode: transactions and every write go to the
 * writer, one at a time (`BEGIN IMMEDIATE`, so two processes never deadlock upgrading a read
 * lock); a read outside a transaction goes to the reader and sees the last committed state at
 * once, instead of queueing behind a write transaction for the only connection. (WAL lets a
 * reader and a writer work on the file at the same time; better-sqlite3 runs each statement to
 * its end, so the reader needs no lock.)
 */
class RoutingDriver implements Driver {
  readonly writerLock = new Mutex();

  constructor(
    readonly writer: StatementSource,
    readonly reader: StatementSource,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutedConnection).beginWriting();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).release();
  }

  async destroy(): Promise<void> {
    this.reader.close();
    this.writer.close();
  }
}

class RoutedConnection implements DatabaseConnection {
  private writing = false;

  constructor(private readonly driver: RoutingDriver) {}

  async beginWriting(): Promise<void> {
    await this.driver.writerLock.lock();
    this.writing = true;
    try {
      this.driver.writer.prepare("begin immediate").run();
    } catch (error) {
      this.release();
      throw error;
    }
  }

  release(): void {
    if (!this.writing) return;
    this.writing = false;
    this.driver.writerLock.unlock();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.writing) return run(this.driver.writer.prepare(query.sql), query.parameters) as QueryResult<R>;
    const stmt = this.driver.reader.prepare(query.sql);
    if (stmt.readonly) return run(stmt, query.parameters) as QueryResult<R>;
    // A write outside a transaction: on the writer, after the transaction holding it.
    await this.driver.writerLock.lock();
    try {
      return run(this.driver.writer.prepare(query.sql), query.parameters) as QueryResult<R>;
    } finally {
      this.driver.writerLock.unlock();
    }
  }

  // biome-ignore lint/correctness/useYield: streaming is not used on SQLite; Kysely requires the method
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming queries are not supported on SQLite");
  }
}

/** Kysely's SQLite dialect on a writer and a reader connection (see RoutingDriver). */
export class RoutingSqliteDialect implements KyselyDialect {
  constructor(
    private readonly writer: StatementSource,
    private readonly reader: StatementSource,
  ) {}

  createDriver(): Driver {
    return new RoutingDriver(this.writer, this.reader);
  }

  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }

  createAdapter() {
    return new SqliteAdapter();
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's introspector takes any database
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}
