// The outbox as `GET /v1/events` shows it. Every event here comes from a real request: two
// orders placed through the API, one of them held and released, and what placing them did to
// stock and fulfillment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
import { ok, orderBody, product, stock, type World, world } from "./orders-fixtures.js";
import type { OutboxEvent } from "./real-events.js";

let t: TestApp;
let w: World;
const SKU = "EVT-1";
let orderA = "";
let orderB = "";
let numberA = "";
let level = "";
let middle = "";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await startTestApp({ env: { DISPATCH_INTERVAL_MS: "20" } });
  w = await world(t);
  await product(t, w, SKU, 1000);
  await stock(t, SKU, w.warehouse, 10);
  level = `${w.warehouse}:${SKU}`;
  const a = ok(
    await t.admin.post("/v1/orders", orderBody(w, [{ sku: SKU, quantity: 1 }]), {
      "x-request-id": "req_test",
    }),
    201,
  );
  orderA = a.id;
  numberA = a.number;
  const held = ok(
    await t.admin.post(`/v1/orders/${orderA}/holds`, { type: "fraud", reason: "Card country mismatch" }),
    201,
  );
  const hold = held.holds.find((h: { status?: string; released_at?: string | null }) => !h.released_at);
  await sleep(15);
  middle = new Date().toISOString();
  await sleep(15);
  ok(await t.admin.post(`/v1/orders/${orderA}/holds/${hold.id}/release`, { reason: "Verified by phone" }));
  orderB = ok(await t.admin.post("/v1/orders", orderBody(w, [{ sku: SKU, quantity: 2 }])), 201).id;
});
afterAll(() => t.close());

const typesOf = (body: { data: Array<{ type: string }> }) => body.data.map((e) => e.type);
const ofOrders = (body: { data: OutboxEvent[] }) =>
  body.data.filter((e) => e.resource_id === orderA || e.resource_id === orderB);

describe("GET /v1/events", () => {
  it("lists the outbox newest first, with the event's data, actor and request", async () => {
    const res = await t.admin.get("/v1/events?limit=100");
    expect(res.status).toBe(200);
    const ids = res.body.data.map((e: OutboxEvent) => e.id);
    expect(ids).toEqual([...ids].sort().reverse());
    const mine = ofOrders(res.body);
    expect(mine.map((e) => [e.type, e.resource_id])).toEqual([
      ["order.created", orderB],
      ["order.released", orderA],
      ["order.held", orderA],
      ["order.created", orderA],
    ]);
    expect(mine.at(-1)).toMatchObject({
      type: "order.created",
      resource_type: "order",
      resource_id: orderA,
      data: { id: orderA, number: numberA, email: "jane@example.com" },
      actor_type: "api_key",
      request_id: "req_test",
    });
  });

  it("filters by exact type, by prefix, by resource and by time", async () => {
    const created = (await t.admin.get("/v1/events?type=order.created")).body;
    expect(typesOf(created)).toEqual(["order.created", "order.created"]);
    expect(created.data.map((e: OutboxEvent) => e.resource_id)).toEqual([orderB, orderA]);
    expect(typesOf((await t.admin.get("/v1/events?type=order.*")).body)).toEqual([
      "order.created",
      "order.released",
      "order.held",
      "order.created",
    ]);
    // `fulfillment_order.*` must not match `fulfillment.*`-like neighbours, and `_` is literal.
    expect(typesOf((await t.admin.get("/v1/events?type=fulfillment_order.*")).body)).toEqual([
      "fulfillment_order.created",
      "fulfillment_order.created",
    ]);
    const byResource = await t.admin.get(`/v1/events?resource_type=order&resource_id=${orderA}&order=asc`);
    expect(typesOf(byResource.body)).toEqual(["order.created", "order.held", "order.released"]);
    // The stock received, then committed by each order.
    const byLevel = await t.admin.get(`/v1/events?resource_id=${encodeURIComponent(level)}&order=asc`);
    expect(byLevel.body.data.map((e: OutboxEvent) => [e.type, e.data.on_hand, e.data.committed])).toEqual([
      ["inventory.level_changed", 10, 0],
      ["inventory.level_changed", 10, 1],
      ["inventory.level_changed", 10, 3],
    ]);
    const before = await t.admin.get(
      `/v1/events?created_before=${encodeURIComponent(middle)}&resource_type=order`,
    );
    expect(typesOf(before.body)).toEqual(["order.held", "order.created"]);
    const after = await t.admin.get(
      `/v1/events?created_after=${encodeURIComponent(middle)}&resource_type=order`,
    );
    expect(typesOf(after.body)).toEqual(["order.created", "order.released"]);
  });

  it("pages with a keyset cursor that is stable while new events arrive", async () => {
    const first = await t.admin.get("/v1/events?limit=2&order=asc&resource_type=order");
    expect(first.body.data).toHaveLength(2);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    // A new event arrives while paging: order B is put on hold.
    ok(await t.admin.post(`/v1/orders/${orderB}/holds`, { type: "manual", reason: "Customer called" }), 201);
    const second = await t.admin.get(
      `/v1/events?limit=2&order=asc&resource_type=order&cursor=${first.body.next_cursor}`,
    );
    const third = await t.admin.get(
      `/v1/events?limit=2&order=asc&resource_type=order&cursor=${second.body.next_cursor}`,
    );
    expect([...typesOf(first.body), ...typesOf(second.body), ...typesOf(third.body)]).toEqual([
      "order.created",
      "order.held",
      "order.released",
      "order.created",
      "order.held",
    ]);
    expect(third.body.next_cursor).toBeNull();
  });

  it("gets one event, and answers bad filters and unknown ids with problems", async () => {
    const held = (await t.admin.get(`/v1/events?type=order.held&resource_id=${orderA}`)).body.data[0];
    const one = await t.admin.get(`/v1/events/${held.id}`);
    expect(one.body).toMatchObject({ type: "order.held", resource_id: orderA });
    expect((await t.admin.get("/v1/events/evt_nope")).status).toBe(404);
    const bad = await t.admin.get("/v1/events?type=ORDER");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("querystring.type");
    expect((await t.admin.get("/v1/events?created_after=yesterday")).status).toBe(400);
    // A cursor from a list in the other direction is refused rather than misread.
    const desc = await t.admin.get("/v1/events?limit=1");
    expect((await t.admin.get(`/v1/events?order=asc&cursor=${desc.body.next_cursor}`)).status).toBe(400);
  });

  it("needs events:read", async () => {
    expect((await t.anonymous.get("/v1/events")).status).toBe(401);
    const agent = await t.as("agent");
    expect((await agent.get("/v1/events")).status).toBe(200);
    expect((await agent.get("/v1/webhook_endpoints")).status).toBe(403);
  });
});
