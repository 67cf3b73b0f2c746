import { connect, type NatsConnection } from "nats";
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
import { adjustStock, createLocation, createProduct, lastEvent, levelId, uniq } from "./real-events.js";
import { waitFor } from "./webhooks-receiver.js";

const NATS_URL = "nats://127.0.0.1:4222";
// A stream and subject prefix of our own, so parallel runs do not see each other.
const run = ulid().toLowerCase().slice(-10);
const STREAM = `ORDO_T_${run}`;
const PREFIX = `ordo_t_${run}`;

let t: TestApp;
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  t = await startTestApp({
    env: { NATS_URL, NATS_STREAM: STREAM, NATS_SUBJECT_PREFIX: PREFIX, DISPATCH_INTERVAL_MS: "20" },
  });
});
afterAll(async () => {
  await t.close();
  const jsm = await nc.jetstreamManager();
  await jsm.streams.delete(STREAM).catch(() => undefined);
  await nc.close();
});

describe("NATS JetStream publishing", () => {
  it("publishes every event to <prefix>.<type>, once, into the stream", async () => {
    const received: Array<{
      subject: string;
      id: string;
      body: { id: string; type: string; data: unknown };
    }> = [];
    const sub = nc.subscribe(`${PREFIX}.>`, {
      callback: (_err, msg) => {
        const body = JSON.parse(new TextDecoder().decode(msg.data));
        received.push({ subject: msg.subject, id: msg.headers?.get("Nats-Msg-Id") ?? "", body });
      },
    });
    // 20 events from real requests: 10 locations created, 10 stock adjustments.
    const stockAt = (await createLocation(t.admin)).id;
    const sku = uniq("NATS");
    await createProduct(t.admin, [sku]);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      if (i % 2) {
        const location = await createLocation(t.admin);
        ids.push((await lastEvent(t.admin, "location.created", location.id)).id);
      } else {
        await adjustStock(t.admin, sku, stockAt, 1);
        ids.push((await lastEvent(t.admin, "inventory.level_changed", levelId(stockAt, sku))).id);
      }
    }
    await waitFor("20 bus messages", () => received.filter((m) => ids.includes(m.body.id)).length >= 20);
    await new Promise((r) => setTimeout(r, 200));
    sub.unsubscribe();
    const mine = received.filter((m) => ids.includes(m.body.id));
    expect(mine).toHaveLength(20);
    expect(mine.map((m) => m.body.id).sort()).toEqual([...ids].sort());
    const created = mine.find((m) => m.body.type === "location.created")!;
    expect(created.subject).toBe(`${PREFIX}.location.created`);
    expect(created.id).toBe(created.body.id); // the event id is the JetStream message id (dedupe)
    expect(mine.find((m) => m.body.type === "inventory.level_changed")!.subject).toBe(
      `${PREFIX}.inventory.level_changed`,
    );
    // In the stream, durably: the events are there for consumers that were not listening.
    const info = await (await nc.jetstreamManager()).streams.info(STREAM);
    expect(info.config.subjects).toEqual([`${PREFIX}.>`]);
    expect(info.state.messages).toBeGreaterThanOrEqual(20);
    // Each event once, setup included (the location and product created first).
    expect(new Set(received.map((m) => m.body.id)).size).toBe(received.length);
    // The webhook endpoint and e-mail side is unaffected: no endpoints, so no deliveries.
    expect((await t.admin.get("/v1/webhook_deliveries")).body.data).toHaveLength(0);
  });

  it("publishing again after a lost acknowledgement is stored once (the event id dedupes)", async () => {
    const location = await createLocation(t.admin);
    const { id } = await lastEvent(t.admin, "location.created", location.id);
    const jsm = await nc.jetstreamManager();
    const published = async () =>
      (
        await t.server.database.db
          .selectFrom("bus_messages")
          .select("status")
          .where("id", "=", id)
          .executeTakeFirst()
      )?.status === "published";
    await waitFor("published", published);
    const count = (await jsm.streams.info(STREAM)).state.messages;
    // As if the process died after publishing but before recording it: the message is due again.
    await t.server.database.db
      .updateTable("bus_messages")
      .set({ status: "pending", next_attempt_at: new Date().toISOString() })
      .where("id", "=", id)
      .execute();
    await waitFor("published again", published);
    expect((await jsm.streams.info(STREAM)).state.messages).toBe(count);
  });
});

describe("NATS unreachable", () => {
  it("keeps the messages pending with the error and still delivers everything else", async () => {
    const app = await startTestApp({ env: { NATS_URL: "nats://127.0.0.1:1", DISPATCH_INTERVAL_MS: "20" } });
    try {
      const location = await createLocation(app.admin);
      const { id } = await lastEvent(app.admin, "location.created", location.id);
      const row = await waitFor("an attempt", async () => {
        const r = await app.server.database.db
          .selectFrom("bus_messages")
          .selectAll()
          .where("id", "=", id)
          .executeTakeFirst();
        return r && r.attempts > 0 ? r : null;
      });
      expect(row.status).toBe("pending");
      expect(row.last_error).toMatch(/not reachable/);
      expect(
        (await app.admin.get(`/v1/events?type=location.created&resource_id=${location.id}`)).body.data,
      ).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
