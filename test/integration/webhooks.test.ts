import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
import {
  adjustStock,
  allFannedOut,
  createLocation,
  createProduct,
  lastEvent,
  levelId,
  listEvents,
  uniq,
  updateLocation,
} from "./real-events.js";
import { Receiver, verifyStandardWebhook, waitFor } from "./webhooks-receiver.js";

const FAST = {
  DISPATCH_INTERVAL_MS: "20",
  WEBHOOK_RETRY_BASE_MS: "100",
  WEBHOOK_TIMEOUT_MS: "2000",
  WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: FAST });
});
afterAll(() => t.close());

/** Creates a location through the API and returns the id of the `location.created` it emitted. */
async function locationCreated(app: TestApp) {
  const location = await createLocation(app.admin);
  return { location, eventId: (await lastEvent(app.admin, "location.created", location.id)).id };
}

/** Changes a location through the API and returns the id of the `location.updated` it emitted. */
async function locationUpdated(app: TestApp, id: string, patch: Record<string, unknown>) {
  await updateLocation(app.admin, id, patch);
  return (await lastEvent(app.admin, "location.updated", id)).id;
}

async function subscribe(app: TestApp, receiver: Receiver, eventTypes: string[]) {
  const res = await app.admin.post("/v1/webhook_endpoints", { url: receiver.url, event_types: eventTypes });
  expect(res.status).toBe(201);
  expect(res.body.secret).toMatch(/^whsec_/);
  receiver.secret = res.body.secret;
  return res.body as { id: string; secret: string };
}

describe("webhook endpoints and SSRF protection", () => {
  it("refuses metadata, link-local, loopback and this server's addresses, and writes nothing", async () => {
    const before = await t.rowCounts();
    const refused = [
      "http://169.254.169.254/latest/meta-data/",
      "http://[::ffff:169.254.169.254]/",
      "http://2852039166/", // 169.254.169.254 written as one number
      "http://0xa9.0xfe.0xa9.0xfe/", // … and in hex
      "http://169.254.1.1/hook",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://localhost:3000/v1/orders",
      "http://127.0.0.2/hook", // loopback, and not on the allow-list (only 127.0.0.1 is)
      "http://[::1]/hook",
      "http://0.0.0.0/hook",
      "ftp://example.com/hook",
      "https://user:pw@example.com/hook",
    ];
    for (const url of refused) {
      const res = await t.admin.post("/v1/webhook_endpoints", { url, event_types: ["*"] });
      expect({ url, status: res.status }).toEqual({ url, status: 422 });
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.errors[0].path).toBe("body.url");
    }
    expect(
      (await t.admin.post("/v1/webhook_endpoints", { url: "http://127.0.0.1:9/x", event_types: ["orders"] }))
        .status,
    ).toBe(400);
    expect(await t.rowCounts()).toEqual(before);
  });

  it("allows the allow-listed host, keeps the secret out of listings, and refuses a metadata URL on update", async () => {
    const created = await t.admin.post(
      "/v1/webhook_endpoints",
      { url: "http://127.0.0.1:9/x", event_types: ["order.*"], description: "ERP" },
      { "idempotency-key": "wh-1" },
    );
    expect(created.status).toBe(201);
    const replay = await t.admin.post(
      "/v1/webhook_endpoints",
      { url: "http://127.0.0.1:9/x", event_types: ["order.*"], description: "ERP" },
      { "idempotency-key": "wh-1" },
    );
    expect(replay.body.id).toBe(created.body.id);
    const got = await t.admin.get(`/v1/webhook_endpoints/${created.body.id}`);
    expect(got.body).toMatchObject({
      url: "http://127.0.0.1:9/x",
      event_types: ["order.*"],
      status: "enabled",
    });
    expect(got.body).not.toHaveProperty("secret");
    expect((await t.admin.get(`/v1/webhook_endpoints/${created.body.id}/secret`)).body.secret).toBe(
      created.body.secret,
    );
    const patched = await t.admin.patch(`/v1/webhook_endpoints/${created.body.id}`, {
      url: "http://169.254.169.254/",
    });
    expect(patched.status).toBe(422);
    expect((await t.admin.get(`/v1/webhook_endpoints/${created.body.id}`)).body.url).toBe(
      "http://127.0.0.1:9/x",
    );
    expect((await t.admin.delete(`/v1/webhook_endpoints/${created.body.id}`)).status).toBe(204);
    expect((await t.admin.get(`/v1/webhook_endpoints/${created.body.id}`)).status).toBe(404);
    const agent = await t.as("agent");
    expect(
      (await agent.post("/v1/webhook_endpoints", { url: "http://127.0.0.1:9/x", event_types: ["*"] })).status,
    ).toBe(403);
  });
});

