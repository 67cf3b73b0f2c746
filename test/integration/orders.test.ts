import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, startTestApp, type TestApp } from "../support/harness.js";
import { address, level, ok, orderBody, product, stock, type World, world } from "./orders-fixtures.js";

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  w = await world(t);
  ok(await t.admin.request("PUT", "/v1/tax_rates", { country: "US", rate_bps: 500, name: "US" }));
  ok(
    await t.admin.request("PUT", "/v1/tax_rates", {
      country: "US",
      region: "NY",
      rate_bps: 887,
      name: "New York",
    }),
  );
});
afterAll(() => t.close());

describe("capture", () => {
  it("captures a priced order, commits stock and numbers it", async () => {
    await product(t, w, "CAP-1", 1999, {}, [{ min_quantity: 10, amount: 1500 }]);
    await product(t, w, "CAP-2", 500);
    await stock(t, "CAP-1", w.warehouse, 20);
    await stock(t, "CAP-2", w.store, 5);
    const o = ok(
      await t.admin.post(
        "/v1/orders",
        orderBody(
          w,
          [
            { sku: "CAP-1", quantity: 10 },
            { sku: "CAP-2", quantity: 2 },
          ],
          { tags: ["vip"] },
        ),
        {
          "idempotency-key": "cap-1",
        },
      ),
      201,
    );
    expect(o.id).toMatch(/^ord_/);
    expect(o.number).toBeGreaterThan(10000);
    expect(o.status).toBe("open");
    expect(o.lines.map((l: any) => [l.sku, l.unit_price, l.committed, l.location_id])).toEqual([
      ["CAP-1", 1500, 10, w.warehouse],
      ["CAP-2", 500, 2, w.store],
    ]);
    expect(o.totals.subtotal).toBe(16000);
    expect(o.tax_rate_bps).toBe(887);
    const sumLines = o.lines.reduce((a: number, l: any) => a + l.total, 0);
    expect(o.totals.grand_total).toBe(
      sumLines + o.totals.shipping_total + Math.round((o.totals.shipping_total * 887) / 10000),
    );
    expect((await level(t, "CAP-1", w.warehouse)).committed).toBe(10);
    const again = await t.admin.post(
      "/v1/orders",
      orderBody(
        w,
        [
          { sku: "CAP-1", quantity: 10 },
          { sku: "CAP-2", quantity: 2 },
        ],
        { tags: ["vip"] },
      ),
      {
        "idempotency-key": "cap-1",
      },
    );
    expect(again.body.id).toBe(o.id);
    expect((await level(t, "CAP-1", w.warehouse)).committed).toBe(10);
    const got = ok(await t.admin.get(`/v1/orders/${o.id}`));
    expect(got).toEqual(o);
    const tl = ok(await t.admin.get(`/v1/orders/${o.id}/timeline`));
    expect(tl.data[0]).toMatchObject({ type: "order.created", actor: { type: "api_key" } });
  });
});

const totalsAddUp = (o: any) => {
  const s = (k: string) => o.lines.reduce((a: number, l: any) => a + l[k], 0);
  expect(o.totals.subtotal).toBe(s("subtotal"));
  expect(o.totals.discount_total).toBe(s("discount"));
  expect(o.totals.grand_total).toBe(
    o.totals.subtotal - o.totals.discount_total + o.totals.shipping_total + o.totals.tax_total,
  );
  expect(o.totals.grand_total).toBe(s("total") + o.totals.shipping_total + (o.totals.tax_total - s("tax")));
  for (const l of o.lines) {
    expect(l.quantity).toBe(
      l.pending + l.committed + l.backordered + l.shipped + l.delivered + l.returned + l.cancelled,
    );
    expect(l.subtotal).toBe(l.unit_price * (l.quantity - l.cancelled));
    expect(l.committed).toBe(l.allocations.reduce((a: number, x: any) => a + x.quantity, 0));
  }
};

