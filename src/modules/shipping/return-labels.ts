// Return labels: the same carriers, the other way round — from the customer's address to the
// location that receives the return, the cheapest service (a return has no promised date).
import type { Config } from "../../config.js";
import type { Executor } from "../../db/transaction.js";
import { unprocessable } from "../../domain/errors.js";
import { routeOf } from "./addresses.js";
import type { RateRequest } from "./carriers/carrier.js";
import { carriersFor } from "./carriers/registry.js";
import { renderLabelPdf } from "./documents/index.js";
import { quotes } from "./labels.js";
import { address } from "./printing.js";

export interface ReturnLabel {
  carrier: string;
  service: string;
  tracking_number: string;
  tracking_url: string;
  cost: number;
  ship_date: string;
}

export interface ReturnParcel {
  orderId: string;
  /** Where the return goes. */
  locationId: string;
  weightGrams: number;
}

async function returnRoute(db: Executor, parcel: ReturnParcel) {
  const route = await routeOf(db, { location_id: parcel.locationId, order_id: parcel.orderId });
  return { route, from: route.to, to: route.from };
}

/** Buys the cheapest label from the customer to the location (called outside any transaction). */
export async function buyReturnLabel(
  db: Executor,
  config: Pick<Config, "publicUrl" | "shipping">,
  parcel: ReturnParcel,
  at = new Date(),
): Promise<ReturnLabel> {
  const { route, from, to } = await returnRoute(db, parcel);
  const request: RateRequest = {
    from,
    to,
    parcel: { weightGrams: parcel.weightGrams, lengthMm: null, widthMm: null, heightMm: null },
    at,
    originTimeZone: route.origin.time_zone,
    cutoffHour: route.origin.cutoff_hour,
  };
  const carriers = carriersFor(config);
  const [cheapest] = (await quotes(carriers.all, request)).sort((a, b) => a.amount - b.amount);
  const carrier = cheapest && carriers.get(cheapest.carrier);
  if (!cheapest || !carrier) throw unprocessable("No carrier takes a return on this route");
  const label = await carrier.buyLabel(request, cheapest.service);
  return {
    carrier: cheapest.carrier,
    service: cheapest.service,
    tracking_number: label.trackingNumber,
    tracking_url: label.trackingUrl,
    cost: cheapest.amount,
    ship_date: cheapest.shipDate,
  };
}

/** The return label as a 4×6 PDF, the customer's address as sender. */
export async function returnLabelPdf(
  db: Executor,
  config: Pick<Config, "publicUrl" | "shipping">,
  parcel: ReturnParcel & { reference: string; label: ReturnLabel },
): Promise<Buffer> {
  const { route, from, to } = await returnRoute(db, parcel);
  return renderLabelPdf({
    trackingNumber: parcel.label.tracking_number,
    trackingUrl: parcel.label.tracking_url,
    carrierName: carriersFor(config).get(parcel.label.carrier)?.name ?? parcel.label.carrier,
    serviceName: `Return · ${parcel.label.service}`,
    from: address(from),
    to: address(to),
    weightGrams: parcel.weightGrams,
    packageIndex: 1,
    packageCount: 1,
    orderNumber: String(route.contact.number),
    shipmentId: parcel.reference,
    shipDate: parcel.label.ship_date,
    reference: `RETURN ${parcel.reference}`,
  });
}
