// What each printed document is made from: plain data, so rendering is pure and testable.

export interface Address {
  name: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string;
}

export interface LabelData {
  trackingNumber: string;
  trackingUrl: string;
  carrierName: string;
  serviceName: string;
  from: Address;
  to: Address;
  weightGrams: number;
  packageIndex: number;
  packageCount: number;
  orderNumber: string;
  shipmentId: string;
  /** YYYY-MM-DD */
  shipDate: string;
  /** The merchant's own reference (PO number, customer ref), printed when present. */
  reference?: string | null;
}

export interface SlipLine {
  sku: string;
  productTitle: string;
  variantTitle: string | null;
  quantity: number;
  /** Where it was picked from; not printed on the slip, which the customer reads. */
  bin?: string | null;
}

export interface PackingSlipData {
  merchantName: string;
  supportEmail?: string | null;
  orderNumber: string;
  orderedAt: string;
  shipTo: Address;
  lines: SlipLine[];
  packageIndex: number;
  packageCount: number;
  /** A note for the customer (gift message, order note). */
  note?: string | null;
}

export interface PickListLine {
  bin: string | null;
  sku: string;
  productTitle: string;
  variantTitle: string | null;
  barcode: string | null;
  quantity: number;
  picks: Array<{ fulfillmentOrderId: string; orderNumber: string; quantity: number }>;
}

export interface PickListData {
  title: string;
  locationName: string;
  generatedAt: string;
  fulfillmentOrderIds: string[];
  /** Already grouped by SKU and sorted by bin. */
  lines: PickListLine[];
}
