// Analytics through the real flow: orders captured, edited, cancelled, shipped, delivered and
// returned keep their facts and the daily KPI rollup current in their own transactions; the rollup
// always equals a recomputation from the facts (and the facts the orders), also under 20
// concurrent captures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
import { boxes, orderWithFo, pack, stocked } from "./shipping-fixtures.js";
import { type Net, network, ok, orderBody, placeOrder, uniq } from "./sourcing-fixtures.js";

let t: TestApp;
let net: Net;

beforeAll(async () => {
  t = await startTestApp({ env: { ANALYTICS_STUCK_HOURS: "open:0.0001" } });
  net = await network(t);
  await boxes(t, net.east);
});
afterAll(() => t.close());

const today = () => new Date().toISOString().slice(0, 10);
const line = (order: any, sku: string) => order.lines.find((l: any) => l.sku === sku);
const kpis = async (groupBy = "day") =>
  ok(await t.admin.get(`/v1/analytics/kpis?from=${today()}&to=${today()}&group_by=${groupBy}`));
const verified = async () => {
  const v = ok(await t.admin.get("/v1/analytics/verification"));
  expect(v.differences).toEqual([]);
  expect(v.fact_mismatches).toEqual([]);
  expect(v.ok).toBe(true);
  return v;
};
const drill = async (kpi: string, extra = "") =>
  ok(await t.admin.get(`/v1/analytics/orders?kpi=${kpi}&from=${today()}&to=${today()}${extra}`));

/** Packs everything of the order's first fulfillment order in one package, labels and ships it. */
async function shipAll(fo: any) {
  const units = fo.lines.map((l: any) => ({
    order_line_id: l.order_line_id,
    sku: l.sku,
    quantity: l.quantity - l.fulfilled_quantity,
  }));
  const p = ok(await pack(t, fo.id, units), 201);
  ok(await t.admin.post(`/v1/shipments/${p.id}/label`));
  ok(await t.admin.post(`/v1/shipments/${p.id}/ship`));
  return p;
}

const deliver = async (shipmentId: string) =>
  ok(
    await t.admin.post(`/v1/shipments/${shipmentId}/tracking_events`, {
      status: "delivered",
      happened_at: new Date().toISOString(),
      carrier_event_id: uniq("ev"),
    }),
  );

