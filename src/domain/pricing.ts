// Order pricing, pure: unit prices in, every total out, and the totals always add up.
import { allocateProportionally, applyBasisPoints, sum } from "./money.js";

export type PromoKind = "percentage" | "fixed" | "free_shipping";
export type FulfillmentKind = "ship" | "pickup" | "local_delivery" | "digital";

export interface PromoRule {
  code: string;
  kind: PromoKind;
  /** Percentage: basis points (1000 = 10 %). Fixed: minor units off the order. Free shipping: unused. */
  value: number;
  /** Only these SKUs are discounted (all when empty). */
  skus?: readonly string[];
  min_subtotal?: number;
}

export interface PricingLine {
  sku: string;
  quantity: number;
  unit_price: number;
}

export interface PricedLine {
  sku: string;
  quantity: number;
  unit_price: number;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
}

export interface OrderTotals {
  subtotal: number;
  discount_total: number;
  shipping_total: number;
  shipping_tax: number;
  tax_total: number;
  grand_total: number;
}

export interface PricingInput {
  lines: readonly PricingLine[];
  promo?: PromoRule | null;
  fulfillment: FulfillmentKind;
  /** Tax rate for the destination in basis points (2000 = 20 %). */
  tax_rate_bps: number;
}

/** Flat shipping charge by fulfillment method (minor units of the order's currency). */
export const SHIPPING_CHARGES: Record<FulfillmentKind, number> = {
  ship: 595,
  local_delivery: 995,
  pickup: 0,
  digital: 0,
};
/**
 * Whether any amount of a priced order is beyond what a number holds exactly (2^53 − 1 minor
 * units): such an order would be stored and charged wrong, so it is refused instead.
 */
export function exceedsExactMoney(priced: { lines: readonly PricedLine[]; totals: OrderTotals }): boolean {
  const amounts = [
    ...priced.lines.flatMap((l) => [l.subtotal, l.total]),
    priced.totals.subtotal,
    priced.totals.grand_total,
  ];
  return amounts.some((a) => !Number.isSafeInteger(a));
}

/** Orders whose discounted subtotal reaches this ship free. */
export const FREE_SHIPPING_FROM = 10_000;

export function promoApplies(promo: PromoRule, lines: readonly PricingLine[]): boolean {
  const subtotal = sum(lines.map((l) => l.unit_price * l.quantity));
  return subtotal >= (promo.min_subtotal ?? 0);
}

/**
 * Prices an order. Taxes are added to prices (tax-exclusive), per line on the discounted amount
 * and on shipping at the same rate. Invariants (checked by the unit tests on random input):
 * line.total = subtotal − discount + tax; grand_total = Σ line totals + shipping + shipping tax;
 * discount_total = Σ line discounts; tax_total = Σ line taxes + shipping tax; nothing negative.
 */
export function priceOrder(input: PricingInput): { lines: PricedLine[]; totals: OrderTotals } {
  const subtotals = input.lines.map((l) => l.unit_price * l.quantity);
  const subtotal = sum(subtotals);
  const promo = input.promo && promoApplies(input.promo, input.lines) ? input.promo : null;
  const eligible = input.lines.map((l, i) =>
    promo && (!promo.skus || promo.skus.length === 0 || promo.skus.includes(l.sku)) ? subtotals[i]! : 0,
  );
  let discounts = input.lines.map(() => 0);
  if (promo?.kind === "percentage") {
    const bps = Math.min(Math.max(promo.value, 0), 10_000);
    discounts = eligible.map((e) => applyBasisPoints(e, bps));
  } else if (promo?.kind === "fixed") {
    const off = Math.min(Math.max(promo.value, 0), sum(eligible));
    discounts = allocateProportionally(off, eligible);
  }
  const taxes = subtotals.map((s, i) => applyBasisPoints(s - discounts[i]!, input.tax_rate_bps));
  const lines = input.lines.map((l, i) => ({
    sku: l.sku,
    quantity: l.quantity,
    unit_price: l.unit_price,
    subtotal: subtotals[i]!,
    discount: discounts[i]!,
    tax: taxes[i]!,
    total: subtotals[i]! - discounts[i]! + taxes[i]!,
  }));
  const discountTotal = sum(discounts);
  const goods = subtotal - discountTotal;
  const quantity = sum(input.lines.map((l) => l.quantity));
  const shipping =
    quantity === 0 || promo?.kind === "free_shipping" || goods >= FREE_SHIPPING_FROM
      ? 0
      : SHIPPING_CHARGES[input.fulfillment];
  const shippingTax = applyBasisPoints(shipping, input.tax_rate_bps);
  const lineTax = sum(taxes);
  return {
    lines,
    totals: {
      subtotal,
      discount_total: discountTotal,
      shipping_total: shipping,
      shipping_tax: shippingTax,
      tax_total: lineTax + shippingTax,
      grand_total: sum(lines.map((l) => l.total)) + shipping + shippingTax,
    },
  };
}
