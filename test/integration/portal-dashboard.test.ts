// The customer tracking endpoint and the console's dashboard, through HTTP on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/seed/demo.js";
import { type Client, startTestApp, type TestApp } from "../support/harness.js";

let t: TestApp;
let agent: Client;
let sku: string;
let locationId: string;

const EMAIL = "Pat.Customer@Example.com";

async function placeOrder(email: string, extra: Record<string, unknown> = {}) {
  const reply = await t.admin.post("/v1/orders", {
    channel: "web",
    email,
    shipping_address: {
      name: "Pat Customer",
      line1: "1 Main St",
      city: "Reno",
      region: "NV",
      postal_code: "89501",
      country: "US",
    },
    lines: [{ sku, quantity: 1 }],
    ...extra,
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.server.database.db);
  agent = await t.as("agent");
  const channel = (await t.admin.get("/v1/channels/web")).body;
  locationId = channel.location_ids[0];
  const variants = (await t.admin.get("/v1/variants?limit=50&status=active&is_kit=false")).body.data;
  sku = variants.find((v: { track_inventory: boolean }) => v.track_inventory).sku;
  const stocked = await t.admin.post("/v1/inventory_adjustments", {
    sku,
    location_id: locationId,
    delta: 50,
    reason: "received",
  });
  expect(stocked.status).toBe(201);
});
afterAll(() => t?.close());

describe("GET /v1/dashboard", () => {
  it("counts today's orders, revenue, holds and orders per day by channel from real data", async () => {
    const tz = "?tz_offset=0";
    const before = (await agent.get(`/v1/dashboard${tz}`)).body;
    const order = await placeOrder("dash@example.com");
    const after = (await agent.get(`/v1/dashboard${tz}`)).body;
    expect(after.today.orders).toBe(before.today.orders + 1);
    const usd = (d: { today: { revenue: Array<{ currency: string; amount: number }> } }) =>
      d.today.revenue.find((r) => r.currency === "USD")?.amount ?? 0;
    expect(usd(after)).toBe(usd(before) + order.totals.grand_total);
    const today = new Date().toISOString().slice(0, 10);
    const webToday = after.orders_by_day.find(
      (r: { day: string; channel: string }) => r.day === today && r.channel === "web",
    );
    expect(webToday.orders).toBeGreaterThanOrEqual(1);
    expect(after.channels.map((c: { code: string }) => c.code)).toContain("web");

    const held = await t.admin.post(`/v1/orders/${order.id}/holds`, { type: "manual", reason: "check" });
    expect(held.status).toBe(201);
    const withHold = (await agent.get(`/v1/dashboard${tz}`)).body;
    expect(withHold.orders_on_hold).toBe(after.orders_on_hold + 1);

    const cancelled = await t.admin.post(`/v1/orders/${order.id}/cancel`, { reason: "test" });
    expect(cancelled.status).toBe(200);
    const afterCancel = (await agent.get(`/v1/dashboard${tz}`)).body;
    expect(usd(afterCancel)).toBe(usd(before)); // cancelled orders bring no revenue
    expect(afterCancel.orders_on_hold).toBe(before.orders_on_hold);
  });

  it("needs a signed-in caller and rejects a bad query without a 500", async () => {
    expect((await t.anonymous.get("/v1/dashboard")).status).toBe(401);
    const bad = await agent.get("/v1/dashboard?days=0");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toContain("days");
  });
});

describe("POST /v1/tracking/lookup", () => {
  it("shows the customer their order by number and e-mail, case-insensitively, without staff-only data", async () => {
    const order = await placeOrder(EMAIL, { notes: "VIP — staff note" });
    await t.admin.post(`/v1/orders/${order.id}/holds`, { type: "fraud", reason: "secret fraud signal" });
    const reply = await t.anonymous.post("/v1/tracking/lookup", {
      number: `#${order.number}`,
      email: ` ${EMAIL.toLowerCase()} `,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const view = reply.body;
    expect(view.number).toBe(`#${order.number}`);
    expect(view.status).toBe("open");
    expect(view.status_label).toBe("Processing");
    expect(view.items).toEqual([expect.objectContaining({ sku, quantity: 1 })]);
    expect(view.totals.total).toBe(order.totals.grand_total);
    expect(view.steps.map((s: { key: string }) => s.key)).toEqual([
      "placed",
      "processing",
      "shipped",
      "delivered",
    ]);
    expect(view.steps[0].state).toBe("done");
    expect(view.ship_to).toEqual({ city: "Reno", region: "NV", country: "US" });
    // The ETA is the latest delivery date the order's fulfillment orders promise.
    const fos = (await t.admin.get(`/v1/orders/${order.id}/fulfillment_orders`)).body.data;
    const promised = fos
      .map((f: { promised_delivery_date: string | null }) => f.promised_delivery_date)
      .filter(Boolean)
      .sort();
    expect(view.eta).toBe(promised[promised.length - 1] ?? null);
    const text = JSON.stringify(view);
    for (const secret of [order.id, "secret fraud signal", "VIP", "1 Main St", locationId]) {
      expect(text).not.toContain(secret);
    }
  });

  it("answers a wrong e-mail exactly like an order that does not exist, and changes nothing", async () => {
    const order = await placeOrder("someone@example.com");
    const counts = await t.rowCounts();
    const wrongEmail = await t.anonymous.post("/v1/tracking/lookup", {
      number: String(order.number),
      email: "attacker@example.com",
    });
    const noSuchOrder = await t.anonymous.post("/v1/tracking/lookup", {
      number: "99999999",
      email: "someone@example.com",
    });
    const notANumber = await t.anonymous.post("/v1/tracking/lookup", {
      number: "abc",
      email: "someone@example.com",
    });
    for (const r of [wrongEmail, noSuchOrder, notANumber]) {
      expect(r.status).toBe(404);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
    }
    expect(wrongEmail.body).toEqual(noSuchOrder.body);
    expect(notANumber.body).toEqual(noSuchOrder.body);
    expect(await t.rowCounts()).toEqual(counts);
  });

  it("does not show draft orders", async () => {
    const draft = await placeOrder("draft@example.com", { draft: true });
    const r = await t.anonymous.post("/v1/tracking/lookup", {
      number: String(draft.number),
      email: "draft@example.com",
    });
    expect(r.status).toBe(404);
  });

  it("rejects unknown fields, and rate-limits guessing", async () => {
    const extra = await t.anonymous.post("/v1/tracking/lookup", { number: "1", email: "a@b.co", id: "x" });
    expect(extra.status).toBe(400);
    let limited = 0;
    for (let i = 0; i < 25; i++) {
      const r = await t.anonymous.post("/v1/tracking/lookup", {
        number: String(5000 + i),
        email: "guess@example.com",
      });
      if (r.status === 429) limited++;
      else expect(r.status).toBe(404);
    }
    expect(limited).toBeGreaterThan(0);
  });
});
