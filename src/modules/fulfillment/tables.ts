import type { FulfillmentOrderStatus } from "../../domain/fulfillment-order.js";

export type { FulfillmentOrderStatus };

export interface FulfillmentOrdersTable {
  id: string;
  order_id: string;
  /** Null for digital lines, which no location fulfils. */
  location_id: string | null;
  fulfillment_type: "ship" | "pickup" | "local_delivery" | "digital";
  status: FulfillmentOrderStatus;
  /** `YYYY-MM-DD` in the location's calendar. */
  promised_ship_date: string | null;
  promised_delivery_date: string | null;
  sourcing_decision_id: string | null;
  /** Why it was rejected, cancelled or short. */
  reason: string | null;
  version: number;
  accepted_at: string | null;
  fulfilled_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface FulfillmentOrderLinesTable {
  fulfillment_order_id: string;
  order_line_id: string;
  /** The SKU whose stock is committed (a kit's component for kit lines). */
  sku: string;
  quantity: number;
  fulfilled_quantity: number;
  /** Units scanned off the shelf so far (never more than quantity − fulfilled). */
  picked_quantity: number;
  /** Units the location reported it does not have (moved elsewhere by re-sourcing). */
  shortage_quantity: number;
}

export interface FulfillmentTables {
  fulfillment_orders: FulfillmentOrdersTable;
  fulfillment_order_lines: FulfillmentOrderLinesTable;
}
