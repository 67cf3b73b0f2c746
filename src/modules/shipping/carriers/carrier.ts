// The one interface every carrier sits behind. Ordo ships with an offline rate-table carrier;
// an EasyPost, Shippo or ShipEngine adapter implements the same four calls (rates, buy a label,
// void it, track) plus reading its signed webhooks, and is registered in registry.ts.
//
// Adapters are plain objects with no access to Ordo's database: they are given everything they
// need and return what the carrier said, so a slow or failing carrier API never holds a
// transaction open longer than its own call.
import type { TrackingStatus } from "../../../domain/shipping/tracking.js";
import type { Address } from "../documents/types.js";

/** An address as carriers take it: the printed lines and, when known, where it is. */
export interface ShippingAddress extends Address {
  lat: number | null;
  lon: number | null;
}

export interface Parcel {
  weightGrams: number;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
}

export interface RateRequest {
  from: ShippingAddress;
  to: ShippingAddress;
  parcel: Parcel;
  /** When the package is handed to the carrier (now, usually). */
  at: Date;
  /** The origin's time zone and daily cut-off hour (pickups after it leave the next business day). */
  originTimeZone: string;
  cutoffHour: number;
}

export interface Rate {
  carrier: string;
  service: string;
  serviceName: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  shipDate: string;
  estimatedDeliveryDate: string;
  transitDays: number;
}

export interface PurchasedLabel {
  trackingNumber: string;
  trackingUrl: string;
  rate: Rate;
}

/** One scan the carrier reports, in Shopify's fulfillment-event vocabulary. */
export interface CarrierEvent {
  carrierEventId: string;
  trackingNumber: string;
  status: TrackingStatus;
  happenedAt: string;
  message: string | null;
  city: string | null;
  estimatedDeliveryAt: string | null;
}

export interface Carrier {
  readonly code: string;
  readonly name: string;
  rates(request: RateRequest): Promise<Rate[]>;
  buyLabel(request: RateRequest, service: string): Promise<PurchasedLabel>;
  /** Refunds an unused label; false when the carrier refuses (already scanned). */
  voidLabel(trackingNumber: string): Promise<boolean>;
  /** The carrier's events for a tracking number, for polling when webhooks are not set up. */
  track(trackingNumber: string): Promise<CarrierEvent[]>;
  /**
   * Verifies a webhook call's signature against the raw body and reads its events; throws
   * when the signature does not verify. Headers are lower-cased.
   */
  parseWebhook(headers: Readonly<Record<string, string | undefined>>, rawBody: string): CarrierEvent[];
  /** The public page where the customer follows a tracking number. */
  trackingUrl(trackingNumber: string): string;
}