describe("lifecycle: edit → partial cancel → cancel", () => {
  it("keeps timeline, totals, stock and status consistent", async () => {
    await product(t, w, "LC-A", 2500);
    await product(t, w, "LC-B", 1000);
    await product(t, w, "LC-C", 700);
    for (const s of ["LC-A", "LC-B", "LC-C"]) await stock(t, s, w.warehouse, 50);
    ok(await t.admin.post("/v1/promo_codes", { code: "TENOFF", kind: "percentage", value: 1000 }), 201);
    const agent = await t.as("agent");
    const o = ok(
      await agent.post(
        "/v1/orders",
        orderBody(
          w,
          [
            { sku: "LC-A", quantity: 2 },
            { sku: "LC-B", quantity: 3 },
          ],
          { promo_code: "tenoff" },
        ),
      ),
      201,
    );
    totalsAddUp(o);
    expect(o.totals.discount_total).toBe(800);
    expect(o.promo_code).toBe("TENOFF");

    // Edit: change a quantity, remove a line, add a line with an agent's price override, new address.
    const lineA = o.lines.find((l: any) => l.sku === "LC-A");
    const lineB = o.lines.find((l: any) => l.sku === "LC-B");
    const edited = ok(
      await agent.post(`/v1/orders/${o.id}/edit`, {
        expected_version: 1,
        update_lines: [{ line_id: lineA.id, quantity: 4 }],
        remove_lines: [lineB.id],
        add_lines: [{ sku: "LC-C", quantity: 5, unit_price: 500, price_override_reason: "damaged box" }],
        shipping_address: address({ line1: "2 Other St" }),
        reason: "customer called",
      }),
    );
    totalsAddUp(edited);
    expect(edited.version).toBe(2);
    expect(edited.lines.map((l: any) => [l.sku, l.quantity, l.committed, l.unit_price])).toEqual([
      ["LC-A", 4, 4, 2500],
      ["LC-C", 5, 5, 500],
    ]);
    expect(edited.shipping_address.line1).toBe("2 Other St");
    expect((await level(t, "LC-A", w.warehouse)).committed).toBe(4);
    expect((await level(t, "LC-B", w.warehouse)).committed).toBe(0);
    expect((await level(t, "LC-C", w.warehouse)).committed).toBe(5);
    const versions = ok(await t.admin.get(`/v1/orders/${o.id}/versions`));
    expect(versions.data).toHaveLength(1);
    expect(versions.data[0].order.lines.map((l: any) => l.sku)).toEqual(["LC-A", "LC-B"]);
    // A stale version is refused and changes nothing.
    const stale = await agent.post(`/v1/orders/${o.id}/edit`, {
      expected_version: 1,
      update_lines: [{ line_id: lineA.id, quantity: 1 }],
    });
    expect(stale.status).toBe(409);

    // Partial cancel: 3 of the 4 A's.
    const partial = ok(
      await agent.post(`/v1/orders/${o.id}/cancel`, {
        reason: "changed mind",
        lines: [{ line_id: lineA.id, quantity: 3 }],
      }),
    );
    totalsAddUp(partial);
    expect(partial.status).toBe("open");
    expect(partial.lines[0]).toMatchObject({ quantity: 4, committed: 1, cancelled: 3, subtotal: 2500 });
    expect((await level(t, "LC-A", w.warehouse)).committed).toBe(1);
    expect(partial.totals.grand_total).toBeLessThan(edited.totals.grand_total);
    const tooMany = await agent.post(`/v1/orders/${o.id}/cancel`, {
      reason: "x",
      lines: [{ line_id: lineA.id, quantity: 2 }],
    });
    expect(tooMany.status).toBe(422);

    // Full cancel: everything left, all stock released.
    const cancelled = ok(await agent.post(`/v1/orders/${o.id}/cancel`, { reason: "fraud suspected" }));
    totalsAddUp(cancelled);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.cancelled_at).not.toBeNull();
    expect(cancelled.totals.grand_total).toBe(0);
    expect(cancelled.releasable_to_fulfillment).toBe(false);
    expect((await level(t, "LC-A", w.warehouse)).committed).toBe(0);
    expect((await level(t, "LC-C", w.warehouse)).committed).toBe(0);
    expect((await agent.post(`/v1/orders/${o.id}/cancel`, { reason: "again" })).status).toBe(409);
    expect((await agent.post(`/v1/orders/${o.id}/edit`, { notes: "too late" })).status).toBe(409);

    const tl = ok(await t.admin.get(`/v1/orders/${o.id}/timeline`));
    expect(tl.data.map((e: any) => e.type)).toEqual([
      "order.created",
      "order.edited",
      "order.lines_cancelled",
      "order.cancelled",
    ]);
    for (const e of tl.data) {
      expect(e.actor).toMatchObject({ type: "user", name: "Test agent" });
      expect(Date.parse(e.created_at)).not.toBeNaN();
    }
    expect(tl.data[1].message).toContain("customer called");
    expect(ok(await t.admin.get(`/v1/inventory_checks`)).ok).toBe(true);

    // The outbox carries each change with the order as the API returns it.
    const events = ok(await t.admin.get(`/v1/events?resource_id=${o.id}&limit=50`)).data;
    const types = events.map((e: any) => e.type);
    expect(types).toEqual(expect.arrayContaining(["order.created", "order.updated", "order.cancelled"]));
    const created = events.find((e: any) => e.type === "order.created");
    expect(created.data).toMatchObject({
      id: o.id,
      number: o.number,
      email: "jane@example.com",
      customer_name: "Jane Doe",
      totals: o.totals,
      lines: [
        expect.objectContaining({
          sku: "LC-A",
          // The product's title and the variant's, as they were at capture.
          title: "Product LC-A — Item LC-A",
          product_title: "Product LC-A",
          variant_title: "Item LC-A",
          quantity: 2,
        }),
      ].concat([expect.objectContaining({ sku: "LC-B", quantity: 3 })]),
    });
    expect(events.find((e: any) => e.type === "order.cancelled").data.status).toBe("cancelled");
  });
});

