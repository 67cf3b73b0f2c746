import type { ShipmentStatus } from "../../domain/shipping/shipment.js";
import type { TrackingStatus } from "../../domain/shipping/tracking.js";

/** A box a location packs into. */
export interface PackageTypesTable {
  id: string;
  /** Null: offered at every location. */
  location_id: string | null;
  name: string;
  length_mm: number;
  width_mm: number;
  height_mm: number;
  tare_grams: number;
  max_weight_grams: number;
  active: number;
  created_at: string;
  updated_at: string;
}

/** One package of a fulfillment order, from packing to delivery (Shopify: a fulfillment). */
export interface ShipmentsTable {
  id: string;
  fulfillment_order_id: string;
  order_id: string;
  location_id: string;
  fulfillment_type: "ship" | "pickup" | "local_delivery";
  status: ShipmentStatus;
  package_type_id: string | null;
  length_mm: number | null;
  width_mm: number | null;
  height_mm: number | null;
  weight_grams: number;
  /** The active label, if one is bought. */
  label_id: string | null;
  carrier: string | null;
  service: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  promised_delivery_date: string | null;
  /** The delivery date the carrier service promised when the label was bought. */
  service_estimate: string | null;
  /** The current estimate: service estimate, moved by tracking events. */
  eta: string | null;
  tracking_status: TrackingStatus | null;
  last_event_at: string | null;
  /** Pickup orders: the code the customer shows at hand-over. */
  pickup_code: string | null;
  shipped_at: string | null;
  delivered_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ShipmentLinesTable {
  shipment_id: string;
  order_line_id: string;
  sku: string;
  title: string;
  quantity: number;
}

export interface ShippingLabelsTable {
  id: string;
  shipment_id: string;
  carrier: string;
  service: string;
  service_name: string;
  tracking_number: string;
  amount: number;
  currency: string;
  ship_date: string;
  estimated_delivery_date: string;
  status: "active" | "voided";
  created_at: string;
  voided_at: string | null;
}

export interface TrackingEventsTable {
  id: string;
  shipment_id: string;
  carrier: string;
  carrier_event_id: string;
  tracking_number: string | null;
  status: TrackingStatus;
  happened_at: string;
  message: string | null;
  city: string | null;
  estimated_delivery_at: string | null;
  source: "carrier" | "api";
  created_at: string;
}

export interface ShippingTables {
  package_types: PackageTypesTable;
  shipments: ShipmentsTable;
  shipment_lines: ShipmentLinesTable;
  shipping_labels: ShippingLabelsTable;
  tracking_events: TrackingEventsTable;
}
