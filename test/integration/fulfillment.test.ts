import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
import { expectProblem } from "./orders-fixtures.js";
import {
  fulfillmentOrders,
  level,
  type Net,
  network,
  ok,
  orderBody,
  placeOrder,
  product,
  stock,
} from "./sourcing-fixtures.js";

let t: TestApp;
let net: Net;

beforeAll(async () => {
  t = await startTestApp();
  net = await network(t);
});
afterAll(() => t.close());

const timeline = async (orderId: string) =>
  ok(await t.admin.get(`/v1/orders/${orderId}/timeline?limit=100`)).data as any[];

describe("capture → fulfillment orders", () => {
  it("splits an order across two warehouses: two fulfillment orders, stock committed exactly there", async () => {
    await product(t, net, "SPL-A");
    await product(t, net, "SPL-B");
    await stock(t, "SPL-A", net.east, 5);
    await stock(t, "SPL-B", net.west, 5);
    const order = await placeOrder(
      t,
      orderBody(net, [
        { sku: "SPL-A", quantity: 2 },
        { sku: "SPL-B", quantity: 1 },
      ]),
    );
    expect(order.status).toBe("open");
    const fos = await fulfillmentOrders(t, order.id);
    expect(fos).toHaveLength(2);
    const byLoc = Object.fromEntries(fos.map((f) => [f.location_id, f]));
    expect(byLoc[net.east].lines).toMatchObject([{ sku: "SPL-A", quantity: 2 }]);
    expect(byLoc[net.west].lines).toMatchObject([{ sku: "SPL-B", quantity: 1 }]);
    for (const f of fos) {
      expect(f).toMatchObject({ status: "open", fulfillment_type: "ship" });
      expect(f.promised_ship_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(f.promised_delivery_date >= f.promised_ship_date).toBe(true);
    }
    expect(await level(t, "SPL-A", net.east)).toMatchObject({ committed: 2, available: 3 });
    expect(await level(t, "SPL-B", net.west)).toMatchObject({ committed: 1, available: 4 });
    // The order's own allocations say the same.
    const lines = ok(await t.admin.get(`/v1/orders/${order.id}`)).lines;
    expect(lines.find((l: any) => l.sku === "SPL-A").allocations).toEqual([
      { location_id: net.east, quantity: 2 },
    ]);
    expect(lines.find((l: any) => l.sku === "SPL-B").allocations).toEqual([
      { location_id: net.west, quantity: 1 },
    ]);
    // Events in the outbox for each fulfillment order.
    const events = ok(await t.admin.get("/v1/events?type=fulfillment_order.created&limit=100")).data as any[];
    const ids = events.map((e) => e.resource_id ?? e.data?.id);
    for (const f of fos) expect(ids).toContain(f.id);
  });

  it("prefers the nearer warehouse when both have everything", async () => {
    await product(t, net, "NEAR-1");
    await stock(t, "NEAR-1", net.east, 3);
    await stock(t, "NEAR-1", net.west, 3);
    const order = await placeOrder(t, orderBody(net, [{ sku: "NEAR-1", quantity: 1 }]));
    const fos = await fulfillmentOrders(t, order.id);
    expect(fos.map((f) => f.location_id)).toEqual([net.east]);
    expect((await level(t, "NEAR-1", net.west)).committed).toBe(0);
  });

  it("refuses BOPIS at a store without stock, with the reason, and writes nothing", async () => {
    await product(t, net, "BOPIS-1");
    await stock(t, "BOPIS-1", net.east, 10);
    const before = await t.rowCounts();
    const r = await t.admin.post(
      "/v1/orders",
      orderBody(net, [{ sku: "BOPIS-1", quantity: 1 }], {
        requested_fulfillment: "pickup",
        pickup_location_id: net.store2,
        shipping_address: undefined,
      }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
    expect(r.body.reason).toBe("no_stock");
    expect(r.body.detail).toContain(net.store2);
    expect(r.body.detail).toContain("none of the ordered items");
    const after = await t.rowCounts();
    // Background dispatchers may deliver earlier tests' events meanwhile: look at what capture writes.
    const written = [
      "orders",
      "order_lines",
      "order_allocations",
      "order_events",
      "fulfillment_orders",
      "fulfillment_order_lines",
      "sourcing_decisions",
      "inventory_movements",
      "events",
      "audit_events",
    ];
    const changed = written.filter((k) => after[k] !== before[k]);
    expect(changed, JSON.stringify(changed.map((k) => [k, before[k], after[k]]))).toEqual([]);
  });

  it("places BOPIS at a store with stock: one pickup fulfillment order there", async () => {
    await product(t, net, "BOPIS-2");
    await stock(t, "BOPIS-2", net.store2, 2);
    await stock(t, "BOPIS-2", net.east, 10);
    const order = await placeOrder(
      t,
      orderBody(net, [{ sku: "BOPIS-2", quantity: 2 }], {
        requested_fulfillment: "pickup",
        pickup_location_id: net.store2,
        shipping_address: undefined,
      }),
    );
    const fos = await fulfillmentOrders(t, order.id);
    expect(fos).toMatchObject([{ location_id: net.store2, fulfillment_type: "pickup", status: "open" }]);
    // Pickup takes the store's last units (store protection only guards ship-from-store).
    expect(await level(t, "BOPIS-2", net.store2)).toMatchObject({ committed: 2, available: 0 });
    expect((await level(t, "BOPIS-2", net.east)).committed).toBe(0);
  });

  it("gives digital lines a fulfillment order without a location", async () => {
    await product(t, net, "GIFT-1", { track_inventory: false, weight_grams: 0 });
    await product(t, net, "PHYS-1");
    await stock(t, "PHYS-1", net.east, 1);
    const order = await placeOrder(
      t,
      orderBody(net, [
        { sku: "GIFT-1", quantity: 1 },
        { sku: "PHYS-1", quantity: 1 },
      ]),
    );
    const fos = await fulfillmentOrders(t, order.id);
    expect(fos.map((f) => [f.location_id, f.fulfillment_type])).toEqual(
      expect.arrayContaining([
        [net.east, "ship"],
        [null, "digital"],
      ]),
    );
    expect(fos).toHaveLength(2);
  });

  it("refuses a digital order for a physical item (no address, no shipping, no tax), writing nothing", async () => {
    await product(t, net, "GIFT-2", { track_inventory: false, weight_grams: 0 });
    await product(t, net, "PHYS-2");
    await stock(t, "PHYS-2", net.east, 5);
    const { shipping_address: _none, ...noAddress } = orderBody(net, [
      { sku: "GIFT-2", quantity: 1 },
      { sku: "PHYS-2", quantity: 1 },
    ]);
    const before = await t.rowCounts();
    const refused = await t.admin.post("/v1/orders", { ...noAddress, requested_fulfillment: "digital" });
    expectProblem(refused, 422, "body.lines.1.sku");
    expect(refused.body.errors.map((e: { path: string }) => e.path)).not.toContain("body.lines.0.sku");
    expect(await t.rowCounts()).toEqual(before);
    // Digital items alone are a digital order.
    const digital = await t.admin.post("/v1/orders", {
      ...noAddress,
      lines: [{ sku: "GIFT-2", quantity: 1 }],
      requested_fulfillment: "digital",
    });
    expect(digital.status, JSON.stringify(digital.body)).toBe(201);
  });
});

describe("lifecycle", () => {
  it("accept → start → fulfil ships the stock and the order", async () => {
    await product(t, net, "LIFE-1");
    await stock(t, "LIFE-1", net.east, 4);
    const order = await placeOrder(t, orderBody(net, [{ sku: "LIFE-1", quantity: 3 }]));
    const [fo] = await fulfillmentOrders(t, order.id);
    const warehouse = await t.as("warehouse");
    expect(ok(await warehouse.post(`/v1/fulfillment_orders/${fo.id}/accept`, {})).status).toBe("accepted");
    // Accepting twice is a conflict, not a silent success.
    const again = await warehouse.post(`/v1/fulfillment_orders/${fo.id}/accept`, {});
    expect(again.status).toBe(409);
    expect(again.body.current_status).toBe("accepted");
    expect(ok(await warehouse.post(`/v1/fulfillment_orders/${fo.id}/start`, {})).status).toBe("in_progress");
    const done = ok(await warehouse.post(`/v1/fulfillment_orders/${fo.id}/fulfil`, {}));
    expect(done).toMatchObject({ status: "fulfilled", lines: [{ quantity: 3, fulfilled_quantity: 3 }] });
    expect(await level(t, "LIFE-1", net.east)).toMatchObject({ on_hand: 1, committed: 0, available: 1 });
    const o = ok(await t.admin.get(`/v1/orders/${order.id}`));
    expect(o.status).toBe("shipped");
    expect(o.lines[0]).toMatchObject({ shipped: 3, committed: 0 });
    // A fulfilled order cannot be rejected afterwards.
    expect((await warehouse.post(`/v1/fulfillment_orders/${fo.id}/reject`, { reason: "late" })).status).toBe(
      409,
    );
  });

  it("fulfilling is an order change: new version (previous kept), audit trail and order.* events", async () => {
    await product(t, net, "LIFE-2");
    await stock(t, "LIFE-2", net.east, 2);
    const order = await placeOrder(t, orderBody(net, [{ sku: "LIFE-2", quantity: 2 }]));
    expect(order.version).toBe(1);
    const [fo] = await fulfillmentOrders(t, order.id);
    const warehouse = await t.as("warehouse");
    ok(await warehouse.post(`/v1/fulfillment_orders/${fo.id}/accept`, {}));
    ok(await warehouse.post(`/v1/fulfillment_orders/${fo.id}/fulfil`, {}));

    const shipped = ok(await t.admin.get(`/v1/orders/${order.id}`));
    expect(shipped).toMatchObject({ status: "shipped", version: 3 });
    const versions = ok(await t.admin.get(`/v1/orders/${order.id}/versions`)).data;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(versions[1].order.status).toBe("open");

    const audit = ok(await t.admin.get(`/v1/audit_events?resource_type=order&resource_id=${order.id}`)).data;
    const actions = audit.map((a: { action: string }) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["fulfillment_order.accepted", "fulfillment_order.fulfilled"]),
    );

    const events = ok(
      await t.admin.get(`/v1/events?resource_type=order&resource_id=${order.id}&limit=100`),
    ).data;
    const types = events.map((e: { type: string }) => e.type);
    expect(types.filter((x: string) => x === "order.shipped")).toHaveLength(1);
    expect(types.filter((x: string) => x === "order.updated").length).toBeGreaterThanOrEqual(2);
    const shippedEvent = events.find((e: { type: string }) => e.type === "order.shipped");
    expect(ok(await t.admin.get(`/v1/events/${shippedEvent.id}`)).data).toMatchObject({
      id: order.id,
      status: "shipped",
      version: 3,
    });
  });

  it("lists work per location and status; needs fulfillment permissions", async () => {
    await product(t, net, "LIST-1");
    await stock(t, "LIST-1", net.west, 2);
    const order = await placeOrder(t, orderBody(net, [{ sku: "LIST-1", quantity: 1 }]));
    const [fo] = await fulfillmentOrders(t, order.id);
    const list = ok(
      await t.admin.get(`/v1/fulfillment_orders?location_id=${net.west}&status=open&limit=100`),
    );
    expect(list.data.map((f: any) => f.id)).toContain(fo.id);
    expect(list.data.every((f: any) => f.location_id === net.west && f.status === "open")).toBe(true);
    const none = ok(await t.admin.get(`/v1/fulfillment_orders?location_id=${net.west}&status=fulfilled`));
    expect(none.data.map((f: any) => f.id)).not.toContain(fo.id);
    const agent = await t.as("agent");
    expect((await agent.get(`/v1/fulfillment_orders/${fo.id}`)).status).toBe(200);
    expect((await agent.post(`/v1/fulfillment_orders/${fo.id}/accept`, {})).status).toBe(403);
    expect((await t.anonymous.get("/v1/fulfillment_orders")).status).toBe(401);
    expect((await t.admin.get("/v1/fulfillment_orders/fo_nope")).status).toBe(404);
    expect((await t.admin.post(`/v1/fulfillment_orders/${fo.id}/reject`, {})).status).toBe(400);
  });
});

describe("re-sourcing", () => {
  it("a rejection moves the lines to another location, stock follows, the timeline says why", async () => {
    await product(t, net, "REJ-1");
    await stock(t, "REJ-1", net.east, 3);
    await stock(t, "REJ-1", net.west, 3);
    const order = await placeOrder(t, orderBody(net, [{ sku: "REJ-1", quantity: 2 }]));
    const [fo] = await fulfillmentOrders(t, order.id);
    expect(fo.location_id).toBe(net.east);
    const r = ok(await t.admin.post(`/v1/fulfillment_orders/${fo.id}/reject`, { reason: "forklift broken" }));
    expect(r.fulfillment_order).toMatchObject({ status: "rejected", reason: "forklift broken" });
    expect(r.resourced_to).toHaveLength(1);
    expect(r.resourced_to[0]).toMatchObject({
      location_id: net.west,
      status: "open",
      lines: [{ sku: "REJ-1", quantity: 2 }],
    });
    expect(r.backordered).toEqual([]);
    expect(await level(t, "REJ-1", net.east)).toMatchObject({ committed: 0, available: 3 });
    expect(await level(t, "REJ-1", net.west)).toMatchObject({ committed: 2, available: 1 });
    const o = ok(await t.admin.get(`/v1/orders/${order.id}`));
    expect(o.status).toBe("open");
    expect(o.lines[0].allocations).toEqual([{ location_id: net.west, quantity: 2 }]);
    const entry = (await timeline(order.id)).find((e) => e.type === "order.resourced");
    expect(entry.message).toContain("forklift broken");
    expect(entry.message).toContain(net.west);
    const explanation = ok(await t.admin.get(`/v1/orders/${order.id}/sourcing`)).data;
    expect(explanation[0]).toMatchObject({ trigger: "rejection", excluded_location_ids: [net.east] });
    expect(explanation[0].excluded).toContainEqual(
      expect.objectContaining({ location_id: net.east, reason: "excluded" }),
    );
    const events = ok(await t.admin.get("/v1/events?type=order.resourced&limit=100")).data as any[];
    expect(events.some((e) => JSON.stringify(e).includes(fo.id))).toBe(true);
  });

  it("a reject racing a fulfil: exactly one wins and stock is counted once", async () => {
    await product(t, net, "RACE-FO");
    await stock(t, "RACE-FO", net.east, 2);
    await stock(t, "RACE-FO", net.west, 2);
    const order = await placeOrder(t, orderBody(net, [{ sku: "RACE-FO", quantity: 2 }]));
    const [fo] = await fulfillmentOrders(t, order.id);
    const [a, b, c] = await Promise.all([
      t.admin.post(`/v1/fulfillment_orders/${fo.id}/reject`, { reason: "race" }),
      t.admin.post(`/v1/fulfillment_orders/${fo.id}/fulfil`, {}),
      t.admin.post(`/v1/fulfillment_orders/${fo.id}/reject`, { reason: "race again" }),
    ]);
    const statuses = [a.status, b.status, c.status];
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
    const east = await level(t, "RACE-FO", net.east);
    const west = await level(t, "RACE-FO", net.west);
    if (b.status === 200) {
      expect(east).toMatchObject({ on_hand: 0, committed: 0 });
      expect(west.committed).toBe(0);
    } else {
      expect(east).toMatchObject({ on_hand: 2, committed: 0 });
      expect(west.committed).toBe(2);
    }
    expect(ok(await t.admin.get("/v1/inventory_checks")).ok).toBe(true);
  });

  it("backorders by policy when nowhere else has stock", async () => {
    await product(t, net, "REJ-2", { backorder_policy: "allow" });
    await stock(t, "REJ-2", net.east, 1);
    const order = await placeOrder(t, orderBody(net, [{ sku: "REJ-2", quantity: 1 }]));
    const [fo] = await fulfillmentOrders(t, order.id);
    const r = ok(await t.admin.post(`/v1/fulfillment_orders/${fo.id}/reject`, { reason: "damaged unit" }));
    expect(r.resourced_to).toEqual([]);
    expect(r.backordered).toEqual([{ order_line_id: fo.lines[0].order_line_id, sku: "REJ-2", quantity: 1 }]);
    const o = ok(await t.admin.get(`/v1/orders/${order.id}`));
    expect(o.status).toBe("backordered");
    expect(o.lines[0]).toMatchObject({ committed: 0, backordered: 1, allocations: [] });
    expect((await level(t, "REJ-2", net.east)).committed).toBe(0);
    const entry = (await timeline(order.id)).find((e) => e.type === "order.resourced");
    expect(entry.message).toContain("backordered 1 × REJ-2");
  });

  it("a rejected pickup is backordered (the customer chose that store) and says so", async () => {
    await product(t, net, "PICK-REJ");
    await stock(t, "PICK-REJ", net.store2, 1);
    const order = await placeOrder(
      t,
      orderBody(net, [{ sku: "PICK-REJ", quantity: 1 }], {
        requested_fulfillment: "pickup",
        pickup_location_id: net.store2,
        shipping_address: undefined,
      }),
    );
    const [fo] = await fulfillmentOrders(t, order.id);
    const store = await t.as("store");
    const r = ok(await store.post(`/v1/fulfillment_orders/${fo.id}/reject`, { reason: "unit damaged" }));
    expect(r.resourced_to).toEqual([]);
    expect(r.backordered).toMatchObject([{ sku: "PICK-REJ", quantity: 1 }]);
    expect((await level(t, "PICK-REJ", net.store2)).committed).toBe(0);
    expect(ok(await t.admin.get(`/v1/orders/${order.id}`)).status).toBe("backordered");
  });

  it("a shortage re-sources only the missing units", async () => {
    await product(t, net, "SHORT-1");
    await stock(t, "SHORT-1", net.east, 4);
    await stock(t, "SHORT-1", net.west, 4);
    const order = await placeOrder(t, orderBody(net, [{ sku: "SHORT-1", quantity: 3 }]));
    const [fo] = await fulfillmentOrders(t, order.id);
    const lineId = fo.lines[0].order_line_id;
    const bad = await t.admin.post(`/v1/fulfillment_orders/${fo.id}/shortage`, {
      lines: [{ order_line_id: lineId, quantity: 4 }],
    });
    expect(bad.status).toBe(422);
    const r = ok(
      await t.admin.post(`/v1/fulfillment_orders/${fo.id}/shortage`, {
        lines: [{ order_line_id: lineId, quantity: 1 }],
        reason: "bin empty",
      }),
    );
    expect(r.fulfillment_order).toMatchObject({
      status: "open",
      lines: [{ quantity: 2, shortage_quantity: 1 }],
    });
    expect(r.resourced_to).toMatchObject([{ location_id: net.west, lines: [{ quantity: 1 }] }]);
    expect((await level(t, "SHORT-1", net.east)).committed).toBe(2);
    expect((await level(t, "SHORT-1", net.west)).committed).toBe(1);
    const o = ok(await t.admin.get(`/v1/orders/${order.id}`));
    expect(o.lines[0].committed).toBe(3);
    expect(o.lines[0].allocations).toEqual(
      expect.arrayContaining([
        { location_id: net.east, quantity: 2 },
        { location_id: net.west, quantity: 1 },
      ]),
    );
  });

  it("stock arriving for a backorder gives the location a fulfillment order", async () => {
    await product(t, net, "BACK-1", { backorder_policy: "allow" });
    const order = await placeOrder(t, orderBody(net, [{ sku: "BACK-1", quantity: 2 }]));
    expect(order.status).toBe("backordered");
    expect(await fulfillmentOrders(t, order.id)).toEqual([]);
    await stock(t, "BACK-1", net.west, 5);
    const fos = await fulfillmentOrders(t, order.id);
    expect(fos).toMatchObject([
      { location_id: net.west, status: "open", lines: [{ sku: "BACK-1", quantity: 2 }] },
    ]);
    expect(fos[0].promised_delivery_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ok(await t.admin.get(`/v1/orders/${order.id}`)).status).toBe("open");
    // …and it can be fulfilled like any other.
    ok(await t.admin.post(`/v1/fulfillment_orders/${fos[0].id}/fulfil`, {}));
    expect(await level(t, "BACK-1", net.west)).toMatchObject({ on_hand: 3, committed: 0 });
  });

  it("cancelling the order cancels its fulfillment orders", async () => {
    await product(t, net, "CANC-1");
    await stock(t, "CANC-1", net.east, 2);
    const order = await placeOrder(t, orderBody(net, [{ sku: "CANC-1", quantity: 2 }]));
    ok(await t.admin.post(`/v1/orders/${order.id}/cancel`, { reason: "customer changed mind" }));
    const [fo] = await fulfillmentOrders(t, order.id);
    expect(fo.status).toBe("cancelled");
    expect((await level(t, "CANC-1", net.east)).committed).toBe(0);
  });
});
