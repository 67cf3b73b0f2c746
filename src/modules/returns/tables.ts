import type { Disposition, RefundMethod, ReturnStatus } from "../../domain/returns.js";

/** A channel's return policy; a channel without one uses the default (30 days, no fees). */
export interface ReturnPoliciesTable {
  channel_id: string;
  window_days: number;
  /** JSON list of SKUs that cannot be returned. */
  non_returnable_skus: string;
  restocking_fee_bps: number;
  return_shipping_fee: number;
  requires_approval: number;
  /** JSON list of { code, label, merchant_fault }. */
  reasons: string;
  updated_at: string;
}

/** A return (RMA): units of an order's lines coming back, and the refund they earn. */
export interface ReturnsTable {
  id: string;
  /** Printed on the parcel and said on the phone: R<order number>-<n>. */
  reference: string;
  order_id: string;
  order_number: number;
  channel_id: string;
  email: string;
  status: ReturnStatus;
  source: "portal" | "console" | "api";
  refund_method: RefundMethod;
  /** Where it is to be (or was) received: a warehouse, or a store (BORIS). */
  location_id: string | null;
  note: string | null;
  /** The return label, when one was bought. */
  carrier: string | null;
  service: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  label_cost: number | null;
  /** SHA-256 of the token in the customer's label link (the link opens without signing in). */
  label_token_hash: string | null;
  /** The refund the receipt earned (JSON breakdown), and what was refunded. */
  refund_breakdown: string | null;
  refund_due: number | null;
  refunded_amount: number | null;
  refund_adjustment_reason: string | null;
  decision_reason: string | null;
  /** The linked order that sends the replacements (exchange-first: it ships before this comes back). */
  exchange_order_id: string | null;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  received_at: string | null;
  refunded_at: string | null;
}

export interface ReturnLinesTable {
  return_id: string;
  order_line_id: string;
  sku: string;
  quantity: number;
  reason: string;
  note: string | null;
  received_quantity: number;
  disposition: Disposition | null;
  /** The variant the customer wants instead (an exchange), if any. */
  exchange_sku: string | null;
}

/** Store credit, as a ledger per customer e-mail and currency: the balance is the sum. */
export interface StoreCreditEntriesTable {
  id: string;
  email: string;
  currency: string;
  amount: number;
  reason: string;
  reference_type: string;
  reference_id: string;
  created_at: string;
}

export interface ReturnTables {
  return_policies: ReturnPoliciesTable;
  returns: ReturnsTable;
  return_lines: ReturnLinesTable;
  store_credit_entries: StoreCreditEntriesTable;
}
