import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
import {
  boxes,
  CARRIER_SECRET,
  expectProblem,
  gtinFor,
  orderWithFo,
  pack,
  signedCarrierCall,
  stocked,
} from "./shipping-fixtures.js";
import { level, type Net, network, ok, uniq } from "./sourcing-fixtures.js";

let t: TestApp;
let net: Net;

beforeAll(async () => {
  t = await startTestApp({ env: { CARRIER_WEBHOOK_SECRET: CARRIER_SECRET } });
  net = await network(t);
  await boxes(t, net.east);
});
afterAll(() => t.close());

const getOrder = async (id: string) => ok(await t.admin.get(`/v1/orders/${id}`));
const getFo = async (id: string) => ok(await t.admin.get(`/v1/fulfillment_orders/${id}`));
const scan = (foId: string, code: string) => t.admin.post(`/v1/fulfillment_orders/${foId}/scan`, { code });
const line = (order: any, sku: string) => order.lines.find((l: any) => l.sku === sku);

describe("pick: scans and pick lists", () => {
  it("counts scans by SKU or GTIN, refuses the wrong item loudly, and never over-picks", async () => {
    const a = uniq("PK-A");
    const b = uniq("PK-B");
    await stocked(t, net, a, net.east, 10);
    await stocked(t, net, b, net.east, 10);
    const { order, fo } = await orderWithFo(t, net, [
      { sku: a, quantity: 2 },
      { sku: b, quantity: 1 },
    ]);
    const before = await t.rowCounts();
    expectProblem(await scan(fo.id, "NOT-ON-THIS-ORDER"), 422, "wrong-item");
    expect(await t.rowCounts()).toEqual(before);
    expect((await getFo(fo.id)).status).toBe("open");

    const first = ok(await scan(fo.id, a));
    expect(first).toMatchObject({ sku: a, picked_quantity: 1, to_pick: 1 });
    expect(first.fulfillment_order.status).toBe("in_progress");
    ok(await scan(fo.id, gtinFor(a)));
    expectProblem(await scan(fo.id, a), 409, "over-picked");
    const r = ok(await scan(fo.id, gtinFor(b)));
    expect(r).toMatchObject({ sku: b, picked_quantity: 1, to_pick: 0 });
    const lines = (await getFo(fo.id)).lines;
    expect(lines.map((l: any) => l.picked_quantity).sort()).toEqual([1, 2]);
    void order;
  });

  it("batches fulfillment orders into one pick list walked in bin order", async () => {
    const x = uniq("BIN-X");
    const y = uniq("BIN-Y");
    const z = uniq("BIN-Z");
    await stocked(t, net, x, net.east, 10, "A10-R1");
    await stocked(t, net, y, net.east, 10, "A2-R3");
    await stocked(t, net, z, net.east, 10);
    const one = await orderWithFo(t, net, [
      { sku: x, quantity: 1 },
      { sku: z, quantity: 1 },
    ]);
    const two = await orderWithFo(t, net, [
      { sku: x, quantity: 2 },
      { sku: y, quantity: 1 },
    ]);
    const list = ok(await t.admin.get(`/v1/pick_list?fulfillment_order_ids=${one.fo.id},${two.fo.id}`));
    expect(list.lines.map((l: any) => [l.bin, l.sku, l.quantity])).toEqual([
      ["A2-R3", y, 1],
      ["A10-R1", x, 3],
      [null, z, 1],
    ]);
    const xLine = list.lines[1];
    expect(xLine.product_title).toBe(`Product ${x}`);
    expect(xLine.picks).toEqual([
      { fulfillment_order_id: one.fo.id, order_number: one.order.number, quantity: 1 },
      { fulfillment_order_id: two.fo.id, order_number: two.order.number, quantity: 2 },
    ]);
    const doc = await t.admin.get(`/v1/pick_list.pdf?fulfillment_order_ids=${one.fo.id},${two.fo.id}`);
    expect(doc.status).toBe(200);
    expect(doc.headers.get("content-type")).toBe("application/pdf");
    expect(String(doc.body).startsWith("%PDF")).toBe(true);
    // One location per pick list.
    const west = uniq("BIN-W");
    await stocked(t, net, west, net.west, 5);
    const far = await orderWithFo(t, net, [{ sku: west, quantity: 1 }], {
      shipping_address: {
        line1: "1 Main St",
        city: "Reno",
        region: "NV",
        postal_code: "89501",
        country: "US",
      },
    });
    expectProblem(await t.admin.get(`/v1/pick_list?fulfillment_order_ids=${one.fo.id},${far.fo.id}`), 422);
  });
});

