// How much of an order is owed when: a package is charged as it ships (Stripe's multicapture),
// so the amount due is the value of the units shipped so far plus shipping once anything left.

export interface ChargeableLine {
  quantity: number;
  cancelled: number;
  shipped: number;
  /** The line's total (after its discount, with its tax) for its units not cancelled. */
  total: number;
}

/**
 * The value of a line's first `units` units. Cumulative, so charging package by package never
 * drifts: the last unit takes what rounding left over and the parts add up to the line total.
 */
export function valueOfUnits(line: ChargeableLine, units: number): number {
  const active = line.quantity - line.cancelled;
  if (active <= 0 || units <= 0) return 0;
  if (units >= active) return line.total;
  return Math.floor((line.total * units) / active);
}

/** What the order owes for what has shipped: the shipped units' value, and shipping with the first package. */
export function amountDue(lines: readonly ChargeableLine[], shippingTotal: number): number {
  const goods = lines.reduce((s, l) => s + valueOfUnits(l, Math.min(l.shipped, l.quantity - l.cancelled)), 0);
  const anyShipped = lines.some((l) => l.shipped > 0);
  return goods + (anyShipped ? shippingTotal : 0);
}

/** Whether nothing more will ship: every unit not cancelled has shipped. */
export function nothingLeftToShip(lines: readonly ChargeableLine[]): boolean {
  return lines.every((l) => l.shipped >= l.quantity - l.cancelled);
}
