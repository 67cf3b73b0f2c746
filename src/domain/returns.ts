// Returns (RMAs): their workflow, what may be returned under a channel's policy, and the refund a
// receipt earns — line value (its share of discounts and tax), shipping when the merchant was at
// fault, less the restocking and return-shipping fees. Pure code; money in minor units.
import { applyBasisPoints } from "./money.js";
import { valueOfUnits } from "./payments/charges.js";
import { defineStateMachine } from "./state-machine.js";

export const RETURN_STATUSES = [
  "requested",
  "approved",
  "rejected",
  "received",
  "refunded",
  "cancelled",
] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const returnMachine = defineStateMachine<
  ReturnStatus,
  "approve" | "reject" | "receive" | "refund" | "cancel"
>("Return", {
  approve: { from: ["requested"], to: ["approved"], refusal: "only a requested return can be approved" },
  reject: { from: ["requested"], to: ["rejected"], refusal: "only a requested return can be rejected" },
  receive: { from: ["approved"], to: ["received"], refusal: "only an approved return can be received" },
  refund: { from: ["received"], to: ["refunded"], refusal: "only a received return can be refunded" },
  cancel: {
    from: ["requested", "approved"],
    to: ["cancelled"],
    refusal: "only a return not yet received can be cancelled",
  },
});

export const DISPOSITIONS = ["restock", "damaged", "dispose"] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const REFUND_METHODS = ["original_payment", "store_credit"] as const;
export type RefundMethod = (typeof REFUND_METHODS)[number];

export interface ReturnReason {
  code: string;
  label: string;
  /** The merchant's fault (damaged, wrong item): no fees, and shipping is refunded. */
  merchant_fault: boolean;
}

export interface ReturnPolicy {
  window_days: number;
  non_returnable_skus: string[];
  restocking_fee_bps: number;
  return_shipping_fee: number;
  requires_approval: boolean;
  reasons: ReturnReason[];
}

export const DEFAULT_RETURN_REASONS: ReturnReason[] = [
  { code: "changed_mind", label: "Changed my mind", merchant_fault: false },
  { code: "wrong_size", label: "Wrong size or fit", merchant_fault: false },
  { code: "damaged", label: "Arrived damaged", merchant_fault: true },
  { code: "defective", label: "Does not work", merchant_fault: true },
  { code: "wrong_item", label: "Wrong item sent", merchant_fault: true },
  { code: "not_as_described", label: "Not as described", merchant_fault: true },
];

export const DEFAULT_RETURN_POLICY: ReturnPolicy = {
  window_days: 30,
  non_returnable_skus: [],
  restocking_fee_bps: 0,
  return_shipping_fee: 0,
  requires_approval: false,
  reasons: DEFAULT_RETURN_REASONS,
};

export interface ReturnableLine {
  id: string;
  sku: string;
  quantity: number;
  cancelled: number;
  shipped: number;
  delivered: number;
  returned: number;
  total: number;
}

/** Units of a line the customer has and has not already asked to send back. */
export const returnableUnits = (line: ReturnableLine, inOpenReturns: number): number =>
  Math.max(0, line.shipped + line.delivered - inOpenReturns);

/** Whether a return asked for at `now` is within the window counted from when the order left or arrived. */
export function withinWindow(from: string | null, windowDays: number, now: Date): boolean {
  if (!from) return true;
  return now.getTime() - new Date(from).getTime() <= windowDays * 86_400_000;
}

export interface ReceivedLine {
  line: ReturnableLine;
  /** Units of the line refunded by earlier returns, so this one takes the next units' value. */
  refundedBefore: number;
  quantity: number;
  reason: ReturnReason;
  disposition: Disposition;
}

export interface RefundBreakdown {
  lines: Array<{ order_line_id: string; quantity: number; value: number; restocking_fee: number }>;
  shipping: number;
  return_shipping_fee: number;
  total: number;
}

/** The refund a receipt earns, every part listed so an agent (and the customer) can read why. */
export function computeRefund(input: {
  received: readonly ReceivedLine[];
  policy: Pick<ReturnPolicy, "restocking_fee_bps" | "return_shipping_fee">;
  /** The order's shipping total, refunded once when the merchant was at fault and everything came back. */
  shippingTotal: number;
  shippingAlreadyRefunded: boolean;
  allUnitsBack: boolean;
  returnLabelBought: boolean;
}): RefundBreakdown {
  const lines = input.received.map((r) => {
    const value =
      valueOfUnits(r.line, r.refundedBefore + r.quantity) - valueOfUnits(r.line, r.refundedBefore);
    const fee = r.reason.merchant_fault ? 0 : applyBasisPoints(value, input.policy.restocking_fee_bps);
    return { order_line_id: r.line.id, quantity: r.quantity, value, restocking_fee: fee };
  });
  const merchantFault = input.received.some((r) => r.reason.merchant_fault);
  const shipping =
    merchantFault && input.allUnitsBack && !input.shippingAlreadyRefunded ? input.shippingTotal : 0;
  const returnShippingFee = !merchantFault && input.returnLabelBought ? input.policy.return_shipping_fee : 0;
  const goods = lines.reduce((s, l) => s + l.value - l.restocking_fee, 0);
  return {
    lines,
    shipping,
    return_shipping_fee: returnShippingFee,
    total: Math.max(0, goods + shipping - returnShippingFee),
  };
}