describe("delivery", () => {
  it("delivers every matching event exactly once per endpoint, signed, in order per resource", async () => {
    const a = await new Receiver().start();
    const b = await new Receiver().start();
    try {
      // Set up before subscribing, and let it all fan out: neither endpoint may get these.
      const locations: Array<{ id: string }> = [];
      for (let i = 0; i < 5; i++) locations.push(await createLocation(t.admin));
      const stockAt = (await createLocation(t.admin)).id;
      const skus = [0, 1, 2, 3].map((k) => uniq(`WHD${k}`));
      const lowSku = uniq("WHD-LOW");
      const unsubscribed = await createProduct(t.admin, [...skus, lowSku]);
      const low = await t.admin.request("PUT", "/v1/inventory_reorder_points", {
        sku: lowSku,
        location_id: stockAt,
        reorder_point: 0,
      });
      expect(low.status, JSON.stringify(low.body)).toBe(200);
      await allFannedOut(t.admin);
      await subscribe(t, a, ["location.*", "inventory.level_changed"]);
      await subscribe(t, b, ["inventory.*"]);
      const started = Date.now();
      for (let i = 0; i < 30; i++) {
        await updateLocation(t.admin, locations[i % 5]!.id, { priority: i }); // location.updated → A
        await adjustStock(t.admin, skus[i % 4]!, stockAt, 1); // inventory.level_changed → A and B
        if (i % 10 === 0) {
          // Up to 1 and back to 0, at a reorder point of 0: level_changed twice, then low_stock (→ B).
          await adjustStock(t.admin, lowSku, stockAt, 1);
          await adjustStock(t.admin, lowSku, stockAt, -1);
        }
        // nobody subscribes to product.updated
        expect((await t.admin.patch(`/v1/products/${unsubscribed.id}`, { title: `P ${i}` })).status).toBe(
          200,
        );
      }
      // What those requests emitted, per resource in the order it happened.
      const byResource = new Map<string, Array<{ id: string; type: string }>>();
      for (const id of [
        ...locations.map((l) => l.id),
        ...[...skus, lowSku].map((sku) => levelId(stockAt, sku)),
      ])
        byResource.set(
          id,
          (await listEvents(t.admin, { resource_id: id })).filter((e) => e.type !== "location.created"),
        );
      const all = [...byResource.values()].flat();
      const count = (type: string) => all.filter((e) => e.type === type).length;
      expect([
        count("location.updated"),
        count("inventory.level_changed"),
        count("inventory.low_stock"),
      ]).toEqual([30, 36, 3]);
      const expectedA = all
        .filter((e) => /^(location\.|inventory\.level_changed$)/.test(e.type))
        .map((e) => e.id);
      const expectedB = all.filter((e) => e.type.startsWith("inventory.")).map((e) => e.id);
      expect(all.length).toBe(69);
      await waitFor("all deliveries to A", () => a.received.length >= expectedA.length);
      await waitFor("all deliveries to B", () => b.received.length >= expectedB.length);
      const latency = Date.now() - started;
      await new Promise((r) => setTimeout(r, 300)); // nothing more may arrive
      expect(a.eventIds().sort()).toEqual([...expectedA].sort());
      expect(b.eventIds().sort()).toEqual([...expectedB].sort());
      expect(new Set(a.ids()).size).toBe(a.received.length);
      expect(a.received.every((r) => r.verified)).toBe(true);
      expect(b.received.every((r) => r.verified)).toBe(true);
      // Per resource, events arrive in the order they happened.
      for (const [resource, events] of byResource) {
        for (const receiver of [a, b]) {
          const seen = receiver.received.filter((r) => r.json.resource.id === resource).map((r) => r.json.id);
          const wanted = events.map((e) => e.id).filter((id) => seen.includes(id));
          expect(seen).toEqual(wanted);
        }
      }
      // The priorities those changes set arrive in order too (`location.updated` carries the location).
      const priorities = a.received
        .filter((r) => r.json.resource.id === locations[0]!.id)
        .map((r) => r.json.data.priority as number);
      expect(priorities).toEqual([0, 5, 10, 15, 20, 25]);
      const first = a.received[0]!.json;
      expect(first).toMatchObject({
        type: expect.stringMatching(/^(location|inventory)\./),
        resource: { type: expect.any(String) },
      });
      expect(a.received[0]!.id).toMatch(/^whd_/);
      // Wrong secret does not verify.
      a.secret = `whsec_${Buffer.alloc(24, 7).toString("base64")}`;
      const r0 = a.received[0]!;
      expect(
        (await import("./webhooks-receiver.js")).verifyStandardWebhook(
          a.secret,
          r0.id,
          r0.timestamp,
          r0.body,
          r0.signature,
        ),
      ).toBe(false);
      const deliveries = await t.admin.get(`/v1/webhook_deliveries?limit=500&status=succeeded`);
      expect(deliveries.body.data.length).toBe(expectedA.length + expectedB.length);
      expect(deliveries.body.data[0]).toMatchObject({
        attempts: 1,
        last_response_status: 204,
        status: "succeeded",
      });
      console.log(
        `[measure] ${expectedA.length + expectedB.length} deliveries to 2 endpoints in ${latency} ms after the first emit`,
      );
    } finally {
      await a.stop();
      await b.stop();
      for (const e of (await t.admin.get("/v1/webhook_endpoints")).body.data)
        await t.admin.delete(`/v1/webhook_endpoints/${e.id}`);
    }
  });

  it("measures the latency from commit to receipt", async () => {
    const r = await new Receiver().start();
    try {
      const probe = await createLocation(t.admin);
      await subscribe(t, r, ["location.updated"]);
      const samples: number[] = [];
      for (let i = 0; i < 10; i++) {
        const at = Date.now();
        await updateLocation(t.admin, probe.id, { priority: i });
        await waitFor("probe", () => r.received.length > i);
        samples.push(r.received[i]!.at - at);
        await new Promise((res) => setTimeout(res, 30 + i * 7));
      }
      samples.sort((x, y) => x - y);
      console.log(
        `[measure] commit→receipt latency with DISPATCH_INTERVAL_MS=20: median ${samples[5]} ms, max ${samples[9]} ms`,
      );
      expect(samples[5]!).toBeLessThan(1000);
    } finally {
      await r.stop();
      for (const e of (await t.admin.get("/v1/webhook_endpoints")).body.data)
        await t.admin.delete(`/v1/webhook_endpoints/${e.id}`);
    }
  });

  it("retries with backoff while the receiver is down and delivers everything when it is back", async () => {
    const r = await new Receiver().start();
    const port = r.port;
    try {
      const endpoint = await subscribe(t, r, ["location.*"]);
      await r.stop(); // the receiver goes away: connection refused
      const expected: string[] = [];
      for (let i = 0; i < 8; i++) expected.push((await locationCreated(t)).eventId);
      await waitFor("failed attempts", async () => {
        const list = await t.admin.get(`/v1/webhook_deliveries?endpoint_id=${endpoint.id}`);
        return (
          list.body.data.length === 8 && list.body.data.every((d: { attempts: number }) => d.attempts >= 2)
        );
      });
      r.mode = "fail"; // back, but answering 503 for a while
      await r.start(port);
      await waitFor("503 answers", () => r.received.length >= 8);
      r.mode = "ok";
      await waitFor(
        "every event delivered",
        () =>
          new Set(r.received.filter((x) => x.json).map((x) => x.json.id)).size === 8 &&
          (async () => {
            const list = await t.admin.get(
              `/v1/webhook_deliveries?endpoint_id=${endpoint.id}&status=succeeded`,
            );
            return list.body.data.length === 8;
          })(),
      );
      expect([...new Set(r.eventIds())].sort()).toEqual([...expected].sort());
      // Every attempt of one delivery carries the same webhook-id, and each one is signed.
      const list = await t.admin.get(`/v1/webhook_deliveries?endpoint_id=${endpoint.id}`);
      const one = await t.admin.get(`/v1/webhook_deliveries/${list.body.data[0].id}`);
      expect(one.body.status).toBe("succeeded");
      const log = one.body.attempt_log as Array<{
        response_status: number | null;
        error: string | null;
        attempted_at: string;
      }>;
      expect(log.length).toBeGreaterThanOrEqual(3);
      expect(log[0]!.response_status).toBeNull();
      expect(log[0]!.error).toMatch(/ECONNREFUSED/);
      expect(log.some((a) => a.response_status === 503)).toBe(true);
      expect(log.at(-1)!.response_status).toBe(204);
      // Backoff: the waits grow.
      const gaps = log.slice(1).map((a, i) => Date.parse(a.attempted_at) - Date.parse(log[i]!.attempted_at));
      expect(gaps[1]!).toBeGreaterThan(gaps[0]! * 1.5);
      const sameDelivery = r.received.filter((x) => x.id === one.body.id);
      expect(sameDelivery.length).toBeGreaterThanOrEqual(2);
      expect(sameDelivery.every((x) => x.verified)).toBe(true);
      expect((await t.admin.get(`/v1/webhook_endpoints/${endpoint.id}`)).body).toMatchObject({
        status: "enabled",
        consecutive_failures: 0,
      });
    } finally {
      await r.stop();
      for (const e of (await t.admin.get("/v1/webhook_endpoints")).body.data)
        await t.admin.delete(`/v1/webhook_endpoints/${e.id}`);
    }
  });

  it("pings an endpoint with a signed webhook.test message", async () => {
    const r = await new Receiver().start();
    try {
      const endpoint = await subscribe(t, r, ["order.created"]);
      const ping = await t.admin.post(`/v1/webhook_endpoints/${endpoint.id}/ping`);
      expect(ping.status).toBe(202);
      await waitFor("ping", () => r.received.length === 1);
      expect(r.received[0]).toMatchObject({ id: ping.body.id, verified: true });
      expect(r.received[0]!.json).toMatchObject({ type: "webhook.test", data: { endpoint_id: endpoint.id } });
      await waitFor(
        "ping recorded",
        async () => (await t.admin.get(`/v1/webhook_deliveries/${ping.body.id}`)).body.status === "succeeded",
      );
      const redelivered = await t.admin.post(`/v1/webhook_deliveries/${ping.body.id}/redeliver`);
      expect(redelivered.status).toBe(202);
      await waitFor("redelivery", () => r.received.length === 2);
      expect(r.received[1]!.id).toBe(ping.body.id);
      expect((await t.admin.post("/v1/webhook_deliveries/whd_nope/redeliver")).status).toBe(404);
    } finally {
      await r.stop();
      for (const e of (await t.admin.get("/v1/webhook_endpoints")).body.data)
        await t.admin.delete(`/v1/webhook_endpoints/${e.id}`);
    }
  });
});

