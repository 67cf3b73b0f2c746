import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
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

describe("sourcing rules API", () => {
  it("creates, reads, changes and deletes rules; one rule per channel × fulfillment type", async () => {
    const created = ok(
      await t.admin.post(
        "/v1/sourcing_rules",
        {
          name: "Web ship",
          channel_id: net.channel,
          fulfillment_type: "ship",
          settings: { max_splits: 2, cost_weights: { split_penalty: 900 } },
        },
        { "idempotency-key": "rule-1" },
      ),
      201,
    );
    expect(created).toMatchObject({ fulfillment_type: "ship", active: true, settings: { max_splits: 2 } });
    expect(created.channel_id).toMatch(/^chn_/);
    const replay = await t.admin.post(
      "/v1/sourcing_rules",
      {
        name: "Web ship",
        channel_id: net.channel,
        fulfillment_type: "ship",
        settings: { max_splits: 2, cost_weights: { split_penalty: 900 } },
      },
      { "idempotency-key": "rule-1" },
    );
    expect(replay.body.id).toBe(created.id);
    const dup = await t.admin.post("/v1/sourcing_rules", {
      name: "Again",
      channel_id: net.channel,
      fulfillment_type: "ship",
    });
    expect(dup.status).toBe(409);
    expect(dup.body.existing_id).toBe(created.id);

    const effective = ok(
      await t.admin.get(`/v1/sourcing_rules/effective?channel=${net.channel}&fulfillment_type=ship`),
    );
    expect(effective).toMatchObject({
      rule_id: created.id,
      settings: {
        max_splits: 2,
        cost_weights: { split_penalty: 900, shipping: 1 },
        allowed_location_types: ["warehouse", "store", "dropship"],
      },
    });
    // Another fulfillment type falls back to the defaults.
    const pickup = ok(
      await t.admin.get(`/v1/sourcing_rules/effective?channel=${net.channel}&fulfillment_type=pickup`),
    );
    expect(pickup.rule_id).toBeNull();
    expect(pickup.settings.max_splits).toBe(4);

    const changed = ok(
      await t.admin.patch(`/v1/sourcing_rules/${created.id}`, { settings: { max_splits: 1 } }),
    );
    expect(changed.settings).toEqual({ max_splits: 1 });
    const list = ok(await t.admin.get("/v1/sourcing_rules"));
    expect(list.data.map((r: any) => r.id)).toContain(created.id);
    expect((await t.admin.delete(`/v1/sourcing_rules/${created.id}`)).status).toBe(204);
    expect((await t.admin.get(`/v1/sourcing_rules/${created.id}`)).status).toBe(404);
    const audit = ok(await t.admin.get(`/v1/audit_events?resource_id=${created.id}`));
    expect(audit.data.map((a: any) => a.action).sort()).toEqual([
      "sourcing_rule.created",
      "sourcing_rule.deleted",
      "sourcing_rule.updated",
    ]);
  });

  it("rejects bad rules without writing anything", async () => {
    const before = await t.rowCounts();
    const bad = [
      { name: "x", settings: { max_splits: 0 } },
      { name: "x", settings: { unknown: 1 } },
      { name: "x", settings: { allowed_location_types: ["moon"] } },
      { name: "x", fulfillment_type: "teleport" },
      { name: "", settings: {} },
    ];
    for (const body of bad) expect((await t.admin.post("/v1/sourcing_rules", body)).status).toBe(400);
    expect((await t.admin.post("/v1/sourcing_rules", { name: "x", channel_id: "nope" })).status).toBe(422);
    expect(
      (
        await t.admin.post("/v1/sourcing_rules", {
          name: "x",
          settings: { store_open_hour: 20, store_close_hour: 8 },
        })
      ).status,
    ).toBe(422);
    const after = await t.rowCounts();
    expect(after.sourcing_rules).toBe(before.sourcing_rules);
    expect(after.audit_events).toBe(before.audit_events);
  });

  it("needs settings permissions", async () => {
    const agent = await t.as("agent");
    expect((await agent.get("/v1/sourcing_rules")).status).toBe(200);
    expect((await agent.post("/v1/sourcing_rules", { name: "no" })).status).toBe(403);
  });
});

