// Delivery slots, service appointments and route plans through real HTTP, on SQLite and
// PostgreSQL: capacity is never over-booked by concurrent holds, lapsed holds give their place
// back, skills decide which service slots are offered, reschedule and cancel move capacity, a
// day's booked stops become a feasible route plan (checked by the planner's own referee) with a
// printable sheet, and bad input is refused with nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPlan } from "../../src/domain/routing/index.js";
import { expireHolds, routePlanProblem } from "../../src/modules/scheduling/index.js";
import { ADMIN_KEY, startTestApp, type TestApp } from "../support/harness.js";
import { type Net, network, ok, orderBody, placeOrder, product, stock, uniq } from "./sourcing-fixtures.js";

let t: TestApp;
let net: Net;
const SKU = uniq("SCH");
/** A day a week ahead, and its weekday (0 = Sunday). */
const DATE = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const WEEKDAY = new Date(`${DATE}T12:00:00Z`).getUTCDay();

beforeAll(async () => {
  t = await startTestApp({ env: { ROUTE_PLAN_BUDGET_MS: "200" } });
  net = await network(t);
  await product(t, net, SKU);
  await stock(t, SKU, net.store, 100);
}, 120_000);
afterAll(() => t.close());

const template = async (over: Record<string, unknown> = {}) =>
  ok(
    await t.admin.post("/v1/slot_templates", {
      location_id: net.store,
      kind: "delivery",
      weekday: WEEKDAY,
      start: "09:00",
      end: "12:00",
      capacity: 10,
      ...over,
    }),
    201,
  );
const slotsOf = async (query: string) =>
  ok(await t.admin.get(`/v1/slots?location_id=${net.store}&from=${DATE}&to=${DATE}${query}`)).data as any[];
const slotOf = async (templateId: string, query = "") =>
  (await slotsOf(query)).find((s) => s.template_id === templateId);
const hold = (slot_id: string, extra: Record<string, unknown> = {}) =>
  t.admin.post("/v1/slot_holds", { slot_id, ...extra });

describe("slot capacity", () => {
  it("gives exactly the capacity to 50 concurrent holds", async () => {
    const tpl = await template({ start: "06:00", end: "07:00" });
    const slot = await slotOf(tpl.id);
    expect(slot).toMatchObject({ capacity: 10, used: 0, available: 10, date: DATE });
    const replies = await Promise.all(Array.from({ length: 50 }, () => hold(slot.id)));
    const codes = replies.map((r) => r.status);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.filter((c) => c === 409)).toHaveLength(40);
    // Full: no longer offered.
    expect(await slotOf(tpl.id)).toBeUndefined();
    const rows = await t.server.database.db
      .selectFrom("slot_bookings")
      .select("id")
      .where("slot_id", "=", slot.id)
      .execute();
    expect(rows).toHaveLength(10);
  });

  it("frees the place of an expired hold, lazily and by the sweep", async () => {
    const tpl = await template({ start: "07:00", end: "08:00", capacity: 1 });
    const slot = await slotOf(tpl.id);
    const first = ok(await hold(slot.id), 201);
    expect(first.status).toBe("held");
    expect(Date.parse(first.expires_at) - Date.parse(first.created_at)).toBe(15 * 60_000);
    expect((await hold(slot.id)).status).toBe(409);
    const db = t.server.database.db;
    await db
      .updateTable("slot_bookings")
      .set({ expires_at: "2000-01-01T00:00:00.000Z" })
      .where("id", "=", first.id)
      .execute();
    // Read: the lapsed hold no longer counts.
    expect(await slotOf(tpl.id)).toMatchObject({ available: 1 });
    // Hold: takes the place back.
    const second = ok(await hold(slot.id), 201);
    expect(ok(await t.admin.get(`/v1/bookings/${first.id}`)).status).toBe("expired");
    expect((await t.admin.post(`/v1/slot_holds/${first.id}/confirm`, { order_id: "ord_x" })).status).toBe(
      409,
    );
    // The sweep: another lapsed hold is marked expired and its place freed.
    await db
      .updateTable("slot_bookings")
      .set({ expires_at: "2000-01-01T00:00:00.000Z" })
      .where("id", "=", second.id)
      .execute();
    expect(await expireHolds(db)).toBeGreaterThanOrEqual(1);
    expect(ok(await t.admin.get(`/v1/bookings/${second.id}`)).status).toBe("expired");
    expect(await slotOf(tpl.id)).toMatchObject({ used: 0, available: 1 });
  });

  it("moves capacity on reschedule and cancel", async () => {
    const a = await template({ start: "12:00", end: "13:00", capacity: 2 });
    const b = await template({ start: "13:00", end: "14:00", capacity: 2 });
    const slotA = await slotOf(a.id);
    const slotB = await slotOf(b.id);
    const held = ok(await hold(slotA.id, { latitude: 40.73, longitude: -73.99 }), 201);
    const order = await placeOrder(t, orderBody(net, [{ sku: SKU, quantity: 1 }]));
    const booked = ok(await t.admin.post(`/v1/slot_holds/${held.id}/confirm`, { order_id: order.id }));
    expect(booked).toMatchObject({ status: "booked", order_id: order.id, expires_at: null });
    expect(await slotOf(a.id)).toMatchObject({ used: 1 });
    const moved = ok(await t.admin.post(`/v1/bookings/${held.id}/reschedule`, { slot_id: slotB.id }));
    expect(moved.slot_id).toBe(slotB.id);
    expect(await slotOf(a.id)).toMatchObject({ used: 0, available: 2 });
    expect(await slotOf(b.id)).toMatchObject({ used: 1, available: 1 });
    expect(ok(await t.admin.post(`/v1/bookings/${held.id}/cancel`, {})).status).toBe("cancelled");
    expect(await slotOf(b.id)).toMatchObject({ used: 0, available: 2 });
    expect((await t.admin.post(`/v1/bookings/${held.id}/cancel`, {})).status).toBe(409);
  });
});