describe("rotating an endpoint's signing secret", () => {
  it("signs with both secrets during the overlap, then with the new one alone; the audit keeps no secret", async () => {
    const r = await new Receiver().start();
    try {
      const endpoint = await subscribe(t, r, ["order.created"]);
      const old = endpoint.secret;
      const rotated = await t.admin.post(`/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, {
        keep_previous_hours: 2,
      });
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(old);
      expect(Date.parse(rotated.body.previous_secret_expires_at) - Date.now()).toBeGreaterThan(7_100_000);
      expect((await t.admin.get(`/v1/webhook_endpoints/${endpoint.id}/secret`)).body.secret).toBe(
        rotated.body.secret,
      );
      const ping = async () => {
        const before = r.received.length;
        expect((await t.admin.post(`/v1/webhook_endpoints/${endpoint.id}/ping`)).status).toBe(202);
        await waitFor("ping", () => r.received.length === before + 1);
        return r.received.at(-1)!;
      };
      const during = await ping();
      expect(during.signature.split(" ")).toHaveLength(2);
      for (const secret of [old, rotated.body.secret])
        expect(
          verifyStandardWebhook(secret, during.id, during.timestamp, during.body, during.signature),
        ).toBe(true);

      const now = await t.admin.post(`/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, {
        keep_previous_hours: 0,
      });
      expect(now.body.previous_secret_expires_at).toBeNull();
      const after = await ping();
      expect(after.signature.split(" ")).toHaveLength(1);
      expect(
        verifyStandardWebhook(now.body.secret, after.id, after.timestamp, after.body, after.signature),
      ).toBe(true);
      expect(
        verifyStandardWebhook(rotated.body.secret, after.id, after.timestamp, after.body, after.signature),
      ).toBe(false);

      const same = await t.admin.post(`/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, {
        secret: now.body.secret,
      });
      expect(same.status).toBe(422);
      expect(
        (await t.admin.post(`/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, { secret: "nope" })).status,
      ).toBe(400);
      const audit = (await t.admin.get(`/v1/audit_events?resource_id=${endpoint.id}`)).body;
      const text = JSON.stringify(audit);
      expect(text).toContain("webhook_endpoint.secret_rotated");
      for (const secret of [old, rotated.body.secret, now.body.secret]) expect(text).not.toContain(secret);
    } finally {
      await r.stop();
      for (const e of (await t.admin.get("/v1/webhook_endpoints")).body.data)
        await t.admin.delete(`/v1/webhook_endpoints/${e.id}`);
    }
  });
});