describe("pack, label, ship, track", () => {
  it("two packages, void and re-buy, partial then full shipment, out-of-order and duplicate tracking, delivered", async () => {
    const a = uniq("SH-A");
    const b = uniq("SH-B");
    await stocked(t, net, a, net.east, 10);
    await stocked(t, net, b, net.east, 10);
    const { order, fo } = await orderWithFo(t, net, [
      { sku: a, quantity: 3 },
      { sku: b, quantity: 2 },
    ]);
    const la = line(order, a).id;
    const lb = line(order, b).id;
    ok(await t.admin.post(`/v1/fulfillment_orders/${fo.id}/accept`));

    const suggestion = ok(await t.admin.get(`/v1/fulfillment_orders/${fo.id}/package_suggestion`));
    expect(suggestion.package_type.name).toBe("Small box");
    expect(suggestion.items_weight_grams).toBe(5 * 500);

    // Over-packing is refused and writes nothing.
    const before = await t.rowCounts();
    expectProblem(await pack(t, fo.id, [{ order_line_id: la, sku: a, quantity: 4 }]), 422);
    expect(await t.rowCounts()).toEqual(before);

    const p1 = ok(await pack(t, fo.id, [{ order_line_id: la, sku: a, quantity: 2 }]), 201);
    expect(p1).toMatchObject({
      status: "packed",
      weight_grams: 1000 + 150,
      package_type_id: suggestion.package_type.id,
    });
    const p2 = ok(
      await pack(
        t,
        fo.id,
        [
          { order_line_id: la, sku: a, quantity: 1 },
          { order_line_id: lb, sku: b, quantity: 2 },
        ],
        { weight_grams: 1800 },
      ),
      201,
    );
    expect(p2.weight_grams).toBe(1800);
    // Everything is in a box now: nothing left to pack.
    expectProblem(await pack(t, fo.id, [{ order_line_id: lb, sku: b, quantity: 1 }]), 422);

    // Rates: both services; the choice is the cheapest that meets the promise.
    const rates = ok(await t.admin.get(`/v1/shipments/${p1.id}/rates`)).data;
    expect(rates.map((r: any) => r.service).sort()).toEqual(["express", "standard"]);
    expect(rates.filter((r: any) => r.chosen)).toHaveLength(1);
    const chosen = rates.find((r: any) => r.chosen);
    const meeting = rates.filter((r: any) => r.meets_promise !== false);
    if (meeting.length) expect(chosen.amount).toBe(Math.min(...meeting.map((r: any) => r.amount)));

    // Buy, void, buy again: a new tracking number; the voided label stays on record.
    const bought = ok(await t.admin.post(`/v1/shipments/${p1.id}/label`));
    expect(bought).toMatchObject({
      status: "label_purchased",
      service: chosen.service,
      tracking_status: "label_printed",
    });
    expect(bought.tracking_number).toMatch(/^OR\d{13}$/);
    expect(bought.tracking_url).toContain(bought.tracking_number);
    expectProblem(await t.admin.post(`/v1/shipments/${p1.id}/label`), 409);
    const voided = ok(await t.admin.post(`/v1/shipments/${p1.id}/void_label`));
    expect(voided).toMatchObject({ status: "packed", tracking_number: null });
    expectProblem(await t.admin.get(`/v1/shipments/${p1.id}/label`), 409);
    const rebought = ok(await t.admin.post(`/v1/shipments/${p1.id}/label`, { service: "express" }));
    expect(rebought.service).toBe("express");
    expect(rebought.tracking_number).not.toBe(bought.tracking_number);
    expect(rebought.labels.map((l: any) => l.status)).toEqual(["voided", "active"]);

    // Label documents: 4×6 PDF and ZPL with the tracking number.
    const pdf = await t.admin.get(`/v1/shipments/${p1.id}/label?format=pdf`);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(String(pdf.body).startsWith("%PDF")).toBe(true);
    const zpl = await t.admin.get(`/v1/shipments/${p1.id}/label?format=zpl`);
    expect(zpl.headers.get("content-type")).toContain("application/zpl");
    expect(zpl.body).toMatch(/^\^XA/);
    expect(zpl.body).toContain(rebought.tracking_number);
    const slip = await t.admin.get(`/v1/shipments/${p2.id}/packing_slip`);
    expect(String(slip.body).startsWith("%PDF")).toBe(true);

    // Shipping without a label is refused; package 1 ships: partial shipment.
    expectProblem(await t.admin.post(`/v1/shipments/${p2.id}/ship`), 409);
    const onHandA = (await level(t, a, net.east)).on_hand;
    const s1 = ok(await t.admin.post(`/v1/shipments/${p1.id}/ship`));
    expect(s1.status).toBe("shipped");
    expect((await level(t, a, net.east)).on_hand).toBe(onHandA - 2);
    let o = await getOrder(order.id);
    expect(o.status).toBe("partially_shipped");
    expect(line(o, a)).toMatchObject({ shipped: 2, committed: 1 });
    expect((await getFo(fo.id)).status).toBe("in_progress");
    expectProblem(await t.admin.post(`/v1/shipments/${p1.id}/ship`), 409);

    ok(await t.admin.post(`/v1/shipments/${p2.id}/label`));
    const s2 = ok(await t.admin.post(`/v1/shipments/${p2.id}/ship`));
    o = await getOrder(order.id);
    expect(o.status).toBe("shipped");
    expect((await getFo(fo.id)).status).toBe("fulfilled");

    // Tracking: out of order, duplicated, by API and by signed webhook.
    const ev = (status: string, at: string, id: string, extra = {}) =>
      t.admin.post(`/v1/shipments/${p1.id}/tracking_events`, {
        status,
        happened_at: at,
        carrier_event_id: id,
        ...extra,
      });
    ok(await ev("in_transit", "2026-12-03T08:00:00Z", "e1", { city: "Newark" }));
    ok(await ev("delivered", "2026-12-04T15:00:00Z", "e3"));
    const late = ok(await ev("out_for_delivery", "2026-12-04T07:00:00Z", "e2"));
    expect(late.tracking_status).toBe("delivered");
    expect(late.status).toBe("delivered");
    const dup = ok(await ev("delivered", "2026-12-04T15:00:00Z", "e3"));
    expect(dup.tracking_events.filter((e: any) => e.carrier_event_id === "e3")).toHaveLength(1);
    o = await getOrder(order.id);
    expect(line(o, a)).toMatchObject({ delivered: 2, shipped: 1 });
    expect(o.status).toBe("shipped");

    // The webhook: a bad signature changes nothing; a good one delivers package 2.
    const events = [
      {
        id: "w1",
        tracking_number: s2.tracking_number,
        status: "delayed",
        occurred_at: "2026-12-04T09:00:00Z",
      },
      {
        id: "w2",
        tracking_number: s2.tracking_number,
        status: "delivered",
        occurred_at: "2026-12-05T12:00:00Z",
      },
    ];
    const forged = signedCarrierCall(
      events,
      `whsec_${Buffer.from("not-the-carrier-secret-at-all!!").toString("base64")}`,
    );
    const countsBefore = await t.rowCounts();
    expectProblem(
      await t.anonymous.post("/v1/carriers/ordo_rates/webhooks", forged.body, forged.headers),
      401,
    );
    expect(await t.rowCounts()).toEqual(countsBefore);
    const call = signedCarrierCall(events);
    const raw = await t.anonymous.post("/v1/carriers/ordo_rates/webhooks", call.body, call.headers);
    const res = ok(raw);
    expect(res).toMatchObject({ received: 2, applied: 2 });
    const again = ok(await t.anonymous.post("/v1/carriers/ordo_rates/webhooks", call.body, call.headers));
    expect(again).toMatchObject({ received: 2, applied: 0 });
    o = await getOrder(order.id);
    expect(o.status).toBe("delivered");

    // Events: two shipment.created with tracking; every shipment event parsed against the catalogue.
    const created = ok(await t.admin.get(`/v1/events?type=shipment.created&limit=100`)).data.filter(
      (e: any) => e.data.order_id === order.id,
    );
    expect(created.map((e: any) => e.data.tracking_number).sort()).toEqual(
      [rebought.tracking_number, s2.tracking_number].sort(),
    );
    const timeline = ok(await t.admin.get(`/v1/orders/${order.id}/timeline?limit=200`)).data.map(
      (e: any) => e.type,
    );
    expect(timeline).toEqual(
      expect.arrayContaining(["shipment.created", "shipment.in_transit", "shipment.delivered"]),
    );

    // The customer sees both packages, their tracking numbers and no PII on the public page.
    const view = ok(
      await t.anonymous.post("/v1/tracking/lookup", { number: String(o.number), email: "jane@example.com" }),
    );
    expect(view.shipments.map((s: any) => s.tracking_number).sort()).toEqual(
      [rebought.tracking_number, s2.tracking_number].sort(),
    );
    const pub = ok(await t.anonymous.get(`/v1/tracking/shipments/${s2.tracking_number}`));
    expect(pub).toMatchObject({ status: "delivered", tracking_status: "delivered" });
    expect(JSON.stringify(pub)).not.toContain("jane");

    expect(ok(await t.admin.get("/v1/inventory_checks")).ok).toBe(true);
  });

  it("ships with a label bought elsewhere, and lists late and failed shipments as exceptions", async () => {
    const a = uniq("EX-A");
    await stocked(t, net, a, net.east, 5);
    const { order, fo } = await orderWithFo(t, net, [{ sku: a, quantity: 1 }]);
    const p = ok(await pack(t, fo.id, [{ order_line_id: line(order, a).id, sku: a, quantity: 1 }]), 201);
    const shipped = ok(
      await t.admin.post(`/v1/shipments/${p.id}/ship`, {
        tracking: {
          carrier: "ups",
          number: "1Z999AA10123456784",
          url: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
        },
      }),
    );
    expect(shipped).toMatchObject({
      status: "shipped",
      carrier: "ups",
      tracking_number: "1Z999AA10123456784",
    });
    ok(
      await t.admin.post(`/v1/shipments/${p.id}/tracking_events`, {
        status: "failure",
        happened_at: "2026-12-01T10:00:00Z",
        carrier_event_id: "ups-1",
        message: "Address not found",
      }),
    );
    const list = ok(await t.admin.get(`/v1/shipments/exceptions?stuck_hours=1`)).data.filter(
      (e: any) => e.shipment_id === p.id,
    );
    expect(list.map((e: any) => e.kind)).toContain("failed_delivery");
    for (const e of list) {
      expect(e.age_hours).toBeGreaterThanOrEqual(0);
      expect(e.actions.length).toBeGreaterThan(0);
    }
  });

  it("hands a pickup order over only to the customer", async () => {
    const a = uniq("PU-A");
    await stocked(t, net, a, net.store2, 5);
    const { order, fo } = await orderWithFo(t, net, [{ sku: a, quantity: 2 }], {
      requested_fulfillment: "pickup",
      pickup_location_id: net.store2,
    });
    expect(fo.fulfillment_type).toBe("pickup");
    const p = ok(
      await pack(t, fo.id, [{ order_line_id: line(order, a).id, sku: a, quantity: 2 }], {
        length_mm: 300,
        width_mm: 200,
        height_mm: 100,
      }),
      201,
    );
    expectProblem(await t.admin.post(`/v1/shipments/${p.id}/label`), 422);
    const ready = ok(await t.admin.post(`/v1/shipments/${p.id}/ready_for_pickup`));
    expect(ready).toMatchObject({ status: "ready_for_pickup", tracking_status: "ready_for_pickup" });
    expect(JSON.stringify(ready)).not.toMatch(/pickup_code/);
    const before = await t.rowCounts();
    expectProblem(
      await t.admin.post(`/v1/shipments/${p.id}/hand_over`, { order_number: order.number, name: "Smith" }),
      403,
      "pickup-verification-failed",
    );
    expect(await t.rowCounts()).toEqual(before);
    const handed = ok(
      await t.admin.post(`/v1/shipments/${p.id}/hand_over`, { order_number: order.number, name: "doe" }),
    );
    expect(handed).toMatchObject({ status: "delivered", tracking_status: "picked_up" });
    const o = await getOrder(order.id);
    expect(o.status).toBe("delivered");
    const evt = ok(await t.admin.get("/v1/events?type=shipment.ready_for_pickup&limit=100")).data.find(
      (e: any) => e.data.id === p.id,
    );
    expect(evt.data.pickup_code).toMatch(/^\d{6}$/);
  });
});

