// Returns through the real flow: a paid order ships, the customer starts a return on the portal,
// gets a label, the parcel is received at a store (BORIS) or a warehouse, each line restocked or
// set aside, and the refund — computed from what came back — goes to the card or to store credit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RETURN_POLICY } from "../../src/domain/returns.js";
import { startTestApp, type TestApp } from "../support/harness.js";
import { orderPayments, settledPayments } from "./payments-fixtures.js";
import { boxes, expectProblem, orderWithFo, pack, stocked } from "./shipping-fixtures.js";
import { level, type Net, network, ok, product, uniq } from "./sourcing-fixtures.js";

const CARD = "4242424242424242";
const EMAIL = "jane@example.com";

let t: TestApp;
let net: Net;

beforeAll(async () => {
  t = await startTestApp({ env: { DISPATCH_INTERVAL_MS: "50" } });
  net = await network(t);
  await boxes(t, net.east);
});
afterAll(() => t.close());

const payments = (orderId: string) => orderPayments(t, orderId);
const getOrder = async (id: string) => ok(await t.admin.get(`/v1/orders/${id}`));
const line = (order: any, sku: string) => order.lines.find((l: any) => l.sku === sku);

const settled = (orderId: string) => settledPayments(t, orderId);

/** An order paid by card, shipped (in one package, or one per line) and fully charged. */
async function shippedOrder(
  lines: Array<{ sku: string; quantity: number }>,
  withPayment = true,
  packages: "one" | "per-line" = "one",
) {
  for (const l of lines) await stocked(t, net, l.sku, net.east, 10);
  const { order, fo } = await orderWithFo(t, net, lines, withPayment ? { payment: { token: CARD } } : {});
  if (withPayment) await settled(order.id);
  const units = lines.map((l) => ({
    order_line_id: line(order, l.sku).id,
    sku: l.sku,
    quantity: l.quantity,
  }));
  for (const parcel of packages === "one" ? [units] : units.map((u) => [u])) {
    const p = ok(await pack(t, fo.id, parcel), 201);
    ok(await t.admin.post(`/v1/shipments/${p.id}/label`));
    ok(await t.admin.post(`/v1/shipments/${p.id}/ship`));
  }
  if (withPayment) expect((await settled(order.id)).payment_status).toBe("charged");
  return order;
}

const portal = (order: any) => ({ number: String(order.number), email: EMAIL });

