export interface CountersTable {
  name: string;
  value: number;
}

export interface OrdersTable {
  id: string;
  number: number;
  channel_id: string;
  external_ref: string | null;
  email: string;
  phone: string | null;
  customer_id: string | null;
  customer_name: string | null;
  /** Lower-cased customer / shipping name, for search. */
  name_lc: string | null;
  /** JSON PostalAddress */
  shipping_address: string | null;
  billing_address: string | null;
  currency: string;
  subtotal: number;
  discount_total: number;
  shipping_total: number;
  tax_total: number;
  grand_total: number;
  tax_rate_bps: number;
  /** Derived from the lines in the same transaction as every change; stored for search. */
  status: string;
  open_holds: number;
  requested_fulfillment: string;
  pickup_location_id: string | null;
  requested_delivery_date: string | null;
  promo_code: string | null;
  /** JSON PromoRule as applied at capture, so re-pricing after edits and cancellations is stable. */
  promo_rule: string | null;
  /** JSON array: the locations allowed to commit stock for this order (channel × fulfillment). */
  location_scope: string;
  notes: string | null;
  /** JSON array */
  tags: string;
  version: number;
  placed_at: string | null;
  cancelled_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrderTagsTable {
  tag: string;
  order_id: string;
}

export interface OrderLinesTable {
  id: string;
  order_id: string;
  sku: string;
  /** What people read: "Product — Variant" (see domain/line-title.ts). */
  title: string;
  /** The catalog product's title at capture ('' on lines older than migration 0012 whose SKU was gone). */
  product_title: string;
  /** The variant's title at capture; null when the catalog only called it "Default". */
  variant_title: string | null;
  quantity: number;
  pending: number;
  committed: number;
  backordered: number;
  shipped: number;
  delivered: number;
  returned: number;
  cancelled: number;
  preorder: number;
  unit_price: number;
  price_override_reason: string | null;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  location_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrderAllocationsTable {
  line_id: string;
  location_id: string;
  order_id: string;
  sku: string;
  quantity: number;
}

export interface OrderHoldsTable {
  id: string;
  order_id: string;
  type: string;
  reason: string;
  source: "rule" | "agent" | "payments";
  placed_by: string;
  placed_at: string;
  released_at: string | null;
  released_by: string | null;
  release_reason: string | null;
}

export interface OrderVersionsTable {
  order_id: string;
  version: number;
  snapshot: string;
  created_at: string;
}

export interface OrderEventsTable {
  id: string;
  order_id: string;
  type: string;
  message: string;
  data: string | null;
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  request_id: string | null;
  created_at: string;
}

export interface OrderTables {
  counters: CountersTable;
  orders: OrdersTable;
  order_tags: OrderTagsTable;
  order_lines: OrderLinesTable;
  order_allocations: OrderAllocationsTable;
  order_holds: OrderHoldsTable;
  order_versions: OrderVersionsTable;
  order_events: OrderEventsTable;
}
