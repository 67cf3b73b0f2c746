// Payments through the real flow: an order captured with a card is authorized (held until then),
// charged package by package as it ships, released on cancel, refunded — never more than was
// charged — and the ledger always verifies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
import { orderPayments, settledPayments } from "./payments-fixtures.js";
import { boxes, expectProblem, orderWithFo, pack, signedCarrierCall, stocked } from "./shipping-fixtures.js";
import { type Net, network, ok, orderBody, uniq } from "./sourcing-fixtures.js";

const PAYMENT_SECRET = `whsec_${Buffer.from("payment-webhook-secret-for-tests!").toString("base64")}`;
const CARD = "4242424242424242";

let t: TestApp;
let net: Net;

beforeAll(async () => {
  t = await startTestApp({ env: { PAYMENT_WEBHOOK_SECRET: PAYMENT_SECRET, DISPATCH_INTERVAL_MS: "50" } });
  net = await network(t);
  await boxes(t, net.east);
});
afterAll(() => t.close());

const payments = (orderId: string) => orderPayments(t, orderId);
const getOrder = async (id: string) => ok(await t.admin.get(`/v1/orders/${id}`));
const line = (order: any, sku: string) => order.lines.find((l: any) => l.sku === sku);
const openHolds = (order: any) =>
  order.holds.filter((h: any) => h.released_at === null).map((h: any) => h.type);

/** Waits for the processor (the dispatcher's payments step) to have no request in flight. */
const settled = (orderId: string) => settledPayments(t, orderId);

async function paidOrder(lines: Array<{ sku: string; quantity: number }>, token = CARD) {
  return orderWithFo(t, net, lines, { payment: { token } });
}

async function shipPackage(
  foId: string,
  units: Array<{ order_line_id: string; sku: string; quantity: number }>,
) {
  const p = ok(await pack(t, foId, units), 201);
  ok(await t.admin.post(`/v1/shipments/${p.id}/label`));
  return ok(await t.admin.post(`/v1/shipments/${p.id}/ship`));
}

async function expectVerified() {
  const v = ok(await t.admin.get("/v1/payments/verification"));
  expect(v.problems).toEqual([]);
  expect(v.payments_checked).toBeGreaterThan(0);
}