describe("a return from the portal, received at a store, refunded to the card", () => {
  it("computes the refund from what came back and gives back exactly that", async () => {
    const a = uniq("RT-A");
    const b = uniq("RT-B");
    const order = await shippedOrder(
      [
        { sku: a, quantity: 2 },
        { sku: b, quantity: 1 },
      ],
      true,
      "per-line",
    );
    // Two packages, two captures: A's line with the shipping, then B's.
    const charges = (await payments(order.id)).payments[0].transactions.filter(
      (x: any) => x.kind === "charge" && x.state === "success",
    );
    expect(charges.map((x: any) => x.amount)).toEqual([
      line(order, a).total + order.totals.shipping_total,
      line(order, b).total,
    ]);

    // The customer sees what can go back, then asks for one A.
    const before = ok(await t.anonymous.post("/v1/tracking/returns/lookup", portal(order)));
    expect(before.returnable.find((r: any) => r.sku === a)).toMatchObject({ quantity: 2, returnable: true });
    expect(before.reasons.map((r: any) => r.code)).toContain("changed_mind");
    const started = ok(
      await t.anonymous.post("/v1/tracking/returns", {
        ...portal(order),
        lines: [{ order_line_id: line(order, a).id, quantity: 1, reason: "changed_mind" }],
      }),
    );
    expect(started.returns).toHaveLength(1);
    expect(started.returns[0]).toMatchObject({ status: "approved", reference: `R${order.number}-1` });
    expect(started.returnable.find((r: any) => r.sku === a).quantity).toBe(1);
    // A wrong e-mail learns nothing.
    expectProblem(
      await t.anonymous.post("/v1/tracking/returns/lookup", { ...portal(order), email: "x@example.com" }),
      404,
    );

    const [ret] = ok(await t.admin.get(`/v1/orders/${order.id}/returns`)).data;
    expect(ret.source).toBe("portal");
    // It will come back to the Manhattan store instead of the warehouse it left.
    expectProblem(await t.admin.patch(`/v1/returns/${ret.id}`, { location_id: "loc_nope" }), 422);
    expect(ok(await t.admin.patch(`/v1/returns/${ret.id}`, { location_id: net.store })).location_id).toBe(
      net.store,
    );

    // The return label: bought for the parcel, its link in the event opens the PDF without a login.
    const labelled = ok(await t.admin.post(`/v1/returns/${ret.id}/label`));
    expect(labelled.tracking_number).toMatch(/^[A-Z0-9]{6,}$/);
    const evt = ok(await t.admin.get("/v1/events?type=return.label_purchased&limit=100")).data.find(
      (e: any) => e.data.id === ret.id,
    );
    const pdf = await fetch(evt.data.label_url.replace(/^https?:\/\/[^/]+/, t.url));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe("%PDF");

    // Received at the Manhattan store (bought online, returned in store): restocked there.
    const storeBefore = await level(t, a, net.store);
    const received = ok(
      await t.admin.post(`/v1/returns/${ret.id}/receive`, {
        location_id: net.store,
        lines: [{ order_line_id: line(order, a).id, quantity: 1, disposition: "restock" }],
      }),
    );
    const unitValue = Math.floor(line(order, a).total / 2);
    expect(received).toMatchObject({ status: "received", location_id: net.store, refund_due: unitValue });
    expect(received.refund_breakdown.lines[0]).toMatchObject({
      quantity: 1,
      value: unitValue,
      restocking_fee: 0,
    });
    expect((await level(t, a, net.store)).on_hand).toBe(storeBefore.on_hand + 1);
    expect(line(await getOrder(order.id), a)).toMatchObject({ returned: 1 });
    // Received twice is refused; nothing moves again.
    expectProblem(
      await t.admin.post(`/v1/returns/${ret.id}/receive`, {
        location_id: net.store,
        lines: [{ order_line_id: line(order, a).id, quantity: 1, disposition: "restock" }],
      }),
      409,
    );
    expect((await level(t, a, net.store)).on_hand).toBe(storeBefore.on_hand + 1);

    const refunded = ok(await t.admin.post(`/v1/returns/${ret.id}/refund`));
    expect(refunded).toMatchObject({ status: "refunded", refunded_amount: unitValue });
    const money = await settled(order.id);
    expect(money).toMatchObject({ payment_status: "partially_refunded", refunded: unitValue });
    expect(money.net_paid).toBe(order.totals.grand_total - unitValue);
    expect(ok(await t.admin.get("/v1/payments/verification")).problems).toEqual([]);

    // The customer sees it refunded.
    const after = ok(await t.anonymous.post("/v1/tracking/returns/lookup", portal(order)));
    expect(after.returns[0]).toMatchObject({ status: "refunded", refunded_amount: unitValue });
    const timeline = ok(await t.admin.get(`/v1/orders/${order.id}/timeline?limit=100`)).data.map(
      (e: any) => e.type,
    );
    expect(timeline).toEqual(
      expect.arrayContaining(["return.requested", "return.approved", "return.received", "return.refunded"]),
    );
  });
});