describe("many clients at once", () => {
  it("parallel scans never over-pick; a package ships once however many press ship", async () => {
    const a = uniq("CC-A");
    await stocked(t, net, a, net.east, 20);
    const { order, fo } = await orderWithFo(t, net, [{ sku: a, quantity: 5 }]);
    const scans = await Promise.all(Array.from({ length: 12 }, () => scan(fo.id, a)));
    expect(scans.filter((r) => r.status === 200)).toHaveLength(5);
    for (const r of scans) expect([200, 409]).toContain(r.status);
    expect((await getFo(fo.id)).lines[0].picked_quantity).toBe(5);

    const p = ok(await pack(t, fo.id, [{ order_line_id: line(order, a).id, sku: a, quantity: 5 }]), 201);
    ok(await t.admin.post(`/v1/shipments/${p.id}/label`));
    const onHand = (await level(t, a, net.east)).on_hand;
    const ships = await Promise.all(
      Array.from({ length: 8 }, () => t.admin.post(`/v1/shipments/${p.id}/ship`)),
    );
    expect(ships.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of ships) expect([200, 409]).toContain(r.status);
    expect((await level(t, a, net.east)).on_hand).toBe(onHand - 5);
    expect(ok(await t.admin.get("/v1/inventory_checks")).ok).toBe(true);
  });
});
