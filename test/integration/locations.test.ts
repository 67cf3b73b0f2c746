import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const reno = {
  code: "wh-reno",
  name: "Reno DC",
  type: "warehouse",
  address_line1: "555 Double Eagle Ct",
  city: "Reno",
  region: "NV",
  postal_code: "89521",
  country: "US",
  latitude: 39.4138,
  longitude: -119.7467,
  capabilities: ["ship", "returns"],
  time_zone: "america/los_angeles",
  processing_days: 1,
  cutoff_hour: 15,
  daily_capacity: 5000,
};

describe("locations", () => {
  it("creates a location with audit row and outbox event, and reads it by id and code", async () => {
    const created = await t.admin.post("/v1/locations", reno);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^loc_/),
      code: "wh-reno",
      type: "warehouse",
      capabilities: ["ship", "returns"],
      time_zone: "America/Los_Angeles",
      active: true,
      latitude: 39.4138,
      daily_capacity: 5000,
    });
    const byCode = await t.admin.get("/v1/locations/wh-reno");
    expect(byCode.body).toEqual(created.body);
    expect((await t.admin.get(`/v1/locations/${created.body.id}`)).body.code).toBe("wh-reno");

    const audit = await t.admin.get(`/v1/audit_events?resource_id=${created.body.id}`);
    expect(audit.body.data.map((a: { action: string }) => a.action)).toEqual(["location.created"]);
    const events = await t.server.database.db
      .selectFrom("events")
      .selectAll()
      .where("resource_id", "=", created.body.id)
      .execute();
    expect(events.map((e) => e.type)).toEqual(["location.created"]);
    expect(JSON.parse(events[0]!.data)).toMatchObject({ code: "wh-reno", capabilities: ["ship", "returns"] });
  });

  it("refuses a duplicate code with 409 and writes nothing", async () => {
    const before = await t.rowCounts();
    const dup = await t.admin.post("/v1/locations", reno);
    expect(dup.status).toBe(409);
    expect(dup.headers.get("content-type")).toContain("application/problem+json");
    expect(await t.rowCounts()).toEqual(before);
  });

  const bad: Array<[string, Record<string, unknown>, string, number]> = [
    ["unknown country", { country: "XX" }, "body.country", 400],
    ["alpha-3 country", { country: "USA" }, "body.country", 400],
    ["invalid time zone", { time_zone: "Mars/Olympus_Mons" }, "body.time_zone", 400],
    ["unknown capability", { capabilities: ["teleport"] }, "body.capabilities.0", 400],
    ["latitude out of range", { latitude: 91 }, "body.latitude", 400],
    ["latitude without longitude", { latitude: 40, longitude: null }, "body.longitude", 400],
    ["bad postal code for the country", { postal_code: "ABC DEF" }, "body.postal_code", 400],
    ["unknown type", { type: "moon_base" }, "body.type", 400],
    ["bad code", { code: "has space" }, "body.code", 400],
    ["unknown field", { colour: "red" }, "body.colour", 400],
  ];
  for (const [name, change, path, status] of bad) {
    it(`refuses ${name} precisely and writes nothing`, async () => {
      const before = await t.rowCounts();
      const reply = await t.admin.post("/v1/locations", { ...reno, code: "wh-new", ...change });
      expect(reply.status).toBe(status);
      expect(reply.headers.get("content-type")).toContain("application/problem+json");
      expect(reply.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await t.rowCounts()).toEqual(before);
    });
  }

  it("updates, deactivates and filters locations", async () => {
    const store = await t.admin.post("/v1/locations", {
      code: "st-sf",
      name: "San Francisco Union Square",
      type: "store",
      country: "US",
      postal_code: "94108",
      latitude: 37.788,
      longitude: -122.4075,
      capabilities: ["pickup", "ship", "returns"],
      time_zone: "America/Los_Angeles",
    });
    expect(store.status).toBe(201);
    const patched = await t.admin.patch("/v1/locations/st-sf", {
      active: false,
      daily_capacity: 80,
      name: "SF Union Sq",
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      active: false,
      daily_capacity: 80,
      name: "SF Union Sq",
      country: "US",
    });
    const badPatch = await t.admin.patch("/v1/locations/st-sf", { time_zone: "Nowhere/Land" });
    expect(badPatch.status).toBe(400);
    expect((await t.admin.get("/v1/locations/st-sf")).body.time_zone).toBe("America/Los_Angeles");

    const stores = await t.admin.get("/v1/locations?type=store");
    expect(stores.body.data.map((l: { code: string }) => l.code)).toEqual(["st-sf"]);
    const active = await t.admin.get("/v1/locations?active=true");
    expect(active.body.data.map((l: { code: string }) => l.code)).toEqual(["wh-reno"]);
    const pickup = await t.admin.get("/v1/locations?capability=pickup");
    expect(pickup.body.data.map((l: { code: string }) => l.code)).toEqual(["st-sf"]);
    const page = await t.admin.get("/v1/locations?limit=1");
    expect(page.body.data).toHaveLength(1);
    expect(page.body.next_cursor).toEqual(expect.any(String));
    expect((await t.admin.get("/v1/locations/nope")).status).toBe(404);
  });

  it("checks permissions: agents read, only settings:write creates", async () => {
    const agent = await t.as("agent");
    expect((await agent.get("/v1/locations")).status).toBe(200);
    const denied = await agent.post("/v1/locations", { ...reno, code: "wh-agent" });
    expect(denied.status).toBe(403);
    expect((await t.anonymous.get("/v1/locations")).status).toBe(401);
  });

  it("replays a create with the same Idempotency-Key", async () => {
    const body = { ...reno, code: "wh-idem" };
    const first = await t.admin.post("/v1/locations", body, { "idempotency-key": "loc-1" });
    const again = await t.admin.post("/v1/locations", body, { "idempotency-key": "loc-1" });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });
});
