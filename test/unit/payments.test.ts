import { describe, expect, it } from "vitest";
import {
  amountDue,
  capturable,
  isCardNumber,
  ledgerProblems,
  nothingLeftToShip,
  paymentStatus,
  pendingRequests,
  refundable,
  summarize,
  TEST_CARDS,
  type TransactionEventLike,
  testOutcome,
  valueOfUnits,
} from "../../src/domain/payments/index.js";

let n = 0;
const req = (kind: TransactionEventLike["kind"], amount: number): TransactionEventLike => ({
  id: `r${++n}`,
  kind,
  state: "request",
  amount,
  answers: null,
});
const ok = (r: TransactionEventLike, amount = r.amount): TransactionEventLike => ({
  id: `a${++n}`,
  kind: r.kind,
  state: "success",
  amount,
  answers: r.id,
});
const no = (r: TransactionEventLike): TransactionEventLike => ({ ...ok(r), state: "failure" });

describe("the payment ledger", () => {
  it("derives every amount from the events, pending ones included", () => {
    const auth = req("authorization", 10_000);
    const c1 = req("charge", 6_000);
    const c2 = req("charge", 4_000);
    const r1 = req("refund", 1_500);
    const events = [auth, ok(auth), c1, ok(c1), c2, r1, ok(r1)];
    const s = summarize(events);
    expect(s).toMatchObject({ authorized: 4_000, charged: 6_000, charge_pending: 4_000, refunded: 1_500 });
    expect(capturable(s)).toBe(0);
    expect(refundable(s)).toBe(4_500);
    expect(pendingRequests(events).map((e) => e.id)).toEqual([c2.id]);
  });

  it("counts a failed request as nothing, and a declined authorization leaves nothing to capture", () => {
    const auth = req("authorization", 5_000);
    const s = summarize([auth, no(auth)]);
    expect(s).toMatchObject({ authorized: 0, authorize_pending: 0 });
    expect(capturable(s)).toBe(0);
  });

  it("names the order's payment status from what was charged and refunded", () => {
    const s = (charged: number, refunded: number) => ({ ...summarize([]), charged, refunded });
    expect(paymentStatus(s(0, 0), 100)).toBe("not_charged");
    expect(paymentStatus(s(40, 0), 100)).toBe("partially_charged");
    expect(paymentStatus(s(100, 0), 100)).toBe("charged");
    expect(paymentStatus(s(100, 30), 100)).toBe("partially_refunded");
    expect(paymentStatus(s(100, 100), 100)).toBe("refunded");
  });

  it("finds what does not reconcile: double answers, refunds above charges, charges above authorizations", () => {
    const auth = req("authorization", 1_000);
    const c = req("charge", 1_000);
    const r = req("refund", 2_500);
    expect(ledgerProblems([auth, ok(auth), c, ok(c)])).toEqual([]);
    const problems = ledgerProblems([auth, ok(auth), c, ok(c), ok(c), r, ok(r)]);
    expect(problems.some((p) => p.includes("answered twice"))).toBe(true);
    expect(problems.some((p) => p.includes("refunded 2500 exceeds charged 2000"))).toBe(true);
    expect(problems.some((p) => p.includes("exceed authorized"))).toBe(true);
  });
});

describe("what is due as packages ship", () => {
  const line = (quantity: number, shipped: number, total: number, cancelled = 0) => ({
    quantity,
    shipped,
    cancelled,
    total,
  });
  it("charges shipped units' value, shipping with the first package, and adds up to the total", () => {
    expect(amountDue([line(3, 0, 1_000)], 500)).toBe(0);
    expect(amountDue([line(3, 1, 1_000)], 500)).toBe(333 + 500);
    expect(amountDue([line(3, 2, 1_000)], 500)).toBe(666 + 500);
    expect(amountDue([line(3, 3, 1_000)], 500)).toBe(1_000 + 500);
    // Package by package, the parts never drift from the line total.
    const parts = [1, 2, 3].map(
      (k, i, all) =>
        valueOfUnits(line(3, 0, 1_000), k) - (i ? valueOfUnits(line(3, 0, 1_000), all[i - 1]!) : 0),
    );
    expect(parts.reduce((a, b) => a + b, 0)).toBe(1_000);
  });
  it("knows when nothing more will ship (cancelled units do not count)", () => {
    expect(nothingLeftToShip([line(2, 1, 100, 1)])).toBe(true);
    expect(nothingLeftToShip([line(2, 1, 100)])).toBe(false);
  });
});

describe("the test provider's cards", () => {
  it("approves, declines and defers by card number, deterministically", () => {
    expect(testOutcome(TEST_CARDS.approved, "authorize", 100)).toEqual({ ok: true, pending: false });
    expect(testOutcome(TEST_CARDS.declined, "authorize", 100)).toMatchObject({
      ok: false,
      code: "card_declined",
    });
    expect(testOutcome(TEST_CARDS.insufficientFunds, "authorize", 100)).toMatchObject({
      code: "insufficient_funds",
    });
    expect(testOutcome(TEST_CARDS.processingError, "authorize", 100)).toMatchObject({ retryable: true });
    expect(testOutcome(TEST_CARDS.captureDeclined, "capture", 100)).toMatchObject({
      code: "capture_declined",
    });
    expect(testOutcome(TEST_CARDS.asynchronous, "authorize", 100)).toEqual({ ok: true, pending: true });
    expect(testOutcome(TEST_CARDS.approved, "authorize", 10_000_000)).toMatchObject({
      code: "amount_too_large",
    });
  });
  it("checks card numbers with Luhn", () => {
    expect(isCardNumber(TEST_CARDS.approved)).toBe(true);
    expect(isCardNumber("4242424242424241")).toBe(false);
    expect(isCardNumber("1234")).toBe(false);
  });
});