describe("KPIs kept current through captures, edits, cancels, shipments, deliveries and returns", () => {
  let delivered: any;
  let cancelled: any;

  it("counts every change once, and the rollup equals its recomputation", async () => {
    const a = uniq("AN-A");
    const b = uniq("AN-B");
    await stocked(t, net, a, net.east, 100);
    await stocked(t, net, b, net.east, 100);

    // 1: shipped, delivered, one unit returned damaged.
    const one = await orderWithFo(t, net, [
      { sku: a, quantity: 2 },
      { sku: b, quantity: 1 },
    ]);
    const p1 = await shipAll(one.fo);
    await verified();
    await deliver(p1.id);
    delivered = ok(await t.admin.get(`/v1/orders/${one.order.id}`));
    expect(delivered.status).toBe("delivered");
    await verified();
    ok(
      await t.anonymous.post("/v1/tracking/returns", {
        number: String(one.order.number),
        email: "jane@example.com",
        lines: [{ order_line_id: line(one.order, a).id, quantity: 1, reason: "changed_mind" }],
      }),
    );
    const [ret] = ok(await t.admin.get(`/v1/orders/${one.order.id}/returns`)).data;
    ok(
      await t.admin.post(`/v1/returns/${ret.id}/receive`, {
        location_id: net.east,
        lines: [{ order_line_id: line(one.order, a).id, quantity: 1, disposition: "damaged" }],
      }),
    );

    // 2: edited, then cancelled.
    const two = await placeOrder(t, orderBody(net, [{ sku: a, quantity: 3 }]));
    ok(
      await t.admin.post(`/v1/orders/${two.id}/edit`, {
        expected_version: two.version,
        update_lines: [{ line_id: two.lines[0].id, quantity: 5 }],
        reason: "customer called",
      }),
    );
    await verified();
    cancelled = ok(await t.admin.post(`/v1/orders/${two.id}/cancel`, { reason: "changed mind" }));
    expect(cancelled.status).toBe("cancelled");

    // 3: partly cancelled, the rest shipped and delivered (not in full).
    const three = await orderWithFo(t, net, [
      { sku: a, quantity: 1 },
      { sku: b, quantity: 2 },
    ]);
    ok(
      await t.admin.post(`/v1/orders/${three.order.id}/cancel`, {
        reason: "out of patience",
        lines: [{ line_id: line(three.order, b).id, quantity: 1 }],
      }),
    );
    const fo3 = ok(await t.admin.get(`/v1/fulfillment_orders/${three.fo.id}`));
    const p3 = await shipAll(fo3);
    await deliver(p3.id);

    // 4: captured and left open.
    const four = await placeOrder(t, orderBody(net, [{ sku: b, quantity: 1 }]));

    await verified();
    const report = await kpis();
    const c = report.totals.counters;
    expect(report.totals.orders).toBe(4);
    expect(c).toMatchObject({
      orders: 4,
      cancelled_orders: 1,
      shipped_orders: 2,
      delivered_orders: 2,
      returned_orders: 1,
      finished_orders: 3,
      in_full_orders: 1,
      units: 3 + 5 + 3 + 1,
      cancelled_units: 5 + 1,
      perfect_orders: 0,
    });
    expect(report.totals.cancellation_rate).toBe(0.25);
    expect(report.totals.return_rate).toBe(0.5);
    expect(report.totals.fill_rate).toBe(0.3333);
    expect(report.totals.median_placed_to_shipped_hours).not.toBeNull();
    const ids = [one.order.id, two.id, three.order.id, four.id];
    const totals = await Promise.all(
      ids.map(async (id) => ok(await t.admin.get(`/v1/orders/${id}`)).totals.grand_total as number),
    );
    expect(report.totals.revenue).toEqual([
      { currency: delivered.currency, amount: totals.reduce((x, y) => x + y, 0) },
    ]);
    expect(delivered.totals.grand_total).toBeGreaterThan(0);
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0].key).toBe(today());
    const byCountry = await kpis("country");
    expect(byCountry.groups.map((g: any) => g.key)).toEqual(["US"]);
  });

  it("drills down to the orders behind a number, page by page", async () => {
    const c = await drill("cancelled");
    expect(c.data.map((f: any) => f.order_id)).toEqual([cancelled.id]);
    const r = await drill("returned");
    expect(r.data).toHaveLength(1);
    expect(r.data[0]).toMatchObject({ order_id: delivered.id, returned_units: 1, damaged_units: 1 });
    const firstPage = await drill("cancelled", "&limit=1");
    expect(firstPage.next_cursor).toBeNull();
  });

  it("exports the KPIs as CSV", async () => {
    const reply = await t.admin.get(`/v1/analytics/kpis.csv?from=${today()}&to=${today()}&group_by=channel`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toContain("text/csv");
    const rows = String(reply.body).trim().split("\n");
    expect(rows[0]).toMatch(/^channel,orders,units,fill_rate/);
    expect(rows.at(-1)).toMatch(/^total,4,/);
  });

  it("lists orders stuck in a status past its SLA", async () => {
    await new Promise((r) => setTimeout(r, 500));
    const stuck = ok(await t.admin.get("/v1/analytics/stuck"));
    expect(stuck.data.length).toBeGreaterThanOrEqual(1);
    expect(stuck.data[0]).toMatchObject({ status: "open", sla_hours: 0.0001 });
    expect(stuck.data[0].locations).toEqual([net.east]);
    expect(stuck.by_status[0]).toMatchObject({ status: "open" });
    expect(stuck.by_location[0].location_id).toBe(net.east);
  });

  it("keeps the counters exact under 20 concurrent captures", async () => {
    const sku = uniq("AN-C");
    await stocked(t, net, sku, net.east, 100);
    const before = (await kpis()).totals.counters;
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => t.admin.post("/v1/orders", orderBody(net, [{ sku, quantity: 2 }]))),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    const after = (await kpis()).totals.counters;
    expect(after.orders - before.orders).toBe(20);
    expect(after.units - before.units).toBe(40);
    expect(after.revenue - before.revenue).toBe(replies.reduce((n, r) => n + r.body.totals.grand_total, 0));
    await verified();
  });

  it("refuses the KPIs without orders:read", async () => {
    expect((await t.anonymous.get("/v1/analytics/kpis")).status).toBe(401);
  });
});