describe("authorize at capture, capture per package, refund", () => {
  it("holds the order until authorized, charges each package as it ships and refunds exactly what is asked", async () => {
    const a = uniq("PAY-A");
    const b = uniq("PAY-B");
    await stocked(t, net, a, net.east, 10);
    await stocked(t, net, b, net.east, 10);
    const { order, fo } = await paidOrder([
      { sku: a, quantity: 2 },
      { sku: b, quantity: 1 },
    ]);
    // Captured with a payment hold; the authorization follows at once, off the request.
    expect(openHolds(order)).toContain("payment");
    const authorized = await settled(order.id);
    expect(authorized).toMatchObject({
      payment_status: "not_charged",
      authorized: order.totals.grand_total,
      charged: 0,
    });
    expect(authorized.payments[0].display).toBe("visa •••• 4242");
    expect(openHolds(await getOrder(order.id))).not.toContain("payment");

    // Package 1: both units of A. Charged: A's line total and the shipping.
    await shipPackage(fo.id, [{ order_line_id: line(order, a).id, sku: a, quantity: 2 }]);
    const afterFirst = await settled(order.id);
    const firstCharge = line(order, a).total + order.totals.shipping_total;
    expect(afterFirst).toMatchObject({ payment_status: "partially_charged", charged: firstCharge });
    const charges = () =>
      afterFirst.payments[0].transactions.filter((x: any) => x.kind === "charge" && x.state === "success");
    expect(charges()).toHaveLength(1);
    expect(charges()[0].reference_type).toBe("shipment");

    // Package 2: B. The rest is charged; nothing is left authorized (so nothing to release).
    await shipPackage(fo.id, [{ order_line_id: line(order, b).id, sku: b, quantity: 1 }]);
    const afterSecond = await settled(order.id);
    expect(afterSecond).toMatchObject({
      payment_status: "charged",
      charged: order.totals.grand_total,
      authorized: 0,
      canceled: 0,
    });
    const chargeRows = afterSecond.payments[0].transactions.filter(
      (x: any) => x.kind === "charge" && x.state === "success",
    );
    expect(chargeRows.map((x: any) => x.amount)).toEqual([firstCharge, line(order, b).total]);

    // A partial refund: exactly B's line.
    const paymentId = afterSecond.payments[0].id;
    const refunded = ok(
      await t.admin.post(`/v1/payments/${paymentId}/refunds`, {
        amount: line(order, b).total,
        reason: "Returned B",
      }),
    );
    expect(refunded).toMatchObject({ refunded: line(order, b).total, refund_pending: 0 });
    const after = await payments(order.id);
    expect(after.payment_status).toBe("partially_refunded");
    expect(after.net_paid).toBe(order.totals.grand_total - line(order, b).total);
    // Σ captures − Σ refunds is what the order kept.
    const sum = (kind: string) =>
      after.payments[0].transactions
        .filter((x: any) => x.kind === kind && x.state === "success")
        .reduce((s: number, x: any) => s + x.amount, 0);
    expect(sum("charge") - sum("refund")).toBe(after.net_paid);

    // Each step is on the order's timeline and in the outbox, parsed against the catalogue.
    const timeline = ok(await t.admin.get(`/v1/orders/${order.id}/timeline?limit=100`)).data.map(
      (e: any) => e.type,
    );
    expect(timeline).toEqual(
      expect.arrayContaining(["payment.authorized", "payment.captured", "payment.refunded"]),
    );
    const events = ok(await t.admin.get("/v1/events?type=payment.captured&limit=100")).data.filter(
      (e: any) => e.data.order_id === order.id,
    );
    expect(events).toHaveLength(2);
    await expectVerified();
  });

  it("keeps a declined order on hold; another card authorizes it and lets it go", async () => {
    const a = uniq("PAY-D");
    await stocked(t, net, a, net.east, 5);
    const { order } = await paidOrder([{ sku: a, quantity: 1 }], "4000000000000002");
    const declined = await settled(order.id);
    expect(declined).toMatchObject({ authorized: 0, payment_status: "not_charged" });
    const failure = declined.payments[0].transactions.find((x: any) => x.state === "failure");
    expect(failure).toMatchObject({ kind: "authorization", failure_code: "card_declined" });
    expect(openHolds(await getOrder(order.id))).toEqual(["payment"]);
    expect(
      ok(await t.admin.get("/v1/events?type=payment.declined&limit=100")).data.some(
        (e: any) => e.data.order_id === order.id,
      ),
    ).toBe(true);

    const second = ok(
      await t.admin.post(`/v1/orders/${order.id}/payments`, { token: "5555555555554444" }),
      201,
    );
    expect(second).toMatchObject({ authorized: order.totals.grand_total, display: "mastercard •••• 4444" });
    expect(openHolds(await getOrder(order.id))).toEqual([]);
    // Covered now: a third payment is refused.
    expectProblem(await t.admin.post(`/v1/orders/${order.id}/payments`, { token: CARD }), 409);
  });

  it("pays an order captured without a payment: held until authorized, then charged as it ships", async () => {
    const a = uniq("PAY-L");
    await stocked(t, net, a, net.east, 5);
    const { order, fo } = await orderWithFo(t, net, [{ sku: a, quantity: 1 }]);
    expect(openHolds(order)).toEqual([]);
    const paid = ok(await t.admin.post(`/v1/orders/${order.id}/payments`, { token: CARD }), 201);
    expect(paid.authorized).toBe(order.totals.grand_total);
    const held = (await getOrder(order.id)).holds.filter((h: any) => h.type === "payment");
    expect(held).toHaveLength(1);
    expect(held[0].released_at).not.toBeNull();
    await shipPackage(fo.id, [{ order_line_id: line(order, a).id, sku: a, quantity: 1 }]);
    expect(await settled(order.id)).toMatchObject({
      payment_status: "charged",
      charged: order.totals.grand_total,
    });
  });

  it("releases the authorization when the order is cancelled", async () => {
    const a = uniq("PAY-C");
    await stocked(t, net, a, net.east, 5);
    const { order } = await paidOrder([{ sku: a, quantity: 2 }]);
    await settled(order.id);
    ok(await t.admin.post(`/v1/orders/${order.id}/cancel`, { reason: "Customer changed their mind" }));
    const after = await settled(order.id);
    expect(after).toMatchObject({ authorized: 0, canceled: order.totals.grand_total, charged: 0 });
    expect(
      after.payments[0].transactions.some((x: any) => x.kind === "cancel" && x.state === "success"),
    ).toBe(true);
  });

  it("refuses a bad card or an unknown provider with a 422 and writes no order", async () => {
    const a = uniq("PAY-X");
    await stocked(t, net, a, net.east, 5);
    const before = await t.rowCounts();
    const bad = await t.admin.post(
      "/v1/orders",
      orderBody(net, [{ sku: a, quantity: 1 }], { payment: { token: "1234" } }),
    );
    expectProblem(bad, 422);
    expect(bad.body.errors[0].path).toBe("body.payment.token");
    const unknown = await t.admin.post(
      "/v1/orders",
      orderBody(net, [{ sku: a, quantity: 1 }], { payment: { provider: "nope", token: CARD } }),
    );
    expectProblem(unknown, 422);
    expect(await t.rowCounts()).toEqual(before);
  });
});

