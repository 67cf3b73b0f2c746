// Retention: delivered events and finished deliveries go after EVENT_RETENTION_DAYS, stored
// idempotent responses after IDEMPOTENCY_KEY_TTL_HOURS; everything still in flight stays.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "../../src/modules/access/actor.js";
import { emitEvent } from "../../src/modules/events/outbox.js";
import { pruneExpired } from "../../src/modules/events/retention.js";
import { startTestApp, type TestApp } from "../support/harness.js";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { DISPATCH_ENABLED: "false" } });
});
afterAll(() => t.close());

const NOW = new Date("2026-06-30T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

describe("pruning what the retention policy no longer keeps", () => {
  it("deletes old delivered events, finished deliveries and expired idempotency keys, and nothing else", async () => {
    const db = t.server.database.db;
    const event = async (id: string, createdDaysAgo: number, fannedOut: boolean) => {
      await emitEvent(db, systemContext(), {
        type: "test.retention",
        resourceType: "test",
        resourceId: id,
        data: { id },
      });
      await db
        .updateTable("events")
        .set({ id, created_at: daysAgo(createdDaysAgo), fanned_out: fannedOut ? 1 : 0 })
        .where("resource_id", "=", id)
        .execute();
    };
    await event("evt_old_done", 40, true);
    await event("evt_old_waiting", 40, false);
    await event("evt_old_bus_pending", 40, true);
    await event("evt_recent_done", 5, true);
    await db
      .insertInto("bus_messages")
      .values({
        id: "evt_old_bus_pending",
        subject: "ordo.test.retention",
        status: "pending",
        attempts: 3,
        next_attempt_at: daysAgo(0),
        claimed_by: null,
        claim_expires_at: null,
        last_error: "bus down",
        published_at: null,
        created_at: daysAgo(40),
      })
      .execute();
    await db
      .insertInto("webhook_endpoints")
      .values({
        id: "whe_retention",
        url: "https://hooks.example.com/ordo",
        description: null,
        event_types: "[]",
        secret: "whsec_test",
        status: "enabled",
        disabled_reason: null,
        failing_since: null,
        consecutive_failures: 0,
        created_at: daysAgo(50),
        updated_at: daysAgo(50),
      })
      .execute();
    const delivery = (id: string, status: "pending" | "succeeded" | "dead", createdDaysAgo: number) => ({
      id,
      endpoint_id: "whe_retention",
      event_id: `evt_for_${id}`,
      event_type: "test.retention",
      resource_key: "test:x",
      payload: "{}",
      status,
      attempts: 1,
      next_attempt_at: daysAgo(0),
      claimed_by: null,
      claim_expires_at: null,
      last_attempt_at: null,
      last_response_status: null,
      last_response_ms: null,
      last_error: null,
      delivered_at: null,
      created_at: daysAgo(createdDaysAgo),
      updated_at: daysAgo(createdDaysAgo),
    });
    await db
      .insertInto("webhook_deliveries")
      .values([
        delivery("whd_old_ok", "succeeded", 40),
        delivery("whd_old_dead", "dead", 40),
        delivery("whd_old_retrying", "pending", 40),
        delivery("whd_recent_ok", "succeeded", 5),
      ])
      .execute();
    await db
      .insertInto("webhook_delivery_attempts")
      .values({
        id: "wha_old",
        delivery_id: "whd_old_ok",
        attempt: 1,
        attempted_at: daysAgo(40),
        response_status: 204,
        duration_ms: 12,
        error: null,
        process_id: "test",
      })
      .execute();
    const key = (k: string, createdHoursAgo: number) => ({
      scope: "retention-test",
      key: k,
      fingerprint: "f".repeat(64),
      status: "completed",
      response_status: 201,
      response_body: "{}",
      created_at: new Date(NOW.getTime() - createdHoursAgo * 3_600_000).toISOString(),
    });
    await db
      .insertInto("idempotency_keys")
      .values([key("old", 30), key("fresh", 2)])
      .execute();

    const pruned = await pruneExpired(db, { eventRetentionDays: 30, idempotencyKeyTtlHours: 24 }, NOW);

    expect(pruned).toEqual({ events: 1, webhook_deliveries: 2, bus_messages: 0, idempotency_keys: 1 });
    const ids = async (table: "events" | "webhook_deliveries" | "webhook_delivery_attempts") =>
      (
        await db
          .selectFrom(table)
          .select("id")
          .where("id", "in", [
            "evt_old_done",
            "evt_old_waiting",
            "evt_old_bus_pending",
            "evt_recent_done",
            "whd_old_ok",
            "whd_old_dead",
            "whd_old_retrying",
            "whd_recent_ok",
            "wha_old",
          ])
          .orderBy("id")
          .execute()
      ).map((r) => r.id);
    expect(await ids("events")).toEqual(["evt_old_bus_pending", "evt_old_waiting", "evt_recent_done"]);
    expect(await ids("webhook_deliveries")).toEqual(["whd_old_retrying", "whd_recent_ok"]);
    expect(await ids("webhook_delivery_attempts")).toEqual([]);
    const keys = await db
      .selectFrom("idempotency_keys")
      .select("key")
      .where("scope", "=", "retention-test")
      .execute();
    expect(keys.map((k) => k.key)).toEqual(["fresh"]);
    // Running again finds nothing more; keeping events forever (0) leaves them alone.
    expect(await pruneExpired(db, { eventRetentionDays: 0, idempotencyKeyTtlHours: 24 }, NOW)).toEqual({
      events: 0,
      webhook_deliveries: 0,
      bus_messages: 0,
      idempotency_keys: 0,
    });
  });
});
