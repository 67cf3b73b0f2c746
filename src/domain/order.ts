// The order lifecycle, pure. An order's status is never set: it is derived from its lines'
// quantity states, so it cannot drift from them. Every change of status must be an allowed
// transition of the state machine below.

/** Where each unit of a line is. `quantity` = committed + backordered + shipped + delivered + returned + cancelled + pending. */
export interface LineQuantities {
  quantity: number;
  /** Units not yet committed nor backordered (a draft's lines). */
  pending: number;
  committed: number;
  backordered: number;
  shipped: number;
  delivered: number;
  returned: number;
  cancelled: number;
}

export const ORDER_STATUSES = [
  "draft",
  "open",
  "backordered",
  "partially_shipped",
  "shipped",
  "delivered",
  "returned",
  "cancelled",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Allowed status transitions (a status may always stay as it is). */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  draft: ["open", "backordered", "cancelled"],
  open: ["backordered", "partially_shipped", "shipped", "delivered", "cancelled"],
  backordered: ["open", "partially_shipped", "shipped", "cancelled"],
  partially_shipped: ["open", "backordered", "shipped", "delivered", "returned"],
  shipped: ["delivered", "returned"],
  delivered: ["returned"],
  returned: [],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || ORDER_TRANSITIONS[from].includes(to);
}

export function lineInvariantHolds(l: LineQuantities): boolean {
  const parts = [l.pending, l.committed, l.backordered, l.shipped, l.delivered, l.returned, l.cancelled];
  return (
    Number.isInteger(l.quantity) &&
    l.quantity >= 0 &&
    parts.every((p) => Number.isInteger(p) && p >= 0) &&
    parts.reduce((a, b) => a + b, 0) === l.quantity
  );
}

/** The order's status from its lines. */
export function deriveStatus(lines: readonly LineQuantities[]): OrderStatus {
  const t = (k: keyof LineQuantities) => lines.reduce((a, l) => a + l[k], 0);
  const quantity = t("quantity");
  const cancelled = t("cancelled");
  const active = quantity - cancelled;
  if (lines.length === 0) return "draft";
  if (active === 0) return "cancelled";
  if (t("pending") > 0) return "draft";
  const returned = t("returned");
  const delivered = t("delivered");
  const shipped = t("shipped");
  if (returned === active) return "returned";
  if (returned + delivered === active) return "delivered";
  if (returned + delivered + shipped === active) return "shipped";
  if (returned + delivered + shipped > 0) return "partially_shipped";
  if (t("backordered") > 0) return "backordered";
  return "open";
}

/** Units that can still be cancelled (not yet shipped). */
export const cancellable = (l: LineQuantities) => l.pending + l.backordered + l.committed;

/** Cancels up to `n` units of a line: backordered and pending first, then committed. */
export function cancelUnits(l: LineQuantities, n: number): { next: LineQuantities; fromCommitted: number } {
  if (!Number.isInteger(n) || n < 0 || n > cancellable(l))
    throw new RangeError("Cannot cancel that many units");
  const next = { ...l };
  let left = n;
  const take = (k: "pending" | "backordered" | "committed") => {
    const x = Math.min(next[k], left);
    next[k] -= x;
    left -= x;
    return x;
  };
  take("pending");
  take("backordered");
  const fromCommitted = take("committed");
  next.cancelled += n;
  return { next, fromCommitted };
}

/** An order can be edited while nothing of it has shipped and it is not cancelled. */
export function isEditable(lines: readonly LineQuantities[], status: OrderStatus): boolean {
  return (
    (status === "draft" || status === "open" || status === "backordered") &&
    lines.every((l) => l.shipped + l.delivered + l.returned === 0)
  );
}

// ---------------------------------------------------------------------------------- holds

export const HOLD_TYPES = ["fraud", "payment", "address", "manual", "inventory", "customer_request"] as const;
export type HoldType = (typeof HOLD_TYPES)[number];

export interface HoldRuleInput {
  grand_total: number;
  currency: string;
  shipping_country: string | null;
  billing_country: string | null;
}

export interface RuleHold {
  type: HoldType;
  reason: string;
}

/** Orders above this total (minor units, any currency) wait for a fraud review. */
export const HIGH_VALUE_THRESHOLD = 250_000;

/** Holds the rules place automatically at capture. */
export function ruleHolds(o: HoldRuleInput): RuleHold[] {
  const holds: RuleHold[] = [];
  if (o.grand_total > HIGH_VALUE_THRESHOLD) {
    holds.push({
      type: "fraud",
      reason: `Order total ${o.grand_total} ${o.currency} is above ${HIGH_VALUE_THRESHOLD}`,
    });
  }
  if (o.shipping_country && o.billing_country && o.shipping_country !== o.billing_country) {
    holds.push({
      type: "fraud",
      reason: `Billing country ${o.billing_country} differs from shipping country ${o.shipping_country}`,
    });
  }
  return holds;
}

/** A held, draft or finished order is not released to fulfillment. */
export function releasableToFulfillment(status: OrderStatus, openHolds: number): boolean {
  return openHolds === 0 && (status === "open" || status === "backordered" || status === "partially_shipped");
}

/** What staff and integrations can do with an order now (the console offers only these). */
export const ORDER_ACTIONS = ["place", "edit", "cancel", "hold", "release"] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** Whether a new hold can still stop something: not once everything has left or ended. */
export function isHoldable(status: OrderStatus): boolean {
  return status !== "cancelled" && status !== "delivered" && status !== "returned" && status !== "shipped";
}

export function allowedOrderActions(
  status: OrderStatus,
  lines: readonly LineQuantities[],
  openHolds: number,
): OrderAction[] {
  const allowed: OrderAction[] = [];
  if (status === "draft") allowed.push("place");
  if (isEditable(lines, status)) allowed.push("edit");
  if (status !== "cancelled" && lines.some((l) => cancellable(l) > 0)) allowed.push("cancel");
  if (isHoldable(status)) allowed.push("hold");
  if (openHolds > 0) allowed.push("release");
  return allowed;
}