describe("provider webhooks", () => {
  const signed = (events: unknown[], secret = PAYMENT_SECRET) => signedCarrierCall(events, secret);
  const post = (call: { body: string; headers: Record<string, string> }) =>
    fetch(`${t.url}/v1/payment_providers/test/webhooks`, {
      method: "POST",
      body: call.body,
      headers: call.headers,
    });

  it("takes an asynchronous authorization's answer from the signed webhook, once", async () => {
    const a = uniq("PAY-W");
    await stocked(t, net, a, net.east, 5);
    const { order } = await paidOrder([{ sku: a, quantity: 1 }], "4000000000003220");
    // The provider said "pending": the request waits for the webhook and the order stays held.
    await expect
      .poll(async () => (await payments(order.id)).payments[0].transactions[0].psp_reference, {
        timeout: 10_000,
      })
      .toBeTruthy();
    const pending = await payments(order.id);
    expect(pending.authorize_pending).toBe(order.totals.grand_total);
    const request = pending.payments[0].transactions[0];

    const forged = signed(
      [{ id: "evt_1", idempotency_key: `ordo_${request.id}`, ok: true }],
      `whsec_${Buffer.from("not-the-secret-at-all-00000000!").toString("base64")}`,
    );
    const before = await t.rowCounts();
    const refused = await post(forged);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { type: string }).type).toMatch(/invalid-signature$/);
    expect(await t.rowCounts()).toEqual(before);

    const call = signed([
      { id: `evt_${request.id}`, idempotency_key: `ordo_${request.id}`, ok: true, psp_reference: "auth_123" },
    ]);
    const first = await post(call);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 1, duplicates: 0, unknown: 0 });
    const again = await post(
      signed([{ id: `evt_${request.id}`, idempotency_key: `ordo_${request.id}`, ok: true }]),
    );
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 1, unknown: 0 });
    const after = await payments(order.id);
    expect(after).toMatchObject({ authorized: order.totals.grand_total, authorize_pending: 0 });
    expect(after.payments[0].psp_reference).toBe("auth_123");
    expect(openHolds(await getOrder(order.id))).toEqual([]);
  });
});

describe("many clients at once", () => {
  it("never refunds more than was charged, however many refunds arrive together", async () => {
    const a = uniq("PAY-R");
    await stocked(t, net, a, net.east, 5);
    const { order, fo } = await paidOrder([{ sku: a, quantity: 1 }]);
    await settled(order.id);
    await shipPackage(fo.id, [{ order_line_id: line(order, a).id, sku: a, quantity: 1 }]);
    const charged = await settled(order.id);
    expect(charged.charged).toBe(order.totals.grand_total);
    const quarter = Math.floor(charged.charged / 4);
    const paymentId = charged.payments[0].id;
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.admin.post(`/v1/payments/${paymentId}/refunds`, { amount: quarter, reason: `refund ${i}` }),
      ),
    );
    for (const r of replies) expect([200, 409]).toContain(r.status);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(4);
    const after = await settled(order.id);
    expect(after.refunded).toBe(quarter * 4);
    // A retried refund with the same Idempotency-Key refunds once and answers the same.
    const left = charged.charged - quarter * 4;
    const key = { "idempotency-key": `refund-${order.id}` };
    const retried = await Promise.all(
      [1, 2, 3].map(() =>
        t.admin.post(`/v1/payments/${paymentId}/refunds`, { amount: left, reason: "rest" }, key),
      ),
    );
    for (const r of retried) expect(r.status).toBe(200);
    expect((await settled(order.id)).refunded).toBe(charged.charged);
    expect(after.refunded).toBeLessThanOrEqual(after.charged);
    await expectVerified();
  });
});
