// Retention: delivered events and finished deliveries go after EVENT_RETENTION_DAYS, stored
// idempotent responses after IDEMPOTENCY_KEY_TTL_HOURS; everything still in flight stays.
// Everything here is made by real requests and the real dispatcher; only its age is backdated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { startDispatcher } from "../../src/modules/events/dispatcher.js";
import { pruneExpired } from "../../src/modules/events/retention.js";
import { startTestApp, type TestApp } from "../support/harness.js";
import { createLocation, lastEvent, updateLocation } from "./real-events.js";
import { Receiver, waitFor } from "./webhooks-receiver.js";

let t: TestApp;

beforeAll(async () => {
  // The app's own dispatcher is off: the test runs the real one in phases, with the settings each needs.
  t = await startTestApp({ env: { DISPATCH_ENABLED: "false", WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" } });
});
afterAll(() => t.close());

const NOW = new Date("2026-06-30T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const quiet = { info() {}, warn() {}, error() {} };

/** Runs Ordo's outbox dispatcher on the test's database with these settings until `done`. */
async function dispatch(env: Record<string, string>, what: string, done: () => Promise<unknown>) {
  const config = loadConfig({
    DATABASE_URL: ":memory:", // unused: the dispatcher works on the test app's database
    LOG_LEVEL: "silent",
    DISPATCH_INTERVAL_MS: "20",
    WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
    WEBHOOK_TIMEOUT_MS: "2000",
    // Its own periodic pruning must not run against the real clock here.
    EVENT_RETENTION_DAYS: "0",
    IDEMPOTENCY_KEY_TTL_HOURS: "8760",
    ...env,
  });
  const dispatcher = startDispatcher({ database: t.server.database, config, log: quiet });
  try {
    await waitFor(what, done);
  } finally {
    await dispatcher.stop();
  }
}

async function subscribe(receiver: Receiver, eventTypes: string[]) {
  const res = await t.admin.post("/v1/webhook_endpoints", { url: receiver.url, event_types: eventTypes });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  receiver.secret = res.body.secret;
  return res.body.id as string;
}

async function delivery(endpointId: string, eventId: string) {
  const res = await t.admin.get(`/v1/webhook_deliveries?endpoint_id=${endpointId}&event_id=${eventId}`);
  expect(res.status).toBe(200);
  return res.body.data[0] as { id: string; status: string; attempts: number } | undefined;
}

describe("pruning what the retention policy no longer keeps", () => {
  it("deletes old delivered events, finished deliveries and expired idempotency keys, and nothing else", async () => {
    const db = t.server.database.db;
    const ok = await new Receiver().start();
    const failing = await new Receiver().start();
    failing.mode = "fail";
    try {
      const okEndpoint = await subscribe(ok, ["location.created"]);
      const deadEndpoint = await subscribe(failing, ["location.updated"]);

      // Delivered and finished: two locations created (with Idempotency-Key), one changed; the
      // dispatcher gives up after one attempt, so the change to a failing receiver goes dead.
      const oldDone = await createLocation(t.admin, {}, { "idempotency-key": "retention-old" });
      const recentDone = await createLocation(t.admin, {}, { "idempotency-key": "retention-fresh" });
      await updateLocation(t.admin, oldDone.id, { name: "Changed" });
      const oldDoneEvent = (await lastEvent(t.admin, "location.created", oldDone.id)).id;
      const recentDoneEvent = (await lastEvent(t.admin, "location.created", recentDone.id)).id;
      const deadEvent = (await lastEvent(t.admin, "location.updated", oldDone.id)).id;
      await dispatch({ WEBHOOK_MAX_ATTEMPTS: "1" }, "delivered and dead", async () => {
        const [a, b, c] = await Promise.all([
          delivery(okEndpoint, oldDoneEvent),
          delivery(okEndpoint, recentDoneEvent),
          delivery(deadEndpoint, deadEvent),
        ]);
        return a?.status === "succeeded" && b?.status === "succeeded" && c?.status === "dead";
      });
      const oldOk = (await delivery(okEndpoint, oldDoneEvent))!;
      const recentOk = (await delivery(okEndpoint, recentDoneEvent))!;
      const oldDead = (await delivery(deadEndpoint, deadEvent))!;

      // Still retrying: a change to a failing receiver, after one failed attempt, next one far off.
      const retrying = await new Receiver().start();
      retrying.mode = "fail";
      const retryEndpoint = await subscribe(retrying, ["location.updated"]);
      await updateLocation(t.admin, recentDone.id, { name: "Changed too" });
      const retryEvent = (await lastEvent(t.admin, "location.updated", recentDone.id)).id;
      await dispatch({ WEBHOOK_RETRY_BASE_MS: "600000" }, "a failed attempt", async () => {
        const d = await delivery(retryEndpoint, retryEvent);
        return d?.status === "pending" && d.attempts === 1;
      });
      await retrying.stop();
      const oldRetrying = (await delivery(retryEndpoint, retryEvent))!;

      // Fanned out, but its bus message still waits to be published (the bus is unreachable).
      const busPending = await createLocation(t.admin);
      const busPendingEvent = (await lastEvent(t.admin, "location.created", busPending.id)).id;
      const busRow = () =>
        db.selectFrom("bus_messages").selectAll().where("id", "=", busPendingEvent).executeTakeFirst();
      await dispatch(
        { NATS_URL: "nats://127.0.0.1:1", WEBHOOK_RETRY_BASE_MS: "600000" },
        "a failed publish",
        async () => ((await busRow())?.attempts ?? 0) > 0,
      );
      expect(await busRow()).toMatchObject({ status: "pending", last_error: expect.any(String) });

      // Not fanned out yet: no dispatcher has run since it was emitted.
      const waiting = await createLocation(t.admin);
      const waitingEvent = (await lastEvent(t.admin, "location.created", waiting.id)).id;

      // Age them: 40 days, past the 30-day retention, except the recent ones (5 days).
      const age = async (
        table: "events" | "webhook_deliveries" | "bus_messages",
        ids: string[],
        createdDaysAgo: number,
      ) => {
        await db
          .updateTable(table)
          .set({ created_at: daysAgo(createdDaysAgo) })
          .where("id", "in", ids)
          .execute();
      };
      await age("events", [oldDoneEvent, waitingEvent, busPendingEvent], 40);
      await age("events", [recentDoneEvent], 5);
      await age("bus_messages", [busPendingEvent], 40);
      await age("webhook_deliveries", [oldOk.id, oldDead.id, oldRetrying.id], 40);
      await age("webhook_deliveries", [recentOk.id], 5);
      const ageKey = async (key: string, createdHoursAgo: number) => {
        const result = await db
          .updateTable("idempotency_keys")
          .set({ created_at: new Date(NOW.getTime() - createdHoursAgo * 3_600_000).toISOString() })
          .where("key", "=", key)
          .executeTakeFirst();
        expect(Number(result.numUpdatedRows)).toBe(1);
      };
      await ageKey("retention-old", 30);
      await ageKey("retention-fresh", 2);
      const attemptsOf = async (deliveryIds: string[]) =>
        (
          await db
            .selectFrom("webhook_delivery_attempts")
            .select("delivery_id")
            .where("delivery_id", "in", deliveryIds)
            .execute()
        ).map((r) => r.delivery_id);
      expect(new Set(await attemptsOf([oldOk.id, oldDead.id]))).toEqual(new Set([oldOk.id, oldDead.id]));

      const pruned = await pruneExpired(db, { eventRetentionDays: 30, idempotencyKeyTtlHours: 24 }, NOW);

      expect(pruned).toEqual({ events: 1, webhook_deliveries: 2, bus_messages: 0, idempotency_keys: 1 });
      const ids = async (table: "events" | "webhook_deliveries", candidates: string[]) =>
        (await db.selectFrom(table).select("id").where("id", "in", candidates).execute())
          .map((r) => r.id)
          .sort();
      expect(await ids("events", [oldDoneEvent, waitingEvent, busPendingEvent, recentDoneEvent])).toEqual(
        [waitingEvent, busPendingEvent, recentDoneEvent].sort(),
      );
      expect(await ids("webhook_deliveries", [oldOk.id, oldDead.id, oldRetrying.id, recentOk.id])).toEqual(
        [oldRetrying.id, recentOk.id].sort(),
      );
      expect(await attemptsOf([oldOk.id, oldDead.id])).toEqual([]);
      expect(await busRow()).toMatchObject({ status: "pending" });
      const keys = await db
        .selectFrom("idempotency_keys")
        .select("key")
        .where("key", "in", ["retention-old", "retention-fresh"])
        .execute();
      expect(keys.map((k) => k.key)).toEqual(["retention-fresh"]);
      // Running again finds nothing more; keeping events forever (0) leaves them alone.
      expect(await pruneExpired(db, { eventRetentionDays: 0, idempotencyKeyTtlHours: 24 }, NOW)).toEqual({
        events: 0,
        webhook_deliveries: 0,
        bus_messages: 0,
        idempotency_keys: 0,
      });
    } finally {
      await ok.stop();
      await failing.stop();
    }
  });
});