describe("from the real modules", () => {
  it("an order placed through the API reaches the endpoint as order.created and inventory.level_changed", async () => {
    const { world, product, stock, orderBody } = await import("./orders-fixtures.js");
    const w = await world(t);
    await product(t, w, "WH-E2E", 5000);
    await stock(t, "WH-E2E", w.warehouse, 3);
    const r = await new Receiver().start();
    try {
      await subscribe(t, r, ["order.created", "inventory.level_changed"]);
      const placed = await t.admin.post("/v1/orders", orderBody(w, [{ sku: "WH-E2E", quantity: 1 }]));
      expect(placed.status).toBe(201);
      const created = await waitFor("order.created", () =>
        r.received.find((x) => x.json?.type === "order.created" && x.json.resource.id === placed.body.id),
      );
      expect(created.verified).toBe(true);
      expect(created.json.data).toMatchObject({
        id: placed.body.id,
        number: placed.body.number,
        email: "jane@example.com",
      });
      const level = await waitFor("inventory.level_changed", () =>
        r.received.find(
          (x) => x.json?.type === "inventory.level_changed" && JSON.stringify(x.json.data).includes("WH-E2E"),
        ),
      );
      expect(level.verified).toBe(true);
    } finally {
      await r.stop();
      for (const e of (await t.admin.get("/v1/webhook_endpoints")).body.data)
        await t.admin.delete(`/v1/webhook_endpoints/${e.id}`);
    }
  });
});

