// @ordo/client (clients/typescript) against a real server: its types come from the document the
// server publishes, and the committed schema.d.ts must be what that document makes today.
import { readFileSync } from "node:fs";
import { createOrdoClient, idempotencyKey, type Problem, type Schemas } from "@ordo/client";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { SCHEMA_FILE } from "../../clients/typescript/generate.js";
import { currentClientSchema } from "../support/client-schema.js";
import { ADMIN_KEY, startTestApp, type TestApp } from "../support/harness.js";
import { address, product, stock, type World, world } from "./orders-fixtures.js";

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await world(t);
  await product(t, w, "TC-1", 1500);
  await stock(t, "TC-1", w.warehouse, 5);
});
afterAll(() => t?.close());

const orderOf = (quantity: number) => ({
  channel: w.channel,
  email: "a@example.com",
  shipping_address: address(),
  lines: [{ sku: "TC-1", quantity }],
});

it("the committed clients/typescript/schema.d.ts is what the document makes (npm run client:generate)", async () => {
  const generated = await currentClientSchema();
  expect(generated).toContain('"/v1/orders": {');
  expect(generated, "clients/typescript/schema.d.ts is stale: run npm run client:generate").toBe(
    readFileSync(SCHEMA_FILE, "utf8"),
  );
});

describe("createOrdoClient", () => {
  it("captures an order with an idempotency key, retries it safely and reads it back", async () => {
    const ordo = createOrdoClient({ baseUrl: `${t.url}/`, apiKey: ADMIN_KEY });
    const key = idempotencyKey(`checkout-${Date.now()}`);
    const body = {
      channel: w.channel,
      email: "buyer@example.com",
      shipping_address: address(),
      lines: [{ sku: "TC-1", quantity: 2 }],
    };
    const created = await ordo.POST("/v1/orders", { params: { header: key }, body });
    expect(created.error, JSON.stringify(created.error)).toBeUndefined();
    expect(created.response.status).toBe(201);
    expectTypeOf(created.data).toEqualTypeOf<Schemas["Order"] | undefined>();
    const order = created.data!;
    expect(order).toMatchObject({ channel_id: w.channelId, totals: { subtotal: 3000 } });
    expect(created.response.headers.get("location")).toBe(`/v1/orders/${order.id}`);

    // A retry with the same key (a timeout, a crash before the answer): the same order, once.
    const retried = await ordo.POST("/v1/orders", { params: { header: key }, body });
    expect(retried.response.headers.get("idempotent-replayed")).toBe("true");
    expect(retried.data?.id).toBe(order.id);

    const read = await ordo.GET("/v1/orders/{id}", { params: { path: { id: order.id } } });
    expect(read.data).toMatchObject({ id: order.id, number: order.number, status: order.status });
    const listed = await ordo.GET("/v1/orders", { params: { query: { email: "buyer@example.com" } } });
    expect(listed.data?.data.filter((o) => o.id === order.id)).toHaveLength(1);
  });

  it("answers a refusal as a typed problem+json error", async () => {
    const ordo = createOrdoClient({ baseUrl: t.url, apiKey: ADMIN_KEY });
    const key = idempotencyKey();
    expect(key["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    const first = await ordo.POST("/v1/orders", {
      params: { header: key },
      body: orderOf(1),
    });
    expect(first.response.status).toBe(201);
    // The same key for another request: refused, with what went wrong in `detail`.
    const reused = await ordo.POST("/v1/orders", {
      params: { header: key },
      body: orderOf(2),
    });
    expect(reused.data).toBeUndefined();
    expectTypeOf(reused.error).toExtend<Problem | undefined>();
    expectTypeOf(reused.error!.detail).toEqualTypeOf<string | undefined>();
    expectTypeOf(reused.error!.status).toEqualTypeOf<number>();
    expect(reused.response.status).toBe(422);
    expect(reused.response.headers.get("content-type")).toContain("application/problem+json");
    expect(reused.error).toMatchObject({
      type: "https://ordo.dev/problems/idempotency-key-reuse",
      status: 422,
    });
    expect(reused.error?.detail).toBe("This Idempotency-Key was already used with a different request");

    const missing = await ordo.GET("/v1/orders/{id}", { params: { path: { id: "ord_missing" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.detail).toContain("ord_missing");

    const bad = await ordo.POST("/v1/orders", {
      // @ts-expect-error: `lines` is a list of lines; the types refuse this before the server does
      body: { channel: w.channel, lines: "two shirts" },
    });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errors?.map((e) => e.path)).toContain("body.lines");
  });

  it("sends its API key, and a wrong one gets 401 with WWW-Authenticate", async () => {
    const stranger = createOrdoClient({ baseUrl: t.url, apiKey: "ordo_sk_not_a_key" });
    const refused = await stranger.GET("/v1/orders");
    expect(refused.response.status).toBe(401);
    expect(refused.response.headers.get("www-authenticate")).toBe('Bearer realm="ordo"');
    expect(refused.error?.title).toBe("Unauthorized");
  });
});