describe("calendar and promise", () => {
  it("shows full slots in the calendar and offers open ones with local delivery", async () => {
    const tpl = await template({ start: "20:00", end: "21:00", capacity: 1 });
    const slot = await slotOf(tpl.id);
    ok(await hold(slot.id), 201);
    const calendar = ok(
      await t.admin.get(`/v1/slot_calendar?location_id=${net.store}&from=${DATE}&to=${DATE}`),
    ).data as any[];
    expect(calendar.find((s) => s.id === slot.id)).toMatchObject({ used: 1, capacity: 1, available: 0 });
    const promise = ok(
      await t.admin.post("/v1/promise", {
        channel: net.channel,
        lines: [{ sku: SKU, quantity: 1 }],
        destination: { country: "US", postal_code: "10001" },
      }),
    );
    const local = promise.options.find((o: any) => o.type === "local_delivery");
    expect(local.available).toBe(true);
    const offered = local.delivery_slots.map((s: any) => s.id);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered).not.toContain(slot.id);
    expect(local.delivery_slots.every((s: any) => s.kind === "delivery" && s.available > 0)).toBe(true);
  });
});

describe("service appointments", () => {
  it("offers and books a skilled slot only when a technician with the skill works it", async () => {
    const skill = `hvac-${Date.now().toString(36)}`;
    const tpl = await template({ kind: "service", skill, start: "14:00", end: "16:00", capacity: 3 });
    const id = `slot_${tpl.id.slice(5)}_${DATE.replaceAll("-", "")}`;
    expect(await slotOf(tpl.id, "&kind=service")).toBeUndefined();
    const refused = await hold(id);
    expect(refused.status).toBe(422);
    // A technician with another skill, or the skill on another day, does not help.
    for (const body of [
      { skills: ["plumbing"], working_hours: [{ weekday: WEEKDAY, start: "08:00", end: "18:00" }] },
      { skills: [skill], working_hours: [{ weekday: (WEEKDAY + 1) % 7, start: "08:00", end: "18:00" }] },
    ])
      ok(
        await t.admin.post("/v1/scheduling_resources", {
          location_id: net.store,
          kind: "technician",
          name: "Tech",
          ...body,
        }),
        201,
      );
    expect(await slotOf(tpl.id, "&kind=service")).toBeUndefined();
    expect((await hold(id)).status).toBe(422);
    ok(
      await t.admin.post("/v1/scheduling_resources", {
        location_id: net.store,
        kind: "technician",
        name: "Skilled tech",
        skills: [skill],
        working_hours: [{ weekday: WEEKDAY, start: "08:00", end: "18:00" }],
      }),
      201,
    );
    expect(await slotOf(tpl.id, `&kind=service&skill=${skill}`)).toMatchObject({ id, skill, available: 3 });
    expect(await slotOf(tpl.id, "&kind=service&skill=plumbing")).toBeUndefined();
    expect(await slotOf(tpl.id, "&kind=delivery")).toBeUndefined();
    expect(ok(await hold(id), 201)).toMatchObject({ kind: "service", status: "held", service_minutes: 60 });
  });
});

