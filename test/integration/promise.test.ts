import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, startTestApp, type TestApp } from "../support/harness.js";
import { level, type Net, network, ok, product, stock } from "./sourcing-fixtures.js";

let t: TestApp;
let net: Net;

beforeAll(async () => {
  t = await startTestApp();
  net = await network(t);
  await product(t, net, "PR-A");
  await product(t, net, "PR-B");
  await stock(t, "PR-A", net.east, 10);
  await stock(t, "PR-B", net.east, 10);
  await stock(t, "PR-A", net.store, 2);
  await stock(t, "PR-B", net.store, 2);
  await stock(t, "PR-A", net.store2, 5); // the Brooklyn store lacks PR-B
});
afterAll(() => t.close());

const cart = (over: Record<string, unknown> = {}) => ({
  channel: net.channel,
  lines: [
    { sku: "PR-A", quantity: 1 },
    { sku: "PR-B", quantity: 1 },
  ],
  destination: { country: "US", postal_code: "10001" },
  ...over,
});

const option = (body: any, type: string) => body.options.find((o: any) => o.type === type);

describe("POST /v1/promise", () => {
  it("offers ship standard and express, local delivery and pickup at the stores that have everything", async () => {
    const before = await t.rowCounts();
    const body = ok(await t.admin.post("/v1/promise", cart()));
    expect(body.destination).toMatchObject({ country: "US", precision: "postal_code" });
    const today = new Date().toISOString().slice(0, 10);

    const standard = option(body, "ship_standard");
    expect(standard).toMatchObject({ available: true, fulfillment_type: "ship", packages: 1 });
    expect(standard.lines).toEqual([
      { sku: "PR-A", quantity: 1, available_quantity: 1, available: true },
      { sku: "PR-B", quantity: 1, available_quantity: 1, available: true },
    ]);
    expect(standard.ship_date >= today).toBe(true);
    expect(standard.earliest_delivery_date > standard.ship_date).toBe(true);
    const express = option(body, "ship_express");
    expect(express.available).toBe(true);
    expect(express.earliest_delivery_date <= standard.earliest_delivery_date).toBe(true);

    const local = option(body, "local_delivery");
    expect(local).toMatchObject({ available: true, location_ids: [net.store] });

    const pickups = body.options.filter((o: any) => o.type === "pickup");
    // Brooklyn is near but lacks PR-B: only the Manhattan store can have everything.
    expect(pickups.map((p: any) => p.location.id)).toEqual([net.store]);
    expect(pickups[0].location.distance_km).toBeLessThan(10);
    expect(Date.parse(pickups[0].ready_by)).toBeGreaterThan(Date.now());

    // Nothing was committed or written.
    expect(await level(t, "PR-A", net.east)).toMatchObject({ committed: 0, available: 10 });
    const after = await t.rowCounts();
    for (const table of [
      "orders",
      "fulfillment_orders",
      "inventory_movements",
      "sourcing_decisions",
      "events",
    ]) {
      expect(after[table], table).toBe(before[table]);
    }
  });

  it("orders pickup stores by distance and stops at the number asked for", async () => {
    const body = ok(
      await t.admin.post(
        "/v1/promise",
        cart({
          lines: [{ sku: "PR-A", quantity: 1 }],
          pickup_stores: 1,
          destination: { country: "US", postal_code: "11201" },
        }),
      ),
    );
    const pickups = body.options.filter((o: any) => o.type === "pickup");
    expect(pickups.map((p: any) => p.location.id)).toEqual([net.store2]);
    const two = ok(
      await t.admin.post(
        "/v1/promise",
        cart({ lines: [{ sku: "PR-A", quantity: 1 }], destination: { country: "US", postal_code: "11201" } }),
      ),
    );
    expect(two.options.filter((o: any) => o.type === "pickup").map((p: any) => p.location.id)).toEqual([
      net.store2,
      net.store,
    ]);
  });

  it("reports availability per line when the network cannot cover the cart", async () => {
    const body = ok(await t.admin.post("/v1/promise", cart({ lines: [{ sku: "PR-B", quantity: 15 }] })));
    const standard = option(body, "ship_standard");
    expect(standard.available).toBe(false);
    expect(standard.lines).toEqual([{ sku: "PR-B", quantity: 15, available_quantity: 12, available: false }]);
    expect(standard.reason).toBeTruthy();
    expect(body.options.filter((o: any) => o.type === "pickup")).toEqual([]);
  });

  it("places a destination by country alone and names unknown SKUs", async () => {
    const body = ok(
      await t.admin.post(
        "/v1/promise",
        cart({
          lines: [
            { sku: "PR-A", quantity: 1 },
            { sku: "NOPE", quantity: 1 },
          ],
          destination: { country: "US" },
        }),
      ),
    );
    expect(body.destination.precision).toBe("country");
    expect(body.unknown_skus).toEqual(["NOPE"]);
    expect(option(body, "ship_standard").available).toBe(true);
  });

  it("local delivery reaches as far as the rule's radius", async () => {
    // Staten Island is about 15 km from the Manhattan store: inside the default 40 km radius.
    const far = cart({ destination: { country: "US", postal_code: "10301" } });
    expect(option(ok(await t.admin.post("/v1/promise", far)), "local_delivery").available).toBe(true);
    const rule = ok(
      await t.admin.post("/v1/sourcing_rules", {
        name: "Short vans",
        fulfillment_type: "local_delivery",
        settings: { local_delivery_radius_km: 5 },
      }),
      201,
    );
    try {
      const local = option(ok(await t.admin.post("/v1/promise", far)), "local_delivery");
      expect(local.available).toBe(false);
      expect(local.reason).toContain("out_of_range");
      // Midtown is within 5 km.
      expect(option(ok(await t.admin.post("/v1/promise", cart())), "local_delivery").available).toBe(true);
    } finally {
      await t.admin.delete(`/v1/sourcing_rules/${rule.id}`);
    }
  });

  it("validates the cart", async () => {
    expect((await t.admin.post("/v1/promise", cart({ lines: [] }))).status).toBe(400);
    expect((await t.admin.post("/v1/promise", cart({ destination: { country: "XX" } }))).status).toBe(400);
    expect((await t.admin.post("/v1/promise", cart({ extra: 1 }))).status).toBe(400);
    expect((await t.admin.post("/v1/promise", cart({ channel: "nope" }))).status).toBe(422);
    const nowhere = await t.admin.post("/v1/promise", cart({ destination: undefined }));
    expect(nowhere.status).toBe(422);
    expect(nowhere.body.errors).toEqual([
      { path: "body.destination", message: "Required for physical items" },
    ]);
  });

  it("promises digital items at once, without a destination", async () => {
    await product(t, net, "PR-EBOOK", { track_inventory: false, weight_grams: 0 });
    const body = ok(
      await t.admin.post(
        "/v1/promise",
        cart({ lines: [{ sku: "PR-EBOOK", quantity: 1 }], destination: undefined }),
      ),
    );
    expect(body.options).toMatchObject([{ type: "digital", available: true, location_ids: [] }]);
  });

  it("machines call it with an API key scoped orders:read", async () => {
    const created = ok(
      await t.admin.post("/v1/api_keys", { name: "storefront", scopes: ["orders:read"] }),
      201,
    );
    const storefront = client(t.url, { authorization: `Bearer ${created.key}` });
    expect((await storefront.post("/v1/promise", cart())).status).toBe(200);
    const other = ok(await t.admin.post("/v1/api_keys", { name: "catalog", scopes: ["catalog:read"] }), 201);
    expect(
      (await client(t.url, { authorization: `Bearer ${other.key}` }).post("/v1/promise", cart())).status,
    ).toBe(403);
  });

  it("is fast enough for a product page", async () => {
    await t.admin.post("/v1/promise", cart());
    const n = 30;
    const start = performance.now();
    for (let i = 0; i < n; i++) ok(await t.admin.post("/v1/promise", cart()));
    const mean = (performance.now() - start) / n;
    expect(mean).toBeLessThan(250);
  });
});
