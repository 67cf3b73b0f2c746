import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cancelUnits,
  canTransition,
  deriveStatus,
  isEditable,
  type LineQuantities,
  lineInvariantHolds,
  ORDER_STATUSES,
  releasableToFulfillment,
  ruleHolds,
} from "../../src/domain/order.js";

const line = (q: Partial<LineQuantities>): LineQuantities => {
  const base = {
    pending: 0,
    committed: 0,
    backordered: 0,
    shipped: 0,
    delivered: 0,
    returned: 0,
    cancelled: 0,
    ...q,
  };
  const quantity =
    base.pending +
    base.committed +
    base.backordered +
    base.shipped +
    base.delivered +
    base.returned +
    base.cancelled;
  return { quantity, ...base };
};

describe("status derived from line quantities", () => {
  it.each([
    [[line({ pending: 2 })], "draft"],
    [[line({ committed: 2 })], "open"],
    [[line({ committed: 1, backordered: 1 })], "backordered"],
    [[line({ committed: 1, shipped: 1 })], "partially_shipped"],
    [[line({ shipped: 2 }), line({ cancelled: 3 })], "shipped"],
    [[line({ delivered: 2, shipped: 0 })], "delivered"],
    [[line({ returned: 2 })], "returned"],
    [[line({ cancelled: 2 }), line({ cancelled: 1 })], "cancelled"],
    [[line({ delivered: 1, returned: 1 })], "delivered"],
  ] as const)("%j → %s", (lines, status) => {
    expect(deriveStatus(lines)).toBe(status);
  });

  it("only allows the state machine's transitions", () => {
    expect(canTransition("open", "cancelled")).toBe(true);
    expect(canTransition("cancelled", "open")).toBe(false);
    expect(canTransition("shipped", "open")).toBe(false);
    expect(canTransition("draft", "open")).toBe(true);
    expect(canTransition("open", "draft")).toBe(false);
    for (const s of ORDER_STATUSES) expect(canTransition(s, s)).toBe(true);
  });

  it("cancels backordered units before committed ones and keeps the line invariant", () => {
    const { next, fromCommitted } = cancelUnits(line({ committed: 3, backordered: 2 }), 4);
    expect(next).toMatchObject({ backordered: 0, committed: 1, cancelled: 4 });
    expect(fromCommitted).toBe(2);
    expect(() => cancelUnits(line({ committed: 1, shipped: 5 }), 2)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.nat(10), fc.nat(10), fc.nat(10), fc.nat(10), fc.nat(30), (p, c, b, s, n) => {
        const l = line({ pending: p, committed: c, backordered: b, shipped: s });
        if (n > p + c + b) return true;
        const { next, fromCommitted } = cancelUnits(l, n);
        return (
          lineInvariantHolds(next) &&
          next.shipped === s &&
          fromCommitted === c - next.committed &&
          next.quantity === l.quantity
        );
      }),
    );
  });

  it("edits only before anything shipped", () => {
    expect(isEditable([line({ committed: 2 })], "open")).toBe(true);
    expect(isEditable([line({ committed: 1, shipped: 1 })], "partially_shipped")).toBe(false);
    expect(isEditable([line({ cancelled: 1 })], "cancelled")).toBe(false);
  });
});

describe("holds", () => {
  it("places fraud holds for high totals and country mismatch", () => {
    expect(
      ruleHolds({ grand_total: 100, currency: "USD", shipping_country: "US", billing_country: "US" }),
    ).toEqual([]);
    expect(
      ruleHolds({ grand_total: 10_000_000, currency: "USD", shipping_country: "US", billing_country: null }),
    ).toHaveLength(1);
    expect(
      ruleHolds({ grand_total: 100, currency: "USD", shipping_country: "US", billing_country: "FR" })[0]
        ?.type,
    ).toBe("fraud");
  });
  it("does not release held, draft or cancelled orders to fulfillment", () => {
    expect(releasableToFulfillment("open", 0)).toBe(true);
    expect(releasableToFulfillment("open", 1)).toBe(false);
    expect(releasableToFulfillment("draft", 0)).toBe(false);
    expect(releasableToFulfillment("cancelled", 0)).toBe(false);
  });
});