describe("route plans", () => {
  it("plans a feasible day of booked stops, with ETAs inside the windows and a route sheet", async () => {
    // The route plan's day at its own location (a fresh store), so earlier tests' bookings stay out.
    const store = ok(
      await t.admin.post("/v1/locations", {
        code: uniq("store"),
        name: "Chelsea store",
        type: "store",
        country: "US",
        postal_code: "10011",
        capabilities: ["ship", "local_delivery"],
        time_zone: "America/New_York",
      }),
      201,
    ).id;
    const body = (o: Record<string, unknown>) => ({
      location_id: store,
      kind: "delivery",
      weekday: WEEKDAY,
      capacity: 10,
      ...o,
    });
    const morning = ok(await t.admin.post("/v1/slot_templates", body({ start: "09:00", end: "12:00" })), 201);
    const afternoon = ok(
      await t.admin.post("/v1/slot_templates", body({ start: "13:00", end: "17:00" })),
      201,
    );
    for (const name of ["Van 1", "Van 2"])
      ok(
        await t.admin.post("/v1/scheduling_resources", {
          location_id: store,
          kind: "vehicle",
          name,
          max_stops: 6,
        }),
        201,
      );
    for (const name of ["Ann", "Bob"])
      ok(
        await t.admin.post("/v1/scheduling_resources", {
          location_id: store,
          kind: "driver",
          name,
          working_hours: [{ weekday: WEEKDAY, start: "08:00", end: "18:00" }],
        }),
        201,
      );
    const slots = ok(await t.admin.get(`/v1/slots?location_id=${store}&from=${DATE}&to=${DATE}`))
      .data as any[];
    const ids = [morning.id, afternoon.id].map((tid) => slots.find((s) => s.template_id === tid).id);
    const bookings: string[] = [];
    for (let i = 0; i < 8; i++) {
      const h = ok(
        await hold(ids[i % 2]!, { latitude: 40.7 + i * 0.012, longitude: -74.0 + (i % 3) * 0.01 }),
        201,
      );
      const order = await placeOrder(t, orderBody(net, [{ sku: SKU, quantity: 1 }]));
      ok(await t.admin.post(`/v1/slot_holds/${h.id}/confirm`, { order_id: order.id }));
      bookings.push(h.id);
    }
    // One more, placed from its order's shipping address (postal code) alone.
    const h = ok(await hold(ids[0]!), 201);
    const order = await placeOrder(t, orderBody(net, [{ sku: SKU, quantity: 1 }]));
    const booked = ok(await t.admin.post(`/v1/slot_holds/${h.id}/confirm`, { order_id: order.id }));
    expect(booked.latitude).toBeCloseTo(40.75, 1);
    bookings.push(h.id);
    // A hold never confirmed is no stop.
    ok(await hold(ids[1]!, { latitude: 40.8, longitude: -73.95 }), 201);

    const started = Date.now();
    const plan = ok(await t.admin.post("/v1/route_plans", { location_id: store, date: DATE }), 201);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(plan.stop_count).toBe(9);
    expect(plan.unassigned).toEqual([]);
    const served = plan.routes.flatMap((r: any) => r.stops.map((s: any) => s.booking_id));
    expect(served.sort()).toEqual([...bookings].sort());
    for (const route of plan.routes)
      for (const s of route.stops) {
        expect(Date.parse(s.service_start)).toBeGreaterThanOrEqual(Date.parse(s.window_start));
        expect(Date.parse(s.service_start)).toBeLessThanOrEqual(Date.parse(s.window_end));
        expect(Date.parse(s.eta)).toBeLessThanOrEqual(Date.parse(s.service_start));
      }
    const { problem, plan: raw } = await routePlanProblem(t.server.database.db, plan.id);
    expect(checkPlan(problem, raw)).toEqual([]);
    expect(ok(await t.admin.get(`/v1/route_plans/${plan.id}`))).toEqual(plan);
    const sheet = await fetch(`${t.url}/v1/route_plans/${plan.id}/sheet.pdf`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get("content-type")).toContain("application/pdf");
    expect(
      Buffer.from(await sheet.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
  }, 30_000);
});

describe("bad input", () => {
  it("is refused with 4xx and nothing written", async () => {
    const tpl = await template({ start: "17:00", end: "18:00", capacity: 1 });
    const slot = await slotOf(tpl.id);
    const agent = await t.as("agent");
    const before = await t.rowCounts();
    const base = { location_id: net.store, kind: "delivery", weekday: 1, start: "10:00", capacity: 1 };
    expect((await t.admin.post("/v1/slot_templates", { ...base, end: "09:00" })).status).toBe(400);
    expect((await t.admin.post("/v1/slot_templates", { ...base, end: "11:00", skill: "hvac" })).status).toBe(
      400,
    );
    expect(
      (await t.admin.post("/v1/slot_templates", { ...base, end: "11:00", location_id: "loc_nope" })).status,
    ).toBe(404);
    expect((await agent.post("/v1/slot_templates", { ...base, end: "11:00" })).status).toBe(403);
    expect((await hold("slot_nope")).status).toBe(404);
    expect((await hold(slot.id, { surprise: 1 })).status).toBe(400);
    expect((await hold(slot.id, { latitude: 40.7 })).status).toBe(422);
    expect((await hold(slot.id, { latitude: 100, longitude: 0 })).status).toBe(400);
    expect((await t.admin.post("/v1/route_plans", { location_id: "loc_nope", date: DATE })).status).toBe(404);
    expect((await t.admin.post("/v1/route_plans", { location_id: net.store, date: "tomorrow" })).status).toBe(
      400,
    );
    expect((await t.admin.post("/v1/bookings/bkg_nope/cancel", {})).status).toBe(404);
    expect((await t.admin.get(`/v1/slots?location_id=${net.store}&from=${DATE}&to=2000-01-01`)).status).toBe(
      400,
    );
    expect(await t.rowCounts()).toEqual(before);
  });
});
