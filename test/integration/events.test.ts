import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTransaction } from "../../src/db/transaction.js";
import { systemContext } from "../../src/modules/access/actor.js";
import { emitEvent } from "../../src/modules/events/outbox.js";
import { startTestApp, type TestApp } from "../support/harness.js";

let t: TestApp;
const ids: string[] = [];
let middle = "";

beforeAll(async () => {
  t = await startTestApp({ env: { DISPATCH_INTERVAL_MS: "20" } });
  const db = t.server.database.db;
  const ctx = systemContext("req_test");
  const emit = (type: string, resourceType: string, resourceId: string, data: unknown) =>
    inTransaction(db, (tx) => emitEvent(tx, ctx, { type, resourceType, resourceId, data }));
  ids.push(await emit("order.created", "order", "ord_A", { id: "ord_A", number: "1" }));
  ids.push(await emit("order.held", "order", "ord_A", { id: "ord_A", hold: "fraud" }));
  ids.push(await emit("inventory.level_changed", "inventory_level", "lvl_1", { available: 3 }));
  await new Promise((r) => setTimeout(r, 15));
  middle = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 15));
  ids.push(await emit("order.released", "order", "ord_A", { id: "ord_A" }));
  ids.push(await emit("order.created", "order", "ord_B", { id: "ord_B", number: "2" }));
  ids.push(await emit("fulfillment_order.created", "fulfillment_order", "fo_1", { id: "fo_1" }));
});
afterAll(() => t.close());

const typesOf = (body: { data: Array<{ type: string }> }) => body.data.map((e) => e.type);

describe("GET /v1/events", () => {
  it("lists the outbox newest first, with the event's data, actor and request", async () => {
    const res = await t.admin.get("/v1/events?limit=100");
    expect(res.status).toBe(200);
    const mine = res.body.data.filter((e: { id: string }) => ids.includes(e.id));
    expect(mine.map((e: { id: string }) => e.id)).toEqual([...ids].reverse());
    expect(mine.at(-1)).toMatchObject({
      type: "order.created",
      resource_type: "order",
      resource_id: "ord_A",
      data: { id: "ord_A", number: "1" },
      actor_type: "system",
      request_id: "req_test",
    });
  });

  it("filters by exact type, by prefix, by resource and by time", async () => {
    expect(typesOf((await t.admin.get("/v1/events?type=order.created")).body)).toEqual([
      "order.created",
      "order.created",
    ]);
    expect(typesOf((await t.admin.get("/v1/events?type=order.*")).body)).toEqual([
      "order.created",
      "order.released",
      "order.held",
      "order.created",
    ]);
    // `fulfillment_order.*` must not match `fulfillment.*`-like neighbours, and `_` is literal.
    expect(typesOf((await t.admin.get("/v1/events?type=fulfillment_order.*")).body)).toEqual([
      "fulfillment_order.created",
    ]);
    const byResource = await t.admin.get("/v1/events?resource_type=order&resource_id=ord_A&order=asc");
    expect(typesOf(byResource.body)).toEqual(["order.created", "order.held", "order.released"]);
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
    await inTransaction(t.server.database.db, (tx) =>
      emitEvent(tx, systemContext(), {
        type: "order.updated",
        resourceType: "order",
        resourceId: "ord_B",
        data: {},
      }),
    );
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
      "order.updated",
    ]);
    expect(third.body.next_cursor).toBeNull();
  });

  it("gets one event, and answers bad filters and unknown ids with problems", async () => {
    expect((await t.admin.get(`/v1/events/${ids[1]}`)).body.type).toBe("order.held");
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