describe("the channel's policy", () => {
  afterAll(async () => {
    const channelId = (await getOrder((await shippedOrder([{ sku: uniq("RT-Z"), quantity: 1 }], false)).id))
      .channel_id;
    ok(await t.admin.request("PUT", `/v1/channels/${channelId}/return_policy`, DEFAULT_RETURN_POLICY));
  });

  it("refuses what it does not take back, waits for approval, charges the restocking fee and sets damaged aside", async () => {
    const a = uniq("RT-P");
    const n = uniq("RT-N");
    const order = await shippedOrder([
      { sku: a, quantity: 2 },
      { sku: n, quantity: 1 },
    ]);
    ok(
      await t.admin.request("PUT", `/v1/channels/${order.channel_id}/return_policy`, {
        ...DEFAULT_RETURN_POLICY,
        non_returnable_skus: [n],
        restocking_fee_bps: 1000,
        requires_approval: true,
      }),
    );
    const before = await t.rowCounts();
    const bad = await t.admin.post("/v1/returns", {
      order_id: order.id,
      lines: [
        { order_line_id: line(order, a).id, quantity: 3, reason: "changed_mind" },
        { order_line_id: line(order, n).id, quantity: 1, reason: "no_reason" },
      ],
    });
    expectProblem(bad, 422);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual([
      "body.lines.0.quantity",
      "body.lines.1.order_line_id",
      "body.lines.1.reason",
    ]);
    expect(await t.rowCounts()).toEqual(before);

    const ret = ok(
      await t.admin.post("/v1/returns", {
        order_id: order.id,
        lines: [{ order_line_id: line(order, a).id, quantity: 2, reason: "changed_mind" }],
      }),
      201,
    );
    expect(ret.status).toBe("requested");
    expectProblem(
      await t.admin.post(`/v1/returns/${ret.id}/receive`, {
        location_id: net.east,
        lines: [{ order_line_id: line(order, a).id, quantity: 2, disposition: "restock" }],
      }),
      409,
    );
    // Body-less, as a button sends it: the reason defaults to who approved.
    const approved = ok(await t.admin.post(`/v1/returns/${ret.id}/approve`));
    expect(approved).toMatchObject({
      status: "approved",
      decision_reason: expect.stringContaining("approved by"),
    });
    const eastBefore = await level(t, a, net.east);
    const received = ok(
      await t.admin.post(`/v1/returns/${ret.id}/receive`, {
        location_id: net.east,
        lines: [{ order_line_id: line(order, a).id, quantity: 1, disposition: "damaged" }],
      }),
    );
    const value = Math.floor(line(order, a).total / 2);
    const fee = Math.round(value / 10);
    expect(received.refund_due).toBe(value - fee);
    const levels = ok(await t.admin.get(`/v1/inventory_levels?sku=${a}&location_id=${net.east}`)).data[0];
    expect(levels.on_hand).toBe(eastBefore.on_hand + 1);
    expect(levels.damaged).toBe(1);
    expect(levels.available).toBe(eastBefore.available);
  });
});

describe("refunds", () => {
  it("gives store credit when asked, and only someone allowed may refund another amount", async () => {
    const a = uniq("RT-S");
    const order = await shippedOrder([{ sku: a, quantity: 1 }]);
    const ret = ok(
      await t.admin.post("/v1/returns", {
        order_id: order.id,
        refund_method: "store_credit",
        lines: [{ order_line_id: line(order, a).id, quantity: 1, reason: "damaged" }],
      }),
      201,
    );
    const received = ok(
      await t.admin.post(`/v1/returns/${ret.id}/receive`, {
        location_id: net.east,
        lines: [{ order_line_id: line(order, a).id, quantity: 1, disposition: "dispose" }],
      }),
    );
    // The merchant's fault and everything back: the line and the shipping.
    expect(received.refund_due).toBe(line(order, a).total + order.totals.shipping_total);
    const agent = await t.as("agent");
    const refused = await agent.post(`/v1/returns/${ret.id}/refund`, { amount: 1, reason: "goodwill" });
    expectProblem(refused, 403);
    const done = ok(
      await t.admin.post(`/v1/returns/${ret.id}/refund`, {
        amount: received.refund_due + 500,
        reason: "Sorry for the trouble",
      }),
    );
    expect(done).toMatchObject({
      refunded_amount: received.refund_due + 500,
      refund_adjustment_reason: "Sorry for the trouble",
    });
    const credit = ok(await t.admin.get(`/v1/store_credit?email=${EMAIL}`));
    expect(credit.balances.find((b: any) => b.currency === order.currency).balance).toBeGreaterThanOrEqual(
      received.refund_due + 500,
    );
    // Store credit does not touch the card.
    expect((await payments(order.id)).refunded).toBe(0);
  });

  it("will not refund to a card more than it was charged", async () => {
    const a = uniq("RT-U");
    const order = await shippedOrder([{ sku: a, quantity: 1 }], false);
    const ret = ok(
      await t.admin.post("/v1/returns", {
        order_id: order.id,
        lines: [{ order_line_id: line(order, a).id, quantity: 1, reason: "wrong_size" }],
      }),
      201,
    );
    ok(
      await t.admin.post(`/v1/returns/${ret.id}/receive`, {
        location_id: net.east,
        lines: [{ order_line_id: line(order, a).id, quantity: 1, disposition: "restock" }],
      }),
    );
    // No payment was taken through Ordo: nothing to refund to.
    expectProblem(await t.admin.post(`/v1/returns/${ret.id}/refund`), 409, "refund-exceeds-charge");
    expect(ok(await t.admin.get(`/v1/returns/${ret.id}`)).status).toBe("received");
  });
});

