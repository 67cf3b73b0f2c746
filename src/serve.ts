import type { Config } from "./config.js";
import { type Database, openDatabase } from "./db/database.js";
import { migrateToLatest } from "./db/migrate.js";
import type { Executor } from "./db/transaction.js";
import type { App } from "./http/app-types.js";
import { ensureAdminApiKey, needsSetup, systemContext } from "./modules/access/index.js";
import { startDispatcher } from "./modules/events/dispatcher.js";
import { StartupGate } from "./modules/system/index.js";
import { seedDemo, shouldLoadDemo } from "./seed/demo.js";
import { buildServer } from "./server.js";

export interface RunningServer {
  app: App;
  database: Database;
  url: string;
  /** Stop accepting, let in-flight requests finish, then close the database. */
  shutdown(): Promise<void>;
}

/** Opens and migrates the database, builds the app and listens; used by the CLI and by tests. */
export async function startServer(
  config: Config,
  opts: { database?: Database; beforeListen?: (app: App) => void; startup?: StartupGate } = {},
): Promise<RunningServer> {
  const database = opts.database ?? openDatabase(config.database);
  await migrateToLatest(database.db);
  if (config.adminApiKey) await ensureAdminApiKey(database.db, systemContext(), config.adminApiKey);
  const app = await buildServer(config, database, { startup: opts.startup });
  opts.beforeListen?.(app);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  // Delivers the outbox (webhooks, e-mail, bus) from every process; stopped before the database closes.
  const dispatcher = config.delivery.enabled ? startDispatcher({ database, config, log: app.log }) : null;
  let closing: Promise<void> | null = null;
  return {
    app,
    database,
    url: `http://${config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host}:${port}`,
    shutdown() {
      closing ??= (async () => {
        await closeWithin(app, config.shutdownTimeoutMs);
        await dispatcher?.stop();
        await database.close();
      })();
      return closing;
    },
  };
}

export interface StartOptions {
  /** Load the demo data into an empty database of any kind (else only into an empty SQLite one). */
  demo?: boolean;
  database?: Database;
  /** What loads the demo data (tests slow it down to look at the server meanwhile). */
  seed?: (db: Executor, log: (line: string) => void) => Promise<void>;
}

/**
 * `ordo start`: migrate, listen, and meanwhile load the demo data into an empty database. The
 * server answers at once (`/healthz` 200), but `/readyz` says 503 until the demo data is in:
 * `ready` settles then, rejecting if loading failed (the process stays not ready).
 */
export async function startWithDemo(
  config: Config,
  opts: StartOptions = {},
): Promise<{ server: RunningServer; ready: Promise<{ seeded: boolean }> }> {
  const startup = new StartupGate();
  const step = startup.begin("demo data");
  let server: RunningServer;
  try {
    server = await startServer(config, { database: opts.database, startup });
  } catch (error) {
    step.fail(error);
    throw error;
  }
  const ready = (async () => {
    const db = server.database.db;
    const empty = await needsSetup(db);
    const seeded = shouldLoadDemo({ databaseKind: config.database.kind, empty, demoAsked: !!opts.demo });
    if (seeded) await (opts.seed ?? seedDemo)(db, (line) => server.app.log.info(line));
    return { seeded };
  })().then(
    (result) => {
      step.done();
      return result;
    },
    (error: unknown) => {
      step.fail(error);
      server.app.log.error({ err: error }, "start-up failed: not ready");
      throw error;
    },
  );
  return { server, ready };
}

/**
 * Stops accepting and lets in-flight requests finish, but not forever: idle keep-alive sockets are
 * closed at once, and whatever is still open at the deadline is cut so the process can exit.
 */
async function closeWithin(app: App, deadlineMs: number): Promise<void> {
  const closed = app.close();
  app.server.closeIdleConnections();
  // Sockets that finish their request while draining become idle too: sweep them until closed.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  const deadline = setTimeout(() => {
    app.log.warn({ deadlineMs }, "shutdown deadline reached: closing the remaining connections");
    app.server.closeAllConnections();
  }, deadlineMs);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}

/** SIGTERM/SIGINT: drain and exit; a second signal exits at once. */
export function shutdownOnSignals(server: RunningServer): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    server.app.log.info({ signal }, "shutting down: finishing in-flight requests");
    server.shutdown().then(
      () => process.exit(0),
      (error) => {
        server.app.log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
