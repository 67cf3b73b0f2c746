// Real Ordo processes (`ordo serve` as child processes) sharing one database: each event is
// delivered once by the pair, and a process killed mid-delivery loses nothing.
import { type ChildProcess, spawn } from "node:child_process";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/harness.js";
import { createLocation, lastEvent, updateLocation } from "./real-events.js";
import { Receiver, waitFor } from "./webhooks-receiver.js";

let t: TestApp;
let databaseUrl = "";
const children: ChildProcess[] = [];

beforeAll(async () => {
  // This in-test server only serves the API; the dispatching is done by the child processes.
  t = await startTestApp({ env: { DISPATCH_ENABLED: "false", WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" } });
  const db = t.server.database.db;
  if (t.dialect === "sqlite") {
    const { rows } = await sql<{
      file: string;
    }>`select file from pragma_database_list where name = 'main'`.execute(db);
    databaseUrl = rows[0]!.file;
  } else {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${rows[0]!.name}`;
    databaseUrl = url.toString();
  }
});

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await t.close();
});

async function startOrdo(): Promise<ChildProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      SQLITE_SYNCHRONOUS: "NORMAL",
      DISPATCH_INTERVAL_MS: "20",
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
      WEBHOOK_TIMEOUT_MS: "2000",
      DISPATCH_CLAIM_TTL_MS: "3000",
      WEBHOOK_RETRY_BASE_MS: "100",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  await waitFor(
    "child process ready",
    async () => {
      if (child.exitCode !== null) throw new Error(`ordo serve exited with ${child.exitCode}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;
      } catch {
        return false;
      }
    },
    60_000,
  );
  return child;
}

// The events come from real requests to the in-test server: locations created and changed.
async function subscribe(receiver: Receiver, eventTypes: string[]) {
  const res = await t.admin.post("/v1/webhook_endpoints", { url: receiver.url, event_types: eventTypes });
  expect(res.status).toBe(201);
  receiver.secret = res.body.secret;
  return res.body.id as string;
}

describe("several Ordo processes on one database", () => {
  it("two processes deliver each event exactly once, sharing the work", { timeout: 120_000 }, async () => {
    const r = await new Receiver().start();
    const [a, b] = await Promise.all([startOrdo(), startOrdo()]);
    try {
      const locations: string[] = [];
      for (let i = 0; i < 40; i++) locations.push((await createLocation(t.admin)).id);
      const endpointId = await subscribe(r, ["location.updated"]);
      const expected: string[] = [];
      const started = Date.now();
      for (let i = 0; i < 200; i++) {
        const id = locations[i % 40]!;
        await updateLocation(t.admin, id, { priority: i });
        expected.push((await lastEvent(t.admin, "location.updated", id)).id);
      }
      await waitFor("all 200 delivered", () => new Set(r.eventIds()).size === 200, 40_000);
      const elapsed = Date.now() - started;
      await new Promise((res) => setTimeout(res, 500));
      expect(r.received.length).toBe(200);
      expect(new Set(r.ids()).size).toBe(200);
      expect([...r.eventIds()].sort()).toEqual([...expected].sort());
      expect(r.received.every((x) => x.verified)).toBe(true);
      const byProcess = await sql<{ process_id: string; n: number }>`
        select process_id, count(*) as n from webhook_delivery_attempts a
        join webhook_deliveries d on d.id = a.delivery_id where d.endpoint_id = ${endpointId}
        group by process_id`.execute(t.server.database.db);
      expect(byProcess.rows.length).toBe(2); // both processes delivered some of them
      console.log(
        `[measure] ${t.dialect}: 200 events by 2 processes in ${elapsed} ms; split ${byProcess.rows.map((r) => Number(r.n)).join("/")}`,
      );
    } finally {
      a.kill("SIGTERM");
      b.kill("SIGTERM");
      await Promise.all(
        [a, b].map((c) => new Promise((res) => (c.exitCode !== null ? res(null) : c.once("exit", res)))),
      );
      await r.stop();
      for (const e of (await t.admin.get("/v1/webhook_endpoints")).body.data)
        await t.admin.delete(`/v1/webhook_endpoints/${e.id}`);
    }
  });

  it("work claimed by a process killed mid-delivery is delivered by another, with the same webhook-id", {
    timeout: 120_000,
  }, async () => {
    const r = await new Receiver().start();
    r.mode = "hold";
    const a = await startOrdo();
    try {
      const endpointId = await subscribe(r, ["location.created"]);
      const expected: string[] = [];
      for (let i = 0; i < 5; i++) {
        const location = await createLocation(t.admin);
        expected.push((await lastEvent(t.admin, "location.created", location.id)).id);
      }
      await r.nextHeld();
      await new Promise((res) => setTimeout(res, 200)); // let the rest of its batch arrive too
      const heldIds = [...new Set(r.ids())];
      expect(heldIds.length).toBeGreaterThan(0);
      a.kill("SIGKILL"); // dies while the receiver is holding its requests open
      await new Promise((res) =>
        a.exitCode !== null || a.signalCode !== null ? res(null) : a.once("exit", res),
      );
      const killedAt = Date.now();
      r.releaseHeld();
      r.mode = "ok";
      const before = r.received.length;
      const b = await startOrdo();
      try {
        await waitFor(
          "all delivered after the restart",
          async () =>
            (await t.admin.get(`/v1/webhook_deliveries?endpoint_id=${endpointId}&status=succeeded`)).body.data
              .length === 5,
          30_000,
        );
        const after = r.received.slice(before);
        // Every message the dead process had in flight came again, with the same webhook-id.
        for (const id of heldIds) expect(after.map((x) => x.id)).toContain(id);
        expect(new Set(r.eventIds())).toEqual(new Set(expected));
        expect(after.every((x) => x.verified)).toBe(true);
        const firstRedelivery = Math.min(...after.filter((x) => heldIds.includes(x.id)).map((x) => x.at));
        console.log(
          `[measure] ${t.dialect}: redelivered ${heldIds.length} in-flight message(s) ${firstRedelivery - killedAt} ms after SIGKILL (claim TTL 3000 ms, incl. boot)`,
        );
      } finally {
        b.kill("SIGTERM");
        await new Promise((res) => (b.exitCode !== null ? res(null) : b.once("exit", res)));
      }
    } finally {
      await r.stop();
    }
  });
});
