// One Idempotency-Key, one outcome (Stripe's semantics): a refusal is as final as a success, twins
// get the same answer, and every state-changing action replays instead of acting twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
import { ok, orderBody, product, stock, type World, world } from "./orders-fixtures.js";

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp({ env: { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" } });
  w = await world(t);
});
afterAll(() => t?.close());

const key = (k: string) => ({ "idempotency-key": k });

describe("Idempotency-Key", () => {
  it("keeps a 409 insufficient-stock final: a later retry replays it even once stock arrived", async () => {
    await product(t, w, "IDEM-LATE", 500);
    const body = orderBody(w, [{ sku: "IDEM-LATE", quantity: 1 }]);
    const first = await t.admin.post("/v1/orders", body, key("late-1"));
    expect(first.status).toBe(409);
    expect(first.body.type).toContain("insufficient-stock");

    await stock(t, "IDEM-LATE", w.warehouse, 5);
    const retry = await t.admin.post("/v1/orders", body, key("late-1"));
    expect(retry.status).toBe(409);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.headers.get("content-type")).toContain("application/problem+json");
    expect(retry.body).toEqual(first.body);
    const orders = ok(await t.admin.get("/v1/orders?sku=IDEM-LATE"));
    expect(orders.data).toHaveLength(0);

    // A new key is a new request, and now there is stock for it.
    expect((await t.admin.post("/v1/orders", body, key("late-2"))).status).toBe(201);
  });

  it("gives twins sent at once one outcome: the same order, never a 201 beside a 409", async () => {
    await product(t, w, "IDEM-TWIN", 700);
    await stock(t, "IDEM-TWIN", w.warehouse, 1);
    const body = orderBody(w, [{ sku: "IDEM-TWIN", quantity: 1 }]);
    const replies = await Promise.all(
      Array.from({ length: 12 }, () => t.admin.post("/v1/orders", body, key("twin-1"))),
    );
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 201));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(replies.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(11);
    expect(ok(await t.admin.get("/v1/orders?sku=IDEM-TWIN")).data).toHaveLength(1);
  });

  it("replays a cancel, a hold release and fulfillment actions instead of acting twice", async () => {
    await product(t, w, "IDEM-ACT", 900);
    await stock(t, "IDEM-ACT", w.warehouse, 10);
    const order = ok(await t.admin.post("/v1/orders", orderBody(w, [{ sku: "IDEM-ACT", quantity: 2 }])), 201);

    const hold = ok(
      await t.admin.post(`/v1/orders/${order.id}/holds`, { type: "manual", reason: "check" }, key("hold-1")),
      201,
    );
    const holdId = hold.holds.find((h: { released_at: string | null }) => !h.released_at).id;
    const release = { reason: "checked" };
    const released = await t.admin.post(
      `/v1/orders/${order.id}/holds/${holdId}/release`,
      release,
      key("rel-1"),
    );
    expect(released.status).toBe(200);
    const releasedAgain = await t.admin.post(
      `/v1/orders/${order.id}/holds/${holdId}/release`,
      release,
      key("rel-1"),
    );
    expect(releasedAgain.status).toBe(200);
    expect(releasedAgain.headers.get("idempotent-replayed")).toBe("true");
    expect(releasedAgain.body).toEqual(released.body);

    const fo = ok(await t.admin.get(`/v1/orders/${order.id}/fulfillment_orders`)).data[0];
    const accepted = await t.admin.post(`/v1/fulfillment_orders/${fo.id}/accept`, {}, key("acc-1"));
    expect(accepted.status).toBe(200);
    const acceptedAgain = await t.admin.post(`/v1/fulfillment_orders/${fo.id}/accept`, {}, key("acc-1"));
    expect(acceptedAgain.headers.get("idempotent-replayed")).toBe("true");
    expect(acceptedAgain.body).toEqual(accepted.body);

    const cancelBody = { lines: [{ line_id: order.lines[0].id, quantity: 1 }], reason: "customer asked" };
    const cancelled = await t.admin.post(`/v1/orders/${order.id}/cancel`, cancelBody, key("cxl-1"));
    const cancelledAgain = await t.admin.post(`/v1/orders/${order.id}/cancel`, cancelBody, key("cxl-1"));
    expect(cancelledAgain.status).toBe(cancelled.status);
    expect(cancelledAgain.headers.get("idempotent-replayed")).toBe("true");
    expect(cancelledAgain.body).toEqual(cancelled.body);
    const view = ok(await t.admin.get(`/v1/orders/${order.id}`));
    expect(cancelled.status).toBe(200);
    expect(view.lines.reduce((n: number, l: { cancelled: number }) => n + l.cancelled, 0)).toBe(1);
  });

  it("replays a webhook secret rotation: a retry does not rotate again and lose the new secret", async () => {
    const endpoint = ok(
      await t.admin.post("/v1/webhook_endpoints", {
        url: "http://127.0.0.1:9/ordo",
        event_types: ["order.created"],
      }),
      201,
    );
    const body = { keep_previous_hours: 1 };
    const first = ok(
      await t.admin.post(`/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, body, key("rot-1")),
    );
    const again = await t.admin.post(
      `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`,
      body,
      key("rot-1"),
    );
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.secret).toBe(first.secret);
    expect(ok(await t.admin.get(`/v1/webhook_endpoints/${endpoint.id}/secret`)).secret).toBe(first.secret);
  });
});
