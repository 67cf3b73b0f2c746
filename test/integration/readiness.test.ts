// /readyz says 503 (problem+json) until start-up work is done, /healthz says the process lives
// meanwhile. Through HTTP on a real database, and through the real `ordo start` path.
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { StartupGate } from "../../src/modules/system/index.js";
import { seedDemo } from "../../src/seed/demo.js";
import { type RunningServer, startServer, startWithDemo } from "../../src/serve.js";
import { freshDatabase, type ScratchDatabase } from "../support/databases.js";
import { client } from "../support/harness.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scratch(): Promise<ScratchDatabase> {
  const db = await freshDatabase(process.env.TEST_DATABASE_URL, "ordo_ready");
  cleanups.push(() => db.drop());
  return db;
}
const configFor = (db: ScratchDatabase) =>
  loadConfig({
    DATABASE_URL: db.url,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    SQLITE_SYNCHRONOUS: "NORMAL",
    DISPATCH_ENABLED: "false",
  });
function serving(server: RunningServer) {
  cleanups.push(() => server.shutdown());
  return client(server.url);
}
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("GET /readyz while the process starts up", () => {
  it("answers 503 problem+json while a start-up step is pending, 200 once it is done", async () => {
    const startup = new StartupGate();
    const step = startup.begin("warming caches");
    const http = serving(await startServer(configFor(await scratch()), { startup }));

    const live = await http.get("/healthz");
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: "ok" });
    const starting = await http.get("/readyz");
    expect(starting.status).toBe(503);
    expect(starting.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(starting.body).toMatchObject({
      type: expect.stringContaining("not-ready"),
      title: "Service Unavailable",
      status: 503,
      detail: "Starting up: warming caches",
      pending_startup: ["warming caches"],
    });

    step.done();
    const ready = await http.get("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: "ready" });
  });

  it("stays not ready when a start-up step fails, and says which", async () => {
    const startup = new StartupGate();
    const http = serving(await startServer(configFor(await scratch()), { startup }));
    await expect(
      startup.run("loading demo data", async () => {
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    const failed = await http.get("/readyz");
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({
      status: 503,
      detail: "Start-up failed (loading demo data): disk full",
    });
    expect((await http.get("/healthz")).status).toBe(200);
  });

  it("`ordo start` listens at once, but is ready only once the demo data is loaded", async () => {
    const db = await scratch();
    const release = deferred();
    let seeding = false;
    let seeded = false;
    const { server, ready } = await startWithDemo(configFor(db), {
      demo: true, // PostgreSQL too
      seed: async (executor, log) => {
        seeding = true;
        await release.promise; // hold the real seed back, to look at the server meanwhile
        await seedDemo(executor, log);
        seeded = true;
      },
    });
    const http = serving(server);
    let settled = false;
    void ready.finally(() => {
      settled = true;
    });

    await expect.poll(() => seeding).toBe(true);
    expect((await http.get("/healthz")).status).toBe(200);
    const starting = await http.get("/readyz");
    expect(starting.status).toBe(503);
    expect(starting.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(starting.body).toMatchObject({ status: 503, pending_startup: ["demo data"] });
    // Still loading while the real seed runs: not ready until it has finished.
    release.resolve();
    // Ready may answer 200 a moment before `ready` settles, never before the data is loaded.
    const readyTooSoon: number[] = [];
    while (!settled) {
      const loadedBefore = seeded;
      const status = (await http.get("/readyz")).status;
      if (!loadedBefore && !seeded && status !== 503) readyTooSoon.push(status);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(readyTooSoon).toEqual([]);
    expect(await ready).toEqual({ seeded: true });
    const done = await http.get("/readyz");
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ status: "ready" });
    const orders = await server.database.db
      .selectFrom("orders")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(orders.n)).toBeGreaterThan(100);
  }, 60_000);

  it("`ordo start` on a database that has users loads nothing and is ready at once", async () => {
    const db = await scratch();
    const first = await startWithDemo(configFor(db), { demo: true });
    await first.ready;
    await first.server.shutdown();
    let seedCalled = false;
    const { server, ready } = await startWithDemo(configFor(db), {
      demo: true,
      seed: async () => {
        seedCalled = true;
      },
    });
    const http = serving(server);
    expect(await ready).toEqual({ seeded: false });
    expect(seedCalled).toBe(false);
    expect((await http.get("/readyz")).status).toBe(200);
  }, 60_000);
});
