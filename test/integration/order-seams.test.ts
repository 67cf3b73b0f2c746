// What an order allows is the server's to say, and the event catalogue is what integrators build
// on: both driven through the HTTP API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
import { expectProblem, ok, orderBody, product, stock, type World, world } from "./orders-fixtures.js";

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp({ env: { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" } });
  w = await world(t);
  await product(t, w, "SEAM-1", 1200);
  await stock(t, "SEAM-1", w.warehouse, 20);
});
afterAll(() => t?.close());

describe("allowed actions", () => {
  it("follow the order through draft, placement, hold, release and cancellation", async () => {
    const draft = ok(
      await t.admin.post("/v1/orders", orderBody(w, [{ sku: "SEAM-1", quantity: 1 }], { draft: true })),
      201,
    );
    expect(draft.allowed_actions).toEqual(["place", "edit", "cancel", "hold"]);

    const placed = ok(await t.admin.post(`/v1/orders/${draft.id}/place`, {}));
    expect(placed.allowed_actions).toEqual(["edit", "cancel", "hold"]);

    const held = ok(
      await t.admin.post(`/v1/orders/${draft.id}/holds`, { type: "manual", reason: "check" }),
      201,
    );
    expect(held.allowed_actions).toEqual(["edit", "cancel", "hold", "release"]);
    const released = ok(
      await t.admin.post(`/v1/orders/${draft.id}/holds/${held.holds[0].id}/release`, { reason: "ok" }),
    );
    expect(released.allowed_actions).not.toContain("release");

    const cancelled = ok(await t.admin.post(`/v1/orders/${draft.id}/cancel`, { reason: "test" }));
    expect(cancelled).toMatchObject({ status: "cancelled", allowed_actions: [] });
    // What is not allowed is refused, whatever the client shows.
    expectProblem(
      await t.admin.post(`/v1/orders/${draft.id}/holds`, { type: "manual", reason: "late" }),
      409,
    );
  });

  it("stop offering edits once units have shipped, as the server refuses them", async () => {
    const order = ok(await t.admin.post("/v1/orders", orderBody(w, [{ sku: "SEAM-1", quantity: 2 }])), 201);
    const fos = ok(await t.admin.get(`/v1/fulfillment_orders?order_id=${order.id}`)).data;
    expect(fos[0].allowed_actions).toEqual(["accept", "start", "fulfil", "reject", "cancel"]);
    const warehouse = await t.as("warehouse");
    const accepted = ok(await warehouse.post(`/v1/fulfillment_orders/${fos[0].id}/accept`, {}));
    expect(accepted.allowed_actions).not.toContain("accept");
    ok(await warehouse.post(`/v1/fulfillment_orders/${fos[0].id}/fulfil`, {}));
    const shipped = ok(await t.admin.get(`/v1/orders/${order.id}`));
    expect(shipped).toMatchObject({ status: "shipped", allowed_actions: [] });
    expectProblem(await t.admin.post(`/v1/orders/${order.id}/edit`, { notes: "too late" }), 409);
  });
});

describe("event catalogue", () => {
  it("documents every event type with its resource and the JSON Schema of its data", async () => {
    const { data } = ok(await t.admin.get("/v1/event_types"));
    const types = data.map((d: { type: string }) => d.type);
    expect(types).toEqual(
      expect.arrayContaining(["order.created", "order.shipped", "inventory.level_changed"]),
    );
    const shipped = data.find((d: { type: string }) => d.type === "order.shipped");
    expect(shipped.resource).toBe("order");
    const schema = shipped.data_schema;
    const root = schema.$ref ? schema.$defs[schema.$ref.split("/").pop()] : schema;
    expect(Object.keys(root.properties)).toEqual(
      expect.arrayContaining(["id", "status", "lines", "allowed_actions"]),
    );
    expectProblem(await t.anonymous.get("/v1/event_types"), 401);
  });

  it("refuses a webhook subscription to an event that does not exist, naming it", async () => {
    const reply = await t.admin.post("/v1/webhook_endpoints", {
      url: "http://127.0.0.1:9/ordo",
      event_types: ["order.created", "order.create", "parcel.*"],
    });
    expectProblem(reply, 422, "body.event_types.1");
    expect(reply.body.errors.map((e: { path: string }) => e.path)).toEqual([
      "body.event_types.1",
      "body.event_types.2",
    ]);
  });
});
