import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateProportionally, applyBasisPoints } from "../../src/domain/money.js";
import {
  FREE_SHIPPING_FROM,
  type PromoRule,
  priceOrder,
  SHIPPING_CHARGES,
} from "../../src/domain/pricing.js";

describe("money", () => {
  it("rounds basis points half up, exactly", () => {
    expect(applyBasisPoints(1000, 887)).toBe(89); // 88.7
    expect(applyBasisPoints(50, 1000)).toBe(5);
    expect(applyBasisPoints(5, 1000)).toBe(1); // 0.5 → 1
    expect(applyBasisPoints(4, 1000)).toBe(0);
    expect(applyBasisPoints(9_007_199_254_740, 2000)).toBe(1_801_439_850_948);
  });

  it("splits amounts proportionally so the parts add up", () => {
    expect(allocateProportionally(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateProportionally(0, [5, 5])).toEqual([0, 0]);
    expect(allocateProportionally(10, [0, 0])).toEqual([0, 0]);
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        fc.array(fc.nat(100_000), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = allocateProportionally(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0);
          if (sum === 0) return parts.every((p) => p === 0);
          return (
            parts.reduce((a, b) => a + b, 0) === total &&
            parts.every((p, i) => Math.abs(p - (total * weights[i]!) / sum) < 1 + 1e-9)
          );
        },
      ),
    );
  });
});

describe("priceOrder", () => {
  const lines = [
    { sku: "A", quantity: 2, unit_price: 1999 },
    { sku: "B", quantity: 1, unit_price: 500 },
  ];

  it("prices without promo: shipping and tax on top", () => {
    const { lines: l, totals } = priceOrder({ lines, fulfillment: "ship", tax_rate_bps: 1000 });
    expect(l.map((x) => [x.subtotal, x.discount, x.tax, x.total])).toEqual([
      [3998, 0, 400, 4398],
      [500, 0, 50, 550],
    ]);
    expect(totals).toEqual({
      subtotal: 4498,
      discount_total: 0,
      shipping_total: SHIPPING_CHARGES.ship,
      shipping_tax: 60,
      tax_total: 510,
      grand_total: 4398 + 550 + 595 + 60,
    });
  });

  it("applies percentage, fixed (split over lines) and free-shipping promos", () => {
    const pct: PromoRule = { code: "TEN", kind: "percentage", value: 1000 };
    expect(
      priceOrder({ lines, promo: pct, fulfillment: "ship", tax_rate_bps: 0 }).totals.discount_total,
    ).toBe(450);
    const fixed: PromoRule = { code: "FIVE", kind: "fixed", value: 500 };
    const f = priceOrder({ lines, promo: fixed, fulfillment: "ship", tax_rate_bps: 0 });
    expect(f.lines.map((x) => x.discount)).toEqual([444, 56]);
    const free: PromoRule = { code: "SHIP", kind: "free_shipping", value: 0 };
    expect(
      priceOrder({ lines, promo: free, fulfillment: "ship", tax_rate_bps: 0 }).totals.shipping_total,
    ).toBe(0);
    const onlyB: PromoRule = { code: "B", kind: "percentage", value: 5000, skus: ["B"] };
    expect(
      priceOrder({ lines, promo: onlyB, fulfillment: "pickup", tax_rate_bps: 0 }).lines.map(
        (x) => x.discount,
      ),
    ).toEqual([0, 250]);
    const min: PromoRule = { code: "MIN", kind: "percentage", value: 1000, min_subtotal: 100_000 };
    expect(
      priceOrder({ lines, promo: min, fulfillment: "ship", tax_rate_bps: 0 }).totals.discount_total,
    ).toBe(0);
  });

  it("never discounts more than the goods, and ships free above the threshold", () => {
    const big: PromoRule = { code: "BIG", kind: "fixed", value: 1_000_000 };
    const r = priceOrder({ lines, promo: big, fulfillment: "ship", tax_rate_bps: 2000 });
    expect(r.totals.discount_total).toBe(4498);
    expect(r.lines.every((l) => l.total === 0)).toBe(true);
    const rich = priceOrder({
      lines: [{ sku: "X", quantity: 1, unit_price: FREE_SHIPPING_FROM }],
      fulfillment: "ship",
      tax_rate_bps: 0,
    });
    expect(rich.totals.shipping_total).toBe(0);
  });

  it("totals always add up, for any lines, promo and rate", () => {
    const line = fc.record({
      sku: fc.constantFrom("A", "B", "C", "D"),
      quantity: fc.integer({ min: 0, max: 1000 }),
      unit_price: fc.nat(1_000_000),
    });
    const promo = fc.option(
      fc.record({
        code: fc.constant("P"),
        kind: fc.constantFrom("percentage", "fixed", "free_shipping") as fc.Arbitrary<PromoRule["kind"]>,
        value: fc.nat(20_000),
        skus: fc.subarray(["A", "B"]),
      }),
      { nil: null },
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 12 }),
        promo,
        fc.nat(3000),
        fc.constantFrom("ship", "pickup", "local_delivery", "digital") as fc.Arbitrary<"ship">,
        (ls, p, rate, ful) => {
          const { lines: out, totals } = priceOrder({
            lines: ls,
            promo: p,
            fulfillment: ful,
            tax_rate_bps: rate,
          });
          const s = (f: (l: (typeof out)[number]) => number) => out.reduce((a, l) => a + f(l), 0);
          return (
            out.every(
              (l) =>
                l.total === l.subtotal - l.discount + l.tax &&
                l.discount >= 0 &&
                l.discount <= l.subtotal &&
                l.tax >= 0,
            ) &&
            totals.subtotal === s((l) => l.subtotal) &&
            totals.discount_total === s((l) => l.discount) &&
            totals.tax_total === s((l) => l.tax) + totals.shipping_tax &&
            totals.grand_total === s((l) => l.total) + totals.shipping_total + totals.shipping_tax &&
            totals.grand_total ===
              totals.subtotal - totals.discount_total + totals.shipping_total + totals.tax_total &&
            Object.values(totals).every((v) => Number.isSafeInteger(v) && v >= 0)
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