describe("rules steer sourcing", () => {
  it("allowed location types keep orders away from stores, and the explanation says so", async () => {
    await product(t, net, "RULE-1");
    await stock(t, "RULE-1", net.store, 5); // nearest to the customer
    await stock(t, "RULE-1", net.west, 5);
    const rule = ok(
      await t.admin.post("/v1/sourcing_rules", {
        name: "Warehouses only",
        channel_id: net.channel,
        fulfillment_type: "ship",
        settings: { allowed_location_types: ["warehouse"] },
      }),
      201,
    );
    try {
      const order = await placeOrder(t, orderBody(net, [{ sku: "RULE-1", quantity: 1 }]));
      expect((await fulfillmentOrders(t, order.id)).map((f) => f.location_id)).toEqual([net.west]);
      const [decision] = ok(await t.admin.get(`/v1/orders/${order.id}/sourcing`)).data;
      expect(decision.rule_id).toBe(rule.id);
      expect(decision.excluded).toContainEqual({
        location_id: net.store,
        reason: "type_not_allowed",
        detail: "its location type is not allowed by the sourcing rule",
      });
    } finally {
      await t.admin.delete(`/v1/sourcing_rules/${rule.id}`);
    }
    // Without the rule the nearby store ships it.
    const order = await placeOrder(t, orderBody(net, [{ sku: "RULE-1", quantity: 1 }]));
    expect((await fulfillmentOrders(t, order.id)).map((f) => f.location_id)).toEqual([net.store]);
  });

  it("location priorities from a rule break ties between equally good locations", async () => {
    const twin = async (name: string) =>
      ok(
        await t.admin.post("/v1/locations", {
          code: `${name.replace(" ", "-")}-${Date.now().toString(36)}`,
          name,
          type: "warehouse",
          country: "US",
          postal_code: "60601",
          capabilities: ["ship"],
          priority: 10,
        }),
        201,
      ).id as string;
    const a = await twin("Chicago A");
    const b = await twin("Chicago B");
    const ch = ok(
      await t.admin.post("/v1/channels", {
        code: `chi-${Date.now().toString(36)}`,
        name: "Chicago web",
        type: "web",
        currency: "USD",
        price_list_id: net.priceList,
        location_ids: [a, b],
      }),
      201,
    );
    await product(t, net, "PRIO-1");
    await stock(t, "PRIO-1", a, 5);
    await stock(t, "PRIO-1", b, 5);
    const chicago = { ...orderBody(net, [{ sku: "PRIO-1", quantity: 1 }]), channel: ch.code };
    chicago.shipping_address = {
      ...chicago.shipping_address,
      city: "Chicago",
      region: "IL",
      postal_code: "60601",
    };
    const rule = ok(
      await t.admin.post("/v1/sourcing_rules", {
        name: "Prefer B",
        channel_id: ch.id,
        settings: { location_priorities: { [b]: 1, [a]: 50 } },
      }),
      201,
    );
    const first = await placeOrder(t, chicago);
    expect((await fulfillmentOrders(t, first.id)).map((f) => f.location_id)).toEqual([b]);
    ok(
      await t.admin.patch(`/v1/sourcing_rules/${rule.id}`, {
        settings: { location_priorities: { [a]: 1, [b]: 50 } },
      }),
    );
    const second = await placeOrder(t, { ...chicago, email: "other@example.com" });
    expect((await fulfillmentOrders(t, second.id)).map((f) => f.location_id)).toEqual([a]);
  });

  it("a location's daily capacity is honoured: when it is full, orders go elsewhere", async () => {
    const small = ok(
      await t.admin.post("/v1/locations", {
        code: `tiny-${Date.now().toString(36)}`,
        name: "Tiny DC",
        type: "warehouse",
        country: "US",
        postal_code: "10001",
        capabilities: ["ship"],
        daily_capacity: 1,
      }),
      201,
    ).id as string;
    const ch = ok(
      await t.admin.post("/v1/channels", {
        code: `cap-${Date.now().toString(36)}`,
        name: "Capacity web",
        type: "web",
        currency: "USD",
        price_list_id: net.priceList,
        location_ids: [small, net.west],
      }),
      201,
    );
    await product(t, net, "CAP-1");
    await stock(t, "CAP-1", small, 10);
    await stock(t, "CAP-1", net.west, 10);
    const body = { ...orderBody(net, [{ sku: "CAP-1", quantity: 1 }]), channel: ch.code };
    const first = await placeOrder(t, body);
    expect((await fulfillmentOrders(t, first.id)).map((f) => f.location_id)).toEqual([small]);
    const second = await placeOrder(t, body);
    expect((await fulfillmentOrders(t, second.id)).map((f) => f.location_id)).toEqual([net.west]);
    const [decision] = ok(await t.admin.get(`/v1/orders/${second.id}/sourcing`)).data;
    expect(decision.excluded).toContainEqual(
      expect.objectContaining({ location_id: small, reason: "no_capacity" }),
    );
  });

  it("max_splits 1 keeps an order in one place: what one location cannot cover is backordered", async () => {
    await product(t, net, "MS-A", { backorder_policy: "allow" });
    await product(t, net, "MS-B", { backorder_policy: "allow" });
    await stock(t, "MS-A", net.east, 2);
    await stock(t, "MS-B", net.west, 2);
    const rule = ok(
      await t.admin.post("/v1/sourcing_rules", {
        name: "No splits",
        channel_id: net.channel,
        settings: { max_splits: 1 },
      }),
      201,
    );
    try {
      const order = await placeOrder(
        t,
        orderBody(net, [
          { sku: "MS-A", quantity: 1 },
          { sku: "MS-B", quantity: 1 },
        ]),
      );
      const fos = await fulfillmentOrders(t, order.id);
      expect(fos).toHaveLength(1);
      expect(order.status).toBe("backordered");
      expect(order.fulfillment).toMatchObject({ committed: 1, backordered: 1 });
    } finally {
      await t.admin.delete(`/v1/sourcing_rules/${rule.id}`);
    }
  });

  it("store protection (by rule) keeps a store's last unit for walk-in customers", async () => {
    await product(t, net, "PROT-1");
    await stock(t, "PROT-1", net.store, 1);
    await stock(t, "PROT-1", net.west, 1);
    const rule = ok(
      await t.admin.post("/v1/sourcing_rules", {
        name: "Protect stores",
        settings: { store_protection: { never_ship_last_unit: true } },
      }),
      201,
    );
    try {
      const order = await placeOrder(t, orderBody(net, [{ sku: "PROT-1", quantity: 1 }]));
      expect((await fulfillmentOrders(t, order.id)).map((f) => f.location_id)).toEqual([net.west]);
      const [decision] = ok(await t.admin.get(`/v1/orders/${order.id}/sourcing`)).data;
      expect(decision.excluded).toContainEqual(
        expect.objectContaining({ location_id: net.store, reason: "store_protection" }),
      );
      expect((await level(t, "PROT-1", net.store)).committed).toBe(0);
    } finally {
      await t.admin.delete(`/v1/sourcing_rules/${rule.id}`);
    }
  });
});

