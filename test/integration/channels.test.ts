import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";

let t: TestApp;
let usd: { id: string };
let eur: { id: string };
let wh: { id: string };
let store: { id: string };

beforeAll(async () => {
  t = await startTestApp();
  usd = (await t.admin.post("/v1/price_lists", { code: "retail-usd", name: "Retail USD", currency: "USD" }))
    .body;
  eur = (await t.admin.post("/v1/price_lists", { code: "retail-eur", name: "Retail EUR", currency: "EUR" }))
    .body;
  wh = (
    await t.admin.post("/v1/locations", {
      code: "wh-1",
      name: "WH 1",
      type: "warehouse",
      country: "US",
      time_zone: "America/Chicago",
    })
  ).body;
  store = (
    await t.admin.post("/v1/locations", {
      code: "st-1",
      name: "Store 1",
      type: "store",
      country: "US",
      capabilities: ["pickup"],
    })
  ).body;
});
afterAll(() => t.close());

describe("price lists", () => {
  it("creates, reads by code, refuses bad currency and duplicate code", async () => {
    expect(usd).toMatchObject({ id: expect.stringMatching(/^pl_/), currency: "USD" });
    expect((await t.admin.get("/v1/price_lists/retail-usd")).body.id).toBe(usd.id);
    const before = await t.rowCounts();
    const bad = await t.admin.post("/v1/price_lists", { code: "x", name: "X", currency: "XYZ" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("body.currency");
    const lower = await t.admin.post("/v1/price_lists", { code: "x", name: "X", currency: "usd" });
    expect(lower.status).toBe(400);
    expect(
      (await t.admin.post("/v1/price_lists", { code: "retail-usd", name: "Again", currency: "USD" })).status,
    ).toBe(409);
    expect(await t.rowCounts()).toEqual(before);
    expect((await t.admin.get("/v1/price_lists")).body.data).toHaveLength(2);
  });

  it("refuses prices for unknown SKUs with 422 naming each one", async () => {
    const before = await t.rowCounts();
    const reply = await t.admin.post("/v1/price_lists/retail-usd/prices", {
      prices: [
        { sku: "NOPE-1", amount: 100 },
        { sku: "NOPE-2", amount: 100 },
      ],
    });
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((e: { path: string }) => e.path)).toEqual([
      "body.prices.0.sku",
      "body.prices.1.sku",
    ]);
    expect(await t.rowCounts()).toEqual(before);
  });
});

describe("channels", () => {
  it("creates a channel with price list and locations (by id or code); audit + event", async () => {
    const created = await t.admin.post("/v1/channels", {
      code: "web",
      name: "Web store",
      type: "web",
      currency: "USD",
      price_list_id: "retail-usd",
      location_ids: [wh.id, "st-1"],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^chn_/),
      code: "web",
      currency: "USD",
      price_list_id: usd.id,
      active: true,
    });
    expect(created.body.location_ids.sort()).toEqual([wh.id, store.id].sort());
    expect((await t.admin.get("/v1/channels/web")).body).toEqual(created.body);
    const events = await t.server.database.db
      .selectFrom("events")
      .select("type")
      .where("resource_id", "=", created.body.id)
      .execute();
    expect(events.map((e) => e.type)).toEqual(["channel.created"]);
    const audit = await t.admin.get(`/v1/audit_events?resource_id=${created.body.id}`);
    expect(audit.body.data[0].action).toBe("channel.created");
  });

  const bad: Array<[string, Record<string, unknown>, string, number]> = [
    [
      "a currency that differs from the price list's",
      { currency: "EUR", price_list_id: "retail-usd" },
      "body.currency",
      422,
    ],
    ["an unknown location", { location_ids: ["st-1", "loc_nope"] }, "body.location_ids.1", 422],
    ["an unknown price list", { price_list_id: "nope" }, "body.price_list_id", 422],
    ["an invalid currency", { currency: "DOLLARS" }, "body.currency", 400],
    ["an unknown type", { type: "carrier_pigeon" }, "body.type", 400],
    ["a location twice", { location_ids: ["st-1", "st-1"] }, "body.location_ids", 400],
  ];
  for (const [name, change, path, status] of bad) {
    it(`refuses ${name} and writes nothing`, async () => {
      const before = await t.rowCounts();
      const reply = await t.admin.post("/v1/channels", {
        code: "app",
        name: "App",
        type: "mobile",
        currency: "USD",
        price_list_id: usd.id,
        ...change,
      });
      expect(reply.status).toBe(status);
      expect(reply.headers.get("content-type")).toContain("application/problem+json");
      expect(reply.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await t.rowCounts()).toEqual(before);
    });
  }

  it("updates locations and price list, keeping currency consistent", async () => {
    const patched = await t.admin.patch("/v1/channels/web", { location_ids: ["wh-1"], name: "Web" });
    expect(patched.status).toBe(200);
    expect(patched.body.location_ids).toEqual([wh.id]);
    const mismatch = await t.admin.patch("/v1/channels/web", { price_list_id: eur.id });
    expect(mismatch.status).toBe(422);
    const switched = await t.admin.patch("/v1/channels/web", { price_list_id: eur.id, currency: "EUR" });
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ currency: "EUR", price_list_id: eur.id });
    // A price list used by a channel cannot change currency under it.
    const plChange = await t.admin.patch("/v1/price_lists/retail-eur", { currency: "GBP" });
    expect(plChange.status).toBe(409);
    expect((await t.admin.patch("/v1/price_lists/retail-usd", { currency: "CAD" })).body.currency).toBe(
      "CAD",
    );
    expect((await t.admin.get("/v1/channels")).body.data).toHaveLength(1);
  });

  it("only settings:write may create; agents may read", async () => {
    const agent = await t.as("agent");
    expect((await agent.get("/v1/channels")).status).toBe(200);
    expect(
      (await agent.post("/v1/channels", { code: "x", name: "X", type: "web", currency: "USD" })).status,
    ).toBe(403);
    expect((await agent.post("/v1/price_lists", { code: "x", name: "X", currency: "USD" })).status).toBe(403);
  });
});