describe("dead letters and disabling", () => {
  it("dead-letters after the last attempt, disables the endpoint with an event and a notice, and redelivers after re-enabling", async () => {
    const app = await startTestApp({
      env: {
        ...FAST,
        WEBHOOK_MAX_ATTEMPTS: "3",
        WEBHOOK_RETRY_BASE_MS: "30",
        WEBHOOK_TIMEOUT_MS: "300",
        MERCHANT_EMAIL: "ops@shop.test",
      },
    });
    const r = await new Receiver().start();
    try {
      r.mode = "hold"; // never answers: every attempt times out
      const endpoint = await subscribe(app, r, ["location.*"]);
      const { location, eventId } = await locationCreated(app);
      const dead = await waitFor("dead letter", async () => {
        const list = await app.admin.get(`/v1/webhook_deliveries?status=dead&event_id=${eventId}`);
        return list.body.data[0];
      });
      expect(dead).toMatchObject({ attempts: 3, last_response_status: null, next_attempt_at: null });
      expect(dead.last_error).toMatch(/timed out after 300 ms/);
      const ep = await app.admin.get(`/v1/webhook_endpoints/${endpoint.id}`);
      expect(ep.body).toMatchObject({ status: "disabled", consecutive_failures: 3 });
      expect(ep.body.disabled_reason).toMatch(/timed out/);
      const events = await app.admin.get(
        `/v1/events?type=webhook_endpoint.disabled&resource_id=${endpoint.id}`,
      );
      expect(events.body.data).toHaveLength(1);
      const notice = await waitFor("notice", async () => {
        const list = await app.admin.get("/v1/notifications?template=webhook_endpoint_disabled");
        return list.body.data[0];
      });
      expect(notice).toMatchObject({ to: "ops@shop.test", status: "stored" });
      expect(notice.subject).toContain(r.url);
      // Disabled: new events are not sent to it.
      await locationUpdated(app, location.id, { name: "Renamed while disabled" });
      r.releaseHeld();
      r.mode = "ok";
      const count = r.received.length;
      await new Promise((res) => setTimeout(res, 300));
      expect(r.received.length).toBe(count);
      expect((await app.admin.post(`/v1/webhook_deliveries/${dead.id}/redeliver`)).status).toBe(409);
      // Enabled again: redeliver the dead letter with the same webhook-id.
      const enabled = await app.admin.patch(`/v1/webhook_endpoints/${endpoint.id}`, { status: "enabled" });
      expect(enabled.body).toMatchObject({
        status: "enabled",
        consecutive_failures: 0,
        disabled_reason: null,
      });
      expect((await app.admin.post(`/v1/webhook_deliveries/${dead.id}/redeliver`)).status).toBe(202);
      await waitFor(
        "redelivered",
        async () => (await app.admin.get(`/v1/webhook_deliveries/${dead.id}`)).body.status === "succeeded",
      );
      const again = r.received.filter((x) => x.id === dead.id);
      expect(again.length).toBe(4);
      expect(again.at(-1)!.verified).toBe(true);
      const log = (await app.admin.get(`/v1/webhook_deliveries/${dead.id}`)).body.attempt_log;
      expect(log.map((a: { response_status: number | null }) => a.response_status)).toEqual([
        null,
        null,
        null,
        204,
      ]);
      // Failing for a whole retry window again disables it again, with a second notice.
      r.mode = "hold";
      await locationCreated(app);
      await waitFor(
        "disabled again",
        async () => (await app.admin.get(`/v1/webhook_endpoints/${endpoint.id}`)).body.status === "disabled",
      );
      const notices = await waitFor("second notice", async () => {
        const list = await app.admin.get("/v1/notifications?template=webhook_endpoint_disabled");
        return list.body.data.length === 2 ? list.body.data : null;
      });
      expect(notices).toHaveLength(2);
      const status = await app.admin.get("/v1/delivery_status");
      expect(status.status).toBe(200);
      expect(status.body.webhooks).toMatchObject({ dead: 1, endpoints_disabled: 1 });
      expect(status.body.webhooks.pending).toBeGreaterThanOrEqual(0);
      expect(status.body.notifications.stored).toBe(2);
      expect(status.body.bus.enabled).toBe(false);
      // The same backlog, for Prometheus.
      const metrics = String((await app.anonymous.get("/metrics")).body);
      expect(metrics).toContain('ordo_delivery_backlog{queue="webhooks",state="dead"} 1');
      expect(metrics).toContain('ordo_delivery_backlog{queue="webhooks",state="endpoints_disabled"} 1');
      expect(metrics).toContain('ordo_delivery_backlog{queue="notifications",state="stored"} 2');
      expect(metrics).toMatch(/ordo_outbox_oldest_pending_seconds \d/);
    } finally {
      await r.stop();
      await app.close();
    }
  });
});