describe("exchanges", () => {
  it("orders the replacement at once (stock committed with the return), paid like the original; the difference nets out", async () => {
    const small = uniq("RT-XS");
    const large = uniq("RT-XL");
    const order = await shippedOrder([{ sku: small, quantity: 1 }]);
    await stocked(t, net, large, net.east, 3);
    const largeBefore = await level(t, large, net.east);
    const ret = ok(
      await t.admin.post("/v1/returns", {
        order_id: order.id,
        lines: [
          { order_line_id: line(order, small).id, quantity: 1, reason: "wrong_size", exchange_sku: large },
        ],
      }),
      201,
    );
    expect(ret.lines[0].exchange_sku).toBe(large);
    expect(ret.exchange_order_id).toBeTruthy();
    // Exchange-first: the replacement's stock is committed by the same transaction.
    expect((await level(t, large, net.east)).committed).toBe(largeBefore.committed + 1);
    const exchange = await getOrder(ret.exchange_order_id);
    expect(exchange).toMatchObject({ email: EMAIL, tags: ["exchange"] });
    expect(exchange.lines.map((l: any) => [l.sku, l.quantity])).toEqual([[large, 1]]);
    // Paid with the same card: authorized now, charged as it ships.
    const exchangeMoney = await settled(exchange.id);
    expect(exchangeMoney.authorized).toBe(exchange.totals.grand_total);
    expect(exchangeMoney.payments[0].display).toBe("visa •••• 4242");

    // An exchange for a SKU with no stock is refused, and so is the return: nothing written.
    const none = uniq("RT-X0");
    await product(t, net, none);
    const other = await shippedOrder([{ sku: uniq("RT-XO"), quantity: 1 }]);
    const before = await t.rowCounts();
    const refused = await t.admin.post("/v1/returns", {
      order_id: other.id,
      lines: [{ order_line_id: other.lines[0].id, quantity: 1, reason: "wrong_size", exchange_sku: none }],
    });
    expect([409, 422]).toContain(refused.status);
    expect(await t.rowCounts()).toEqual(before);
  });
});

describe("many clients at once", () => {
  it("gives the last unit to one return only, and receives a return once", async () => {
    const a = uniq("RT-C");
    const order = await shippedOrder([{ sku: a, quantity: 1 }]);
    const asks = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.admin.post("/v1/returns", {
          order_id: order.id,
          lines: [{ order_line_id: line(order, a).id, quantity: 1, reason: "changed_mind" }],
        }),
      ),
    );
    expect(asks.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of asks) expect([201, 422]).toContain(r.status);
    const ret = asks.find((r) => r.status === 201)!.body;
    const storeBefore = await level(t, a, net.store);
    const receipts = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.admin.post(`/v1/returns/${ret.id}/receive`, {
          location_id: net.store,
          lines: [{ order_line_id: line(order, a).id, quantity: 1, disposition: "restock" }],
        }),
      ),
    );
    expect(receipts.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of receipts) expect([200, 409]).toContain(r.status);
    expect((await level(t, a, net.store)).on_hand).toBe(storeBefore.on_hand + 1);
    const refunds = await Promise.all(
      Array.from({ length: 6 }, () => t.admin.post(`/v1/returns/${ret.id}/refund`)),
    );
    expect(refunds.filter((r) => r.status === 200)).toHaveLength(1);
    const money = await settled(order.id);
    expect(money.refunded).toBe(line(order, a).total);
    expect(ok(await t.admin.get("/v1/payments/verification")).problems).toEqual([]);
  });
});