describe("holds", () => {
  it("rules hold high-value and country-mismatch orders; agents hold and release with a reason", async () => {
    await product(t, w, "HOLD-1", 300_000);
    await stock(t, "HOLD-1", w.warehouse, 10);
    const big = ok(await t.admin.post("/v1/orders", orderBody(w, [{ sku: "HOLD-1", quantity: 1 }])), 201);
    expect(big.on_hold).toBe(true);
    expect(big.holds).toMatchObject([{ type: "fraud", source: "rule", released_at: null }]);
    expect(big.releasable_to_fulfillment).toBe(false);
    const released = ok(
      await t.admin.post(`/v1/orders/${big.id}/holds/${big.holds[0].id}/release`, {
        reason: "called the customer",
      }),
    );
    expect(released.on_hold).toBe(false);
    expect(released.releasable_to_fulfillment).toBe(true);
    expect(released.holds[0]).toMatchObject({ release_reason: "called the customer" });
    expect(
      (await t.admin.post(`/v1/orders/${big.id}/holds/${big.holds[0].id}/release`, { reason: "again" }))
        .status,
    ).toBe(409);

    await product(t, w, "HOLD-2", 1000);
    await stock(t, "HOLD-2", w.warehouse, 10);
    const mismatch = ok(
      await t.admin.post(
        "/v1/orders",
        orderBody(w, [{ sku: "HOLD-2", quantity: 1 }], {
          billing_address: address({ country: "FR", postal_code: "75001", region: undefined }),
        }),
      ),
      201,
    );
    expect(mismatch.holds.map((h: any) => h.reason)).toEqual([expect.stringContaining("differs")]);

    const plain = ok(await t.admin.post("/v1/orders", orderBody(w, [{ sku: "HOLD-2", quantity: 1 }])), 201);
    expect(plain.on_hold).toBe(false);
    const held = ok(
      await t.admin.post(`/v1/orders/${plain.id}/holds`, { type: "payment", reason: "card declined" }),
      201,
    );
    expect(held.on_hold).toBe(true);
    const search = ok(await t.admin.get("/v1/orders?hold=payment"));
    expect(search.data.map((x: any) => x.id)).toEqual([plain.id]);
    expect(ok(await t.admin.get("/v1/orders?hold=any")).data.map((x: any) => x.id)).toEqual(
      expect.arrayContaining([plain.id, mismatch.id]),
    );
    const tl = ok(await t.admin.get(`/v1/orders/${big.id}/timeline`));
    expect(tl.data.map((e: any) => e.type)).toEqual(["order.created", "order.held", "order.released"]);
  });
});