describe("GET /v1/orders/:id/sourcing", () => {
  it("shows candidates, cost breakdowns, exclusions, the chosen plan and solver time", async () => {
    await product(t, net, "EXP-1", { weight_grams: 2000 });
    await stock(t, "EXP-1", net.east, 2);
    await stock(t, "EXP-1", net.west, 2);
    const order = await placeOrder(t, orderBody(net, [{ sku: "EXP-1", quantity: 2 }]));
    const body = ok(await t.admin.get(`/v1/orders/${order.id}/sourcing`));
    expect(body.data).toHaveLength(1);
    const d = body.data[0];
    expect(d).toMatchObject({ order_id: order.id, trigger: "capture", fulfillment_type: "ship" });
    expect(d.destination).toMatchObject({ country: "US", precision: "postal_code" });
    expect(d.chosen.location_ids).toEqual([net.east]);
    expect(d.chosen.allocations).toEqual([
      { line_id: order.lines[0].id, sku: "EXP-1", location_id: net.east, quantity: 2 },
    ]);
    const c = d.chosen.cost;
    expect(c.total).toBeCloseTo(c.shipping + c.handling + c.split_penalty + c.late_penalty, 5);
    expect(d.chosen.packages[0]).toMatchObject({ location_id: net.east, weight_grams: 4000 });
    const east = d.candidates.find((x: any) => x.location_id === net.east);
    const west = d.candidates.find((x: any) => x.location_id === net.west);
    expect(east).toMatchObject({ chosen: true, coverable_units: 2 });
    expect(west).toMatchObject({ chosen: false, coverable_units: 2 });
    expect(west.distance_km).toBeGreaterThan(3000);
    expect(east.distance_km).toBeLessThan(50);
    expect(west.package_fixed_cost).toBeGreaterThan(east.package_fixed_cost);
    expect(d.alternatives.length).toBeGreaterThan(0);
    // The Manhattan store ships too but has none; the pickup-only store is not eligible for shipping at all.
    expect(d.excluded).toContainEqual(
      expect.objectContaining({ location_id: net.store, reason: "no_stock" }),
    );
    expect(d.candidates.map((x: any) => x.location_id)).not.toContain(net.store2);
    expect(d.solver).toMatchObject({ proven_optimal: true });
    expect(d.solver.time_ms).toBeGreaterThanOrEqual(0);
    expect((await t.admin.get("/v1/orders/ord_missing/sourcing")).status).toBe(404);
    const warehouse = await t.as("warehouse");
    expect((await warehouse.get(`/v1/orders/${order.id}/sourcing`)).status).toBe(200);
  });
});