describe("drafts, backorders, preorders, pickup, kits, promo limits", () => {
  it("a draft commits nothing until placed", async () => {
    await product(t, w, "DRAFT-1", 1200);
    await stock(t, "DRAFT-1", w.warehouse, 5);
    const d = ok(
      await t.admin.post("/v1/orders", orderBody(w, [{ sku: "DRAFT-1", quantity: 2 }], { draft: true })),
      201,
    );
    expect(d.status).toBe("draft");
    expect(d.lines[0]).toMatchObject({ pending: 2, committed: 0 });
    expect((await level(t, "DRAFT-1", w.warehouse)).committed).toBe(0);
    const e = ok(
      await t.admin.post(`/v1/orders/${d.id}/edit`, {
        update_lines: [{ line_id: d.lines[0].id, quantity: 3 }],
      }),
    );
    expect(e.lines[0]).toMatchObject({ pending: 3, committed: 0 });
    const placed = ok(await t.admin.post(`/v1/orders/${d.id}/place`));
    expect(placed.status).toBe("open");
    expect(placed.placed_at).not.toBeNull();
    expect((await level(t, "DRAFT-1", w.warehouse)).committed).toBe(3);
    expect((await t.admin.post(`/v1/orders/${d.id}/place`)).status).toBe(409);
  });

  it("backorders and preorders follow the SKU's policy", async () => {
    await product(t, w, "BO-1", 1000, { backorder_policy: "allow" });
    await stock(t, "BO-1", w.warehouse, 1);
    const o = ok(await t.admin.post("/v1/orders", orderBody(w, [{ sku: "BO-1", quantity: 3 }])), 201);
    expect(o.status).toBe("backordered");
    expect(o.lines[0]).toMatchObject({ committed: 1, backordered: 2, preorder: false });
    await product(t, w, "PRE-1", 1000, {
      backorder_policy: "preorder",
      available_from: "2099-01-01T00:00:00Z",
    });
    await stock(t, "PRE-1", w.warehouse, 10);
    const p = ok(await t.admin.post("/v1/orders", orderBody(w, [{ sku: "PRE-1", quantity: 1 }])), 201);
    expect(p.lines[0]).toMatchObject({ committed: 0, backordered: 1, preorder: true });
    expect((await level(t, "PRE-1", w.warehouse)).committed).toBe(0);
  });

  it("pickup commits at the chosen store and taxes at the store", async () => {
    await product(t, w, "PICK-1", 1000);
    await stock(t, "PICK-1", w.warehouse, 10);
    await stock(t, "PICK-1", w.store, 2);
    const o = ok(
      await t.admin.post("/v1/orders", {
        channel: w.channel,
        email: "p@example.com",
        lines: [{ sku: "PICK-1", quantity: 2 }],
        requested_fulfillment: "pickup",
        pickup_location_id: w.store,
      }),
      201,
    );
    expect(o.lines[0].allocations).toEqual([{ location_id: w.store, quantity: 2 }]);
    expect(o.totals.shipping_total).toBe(0);
    expect(o.tax_rate_bps).toBe(887);
  });

  it("kits commit their components", async () => {
    await product(t, w, "KIT-PART-1", 100);
    await product(t, w, "KIT-PART-2", 100);
    await stock(t, "KIT-PART-1", w.warehouse, 10);
    await stock(t, "KIT-PART-2", w.warehouse, 10);
    await product(t, w, "KIT-1", 1500, {
      components: [
        { sku: "KIT-PART-1", quantity: 2 },
        { sku: "KIT-PART-2", quantity: 1 },
      ],
    });
    const o = ok(await t.admin.post("/v1/orders", orderBody(w, [{ sku: "KIT-1", quantity: 3 }])), 201);
    expect(o.lines[0]).toMatchObject({ committed: 3, location_id: w.warehouse });
    expect((await level(t, "KIT-PART-1", w.warehouse)).committed).toBe(6);
    expect((await level(t, "KIT-PART-2", w.warehouse)).committed).toBe(3);
    const short = await t.admin.post("/v1/orders", orderBody(w, [{ sku: "KIT-1", quantity: 3 }]));
    expect(short.status).toBe(409);
    expect(short.body.sku).toBe("KIT-1");
    ok(await t.admin.post(`/v1/orders/${o.id}/cancel`, { reason: "test" }));
    expect((await level(t, "KIT-PART-1", w.warehouse)).committed).toBe(0);
  });

  it("a backordered kit is filled when its missing component arrives, first come first served", async () => {
    await product(t, w, "KBO-PART-1", 100);
    await product(t, w, "KBO-PART-2", 100);
    await stock(t, "KBO-PART-1", w.warehouse, 10);
    await product(t, w, "KBO-KIT", 1500, {
      backorder_policy: "allow",
      components: [
        { sku: "KBO-PART-1", quantity: 2 },
        { sku: "KBO-PART-2", quantity: 1 },
      ],
    });
    // Both orders wait: no KBO-PART-2 anywhere.
    const first = ok(await t.admin.post("/v1/orders", orderBody(w, [{ sku: "KBO-KIT", quantity: 2 }])), 201);
    const second = ok(await t.admin.post("/v1/orders", orderBody(w, [{ sku: "KBO-KIT", quantity: 2 }])), 201);
    expect(first.lines[0]).toMatchObject({ committed: 0, backordered: 2 });
    expect(second.status).toBe("backordered");
    // Three of the missing component arrive: enough for the first order's two kits and one more.
    await stock(t, "KBO-PART-2", w.warehouse, 3);
    const filled = ok(await t.admin.get(`/v1/orders/${first.id}`));
    expect(filled.lines[0]).toMatchObject({ committed: 2, backordered: 0 });
    expect(filled.status).not.toBe("backordered");
    const partly = ok(await t.admin.get(`/v1/orders/${second.id}`));
    expect(partly.lines[0]).toMatchObject({ committed: 1, backordered: 1 });
    expect(await level(t, "KBO-PART-1", w.warehouse)).toMatchObject({ committed: 6, available: 4 });
    expect(await level(t, "KBO-PART-2", w.warehouse)).toMatchObject({ committed: 3, available: 0 });
    const timeline = ok(await t.admin.get(`/v1/orders/${first.id}/timeline`));
    expect(timeline.data.map((e: any) => e.type)).toContain("order.backorder_allocated");
    expect(ok(await t.admin.get("/v1/inventory_checks")).ok).toBe(true);
  });

  it("an edited shipping address re-sources the order for where it now goes, and re-taxes it", async () => {
    const west = ok(
      await t.admin.post("/v1/locations", {
        code: `west-${Date.now().toString(36)}`,
        name: "West warehouse",
        type: "warehouse",
        country: "US",
        region: "CA",
        postal_code: "90012",
        capabilities: ["ship"],
      }),
      201,
    );
    const channel = ok(
      await t.admin.post("/v1/channels", {
        code: `coast-${Date.now().toString(36)}`,
        name: "Coast to coast",
        type: "web",
        currency: "USD",
        price_list_id: w.priceList,
        location_ids: [w.warehouse, west.id],
      }),
      201,
    );
    ok(
      await t.admin.request("PUT", "/v1/tax_rates", {
        country: "US",
        region: "CA",
        rate_bps: 725,
        name: "CA",
      }),
    );
    await product(t, w, "MOVE-1", 1000);
    await stock(t, "MOVE-1", w.warehouse, 5);
    await stock(t, "MOVE-1", west.id, 5);
    const o = ok(
      await t.admin.post("/v1/orders", {
        ...orderBody(w, [{ sku: "MOVE-1", quantity: 2 }]),
        channel: channel.code,
      }),
      201,
    );
    expect(o.lines[0].allocations).toEqual([{ location_id: w.warehouse, quantity: 2 }]);
    const moved = ok(
      await t.admin.post(`/v1/orders/${o.id}/edit`, {
        shipping_address: address({
          line1: "200 N Spring St",
          city: "Los Angeles",
          region: "CA",
          postal_code: "90012",
        }),
        reason: "customer moved",
      }),
    );
    expect(moved.lines[0].allocations).toEqual([{ location_id: west.id, quantity: 2 }]);
    expect(moved.tax_rate_bps).toBe(725);
    expect((await level(t, "MOVE-1", w.warehouse)).committed).toBe(0);
    expect((await level(t, "MOVE-1", west.id)).committed).toBe(2);
    const fos = ok(await t.admin.get(`/v1/fulfillment_orders?order_id=${o.id}`));
    const open = fos.data.filter((f: any) => f.status === "open");
    expect(open.map((f: any) => f.location_id)).toEqual([west.id]);
  });

  it("counts promo code uses safely under concurrency", async () => {
    await product(t, w, "PROMO-1", 1000);
    await stock(t, "PROMO-1", w.warehouse, 100);
    ok(
      await t.admin.post("/v1/promo_codes", {
        code: "FIRST5",
        kind: "fixed",
        value: 200,
        currency: "USD",
        usage_limit: 5,
      }),
      201,
    );
    const replies = await Promise.all(
      Array.from({ length: 15 }, () =>
        t.admin.post("/v1/orders", orderBody(w, [{ sku: "PROMO-1", quantity: 1 }], { promo_code: "FIRST5" })),
      ),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(5);
    expect(replies.filter((r) => r.status !== 201).every((r) => r.status === 409 || r.status === 422)).toBe(
      true,
    );
    const promos = ok(await t.admin.get("/v1/promo_codes"));
    expect(promos.data.find((p: any) => p.code === "FIRST5").used_count).toBe(5);
    expect((await level(t, "PROMO-1", w.warehouse)).committed).toBe(5);
  });
});

describe("customers and search", () => {
  it("creates customers with addresses and finds orders by every key", async () => {
    const c = ok(
      await t.admin.post("/v1/customers", {
        email: "Zed.Zulu@Example.com",
        first_name: "Zed",
        last_name: "Zulu",
        phone: "+1 212 555 0100",
        addresses: [{ label: "home", address: address({ name: "Zed Zulu" }), is_default_shipping: true }],
      }),
      201,
    );
    expect(c).toMatchObject({ email: "zed.zulu@example.com", phone: "+12125550100" });
    expect(c.addresses[0].address.country).toBe("US");
    expect(
      (
        await t.admin.post("/v1/customers", {
          email: "zed.zulu@example.com",
          first_name: "Z",
          last_name: "Z",
        })
      ).status,
    ).toBe(409);
    expect(
      (await t.admin.post("/v1/customers", { email: "bad", first_name: "Z", last_name: "Z" })).status,
    ).toBe(400);
    await product(t, w, "SRCH-1", 1000);
    await stock(t, "SRCH-1", w.warehouse, 100);
    const o = ok(
      await t.admin.post("/v1/orders", {
        channel: w.channel,
        customer_id: c.id,
        shipping_address: c.addresses[0].address,
        lines: [{ sku: "SRCH-1", quantity: 1 }],
        tags: ["gift", "vip"],
        external_ref: "SRCH-EXT-1",
      }),
      201,
    );
    expect(o).toMatchObject({ email: "zed.zulu@example.com", customer_name: "Zed Zulu", customer_id: c.id });
    const ids = async (q: string) => ok(await t.admin.get(`/v1/orders?${q}`)).data.map((x: any) => x.id);
    expect(await ids(`number=${o.number}`)).toEqual([o.id]);
    expect(await ids("email=ZED.ZULU@example.com")).toEqual([o.id]);
    expect(await ids(`customer_id=${c.id}`)).toEqual([o.id]);
    expect(await ids("name=zed")).toEqual([o.id]);
    expect(await ids("sku=SRCH-1")).toEqual([o.id]);
    expect(await ids("tag=gift")).toEqual([o.id]);
    expect(await ids("external_ref=SRCH-EXT-1")).toEqual([o.id]);
    expect(await ids(`channel=${w.channel}&sku=SRCH-1&status=open`)).toEqual([o.id]);
    expect(await ids("sku=SRCH-1&status=cancelled")).toEqual([]);
    expect(await ids(`sku=SRCH-1&created_from=${encodeURIComponent(o.created_at)}`)).toEqual([o.id]);
    expect(await ids(`sku=SRCH-1&created_to=${encodeURIComponent(o.created_at)}`)).toEqual([]);
    expect(ok(await t.admin.get(`/v1/customers?q=zed`)).data.map((x: any) => x.id)).toEqual([c.id]);

    // Keyset pagination: newest first, every order exactly once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = ok(await t.admin.get(`/v1/orders?limit=7${cursor ? `&cursor=${cursor}` : ""}`));
      seen.push(...page.data.map((x: any) => x.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort().reverse()).toEqual(seen);

    // Permissions: a warehouse user reads but cannot place orders.
    const wh = await t.as("warehouse");
    expect((await wh.get(`/v1/orders/${o.id}`)).status).toBe(200);
    expect((await wh.post("/v1/orders", orderBody(w, [{ sku: "SRCH-1", quantity: 1 }]))).status).toBe(403);
  });
});

describe("price overrides", () => {
  it("need orders:override_price: agents and scoped integrations may, store staff and plain keys may not", async () => {
    await product(t, w, "OVR-1", 1000);
    await stock(t, "OVR-1", w.warehouse, 10);
    const overridden = (i: number) =>
      orderBody(w, [
        { sku: "OVR-1", quantity: 1, unit_price: 750, price_override_reason: `price match ${i}` },
      ]);
    const keyWith = async (scopes: string[]) => {
      const created = ok(
        await t.admin.post("/v1/api_keys", { name: `feed ${scopes.join(" ")}`, scopes }),
        201,
      );
      return client(t.url, { authorization: `Bearer ${created.key}` });
    };
    const before = await t.rowCounts();
    for (const caller of [await t.as("store"), await keyWith(["orders:write"])]) {
      const refused = await caller.post("/v1/orders", overridden(1));
      expect(refused.status).toBe(403);
      expect(refused.body.errors).toEqual([
        { path: "body.lines.0.unit_price", message: "Not allowed to override prices" },
      ]);
    }
    const after = await t.rowCounts();
    expect({ ...after, api_keys: 0, users: 0, sessions: 0, audit_events: 0 }).toEqual({
      ...before,
      api_keys: 0,
      users: 0,
      sessions: 0,
      audit_events: 0,
    });
    for (const caller of [await t.as("agent"), await keyWith(["orders:write", "orders:override_price"])]) {
      const placed = ok(await caller.post("/v1/orders", overridden(2)), 201);
      expect(placed.lines[0]).toMatchObject({ unit_price: 750, price_override_reason: "price match 2" });
    }
  });
});

describe("release to fulfillment", () => {
  it("a held order's fulfillment cannot be accepted, started or fulfilled until its holds are released", async () => {
    await product(t, w, "REL-1", 1000);
    await stock(t, "REL-1", w.warehouse, 5);
    const o = ok(await t.admin.post("/v1/orders", orderBody(w, [{ sku: "REL-1", quantity: 1 }])), 201);
    expect(o.releasable_to_fulfillment).toBe(true);
    const held = ok(
      await t.admin.post(`/v1/orders/${o.id}/holds`, { type: "address", reason: "verify apartment" }),
      201,
    );
    expect(held.releasable_to_fulfillment).toBe(false);
    const [fo] = ok(await t.admin.get(`/v1/fulfillment_orders?order_id=${o.id}`)).data;
    for (const action of ["accept", "start", "fulfil"]) {
      const refused = await t.admin.post(`/v1/fulfillment_orders/${fo.id}/${action}`, {});
      expect(refused.status, action).toBe(409);
      expect(refused.body).toMatchObject({
        type: expect.stringContaining("order-on-hold"),
        open_holds: [{ type: "address", reason: "verify apartment" }],
      });
    }
    // Nothing moved: the stock is still committed, not shipped.
    expect(await level(t, "REL-1", w.warehouse)).toMatchObject({ on_hand: 5, committed: 1 });
    ok(await t.admin.post(`/v1/orders/${o.id}/holds/${held.holds[0].id}/release`, { reason: "confirmed" }));
    expect(ok(await t.admin.post(`/v1/fulfillment_orders/${fo.id}/accept`, {})).status).toBe("accepted");
    expect(ok(await t.admin.post(`/v1/fulfillment_orders/${fo.id}/fulfil`, {})).status).toBe("fulfilled");
    expect(await level(t, "REL-1", w.warehouse)).toMatchObject({ on_hand: 4, committed: 0 });
  });
});
