// The built-in carrier: prices and transit times from a rate table (zones by distance, weight
// breaks, standard and express), labels with locally generated tracking numbers, tracking from
// Standard-Webhooks-signed calls. It needs no network, so a fresh install ships end to end; it
// is also the reference for writing a real carrier adapter.
import { randomInt } from "node:crypto";
import { locate } from "../../../domain/geography.js";
import {
  DEFAULT_RATE_TABLE,
  quoteRates,
  type RateTable,
  type ServiceLevel,
} from "../../../domain/shipping/rate-table.js";
import { TRACKING_STATUSES, type TrackingStatus } from "../../../domain/shipping/tracking.js";
import { trackingNumber } from "../../../domain/shipping/tracking-number.js";
import { verifiedWebhookBody } from "../../../domain/webhook-signature.js";
import type { Carrier, CarrierEvent, Rate, RateRequest, ShippingAddress } from "./carrier.js";

export const RATE_TABLE_CARRIER = "ordo_rates";
const TRACKING_PREFIX = "OR";

function point(a: ShippingAddress) {
  const p = locate({ country: a.country, postalCode: a.postalCode, lat: a.lat, lon: a.lon });
  if (!p) throw new RangeError(`Cannot place ${a.country} ${a.postalCode ?? ""} on the map`);
  return { lat: p.lat, lon: p.lon };
}

interface WebhookBody {
  events: Array<{
    id: string;
    tracking_number: string;
    status: string;
    occurred_at: string;
    message?: string | null;
    city?: string | null;
    estimated_delivery_at?: string | null;
  }>;
}

const isStatus = (s: string): s is TrackingStatus => (TRACKING_STATUSES as readonly string[]).includes(s);

export function rateTableCarrier(opts: {
  trackingPageUrl: (trackingNumber: string) => string;
  webhookSecret: string | undefined;
  table?: RateTable;
}): Carrier {
  const table = opts.table ?? DEFAULT_RATE_TABLE;
  const rates = (req: RateRequest): Rate[] =>
    quoteRates(table, {
      origin: point(req.from),
      destination: point(req.to),
      weightGrams: req.parcel.weightGrams,
      at: req.at,
      originTimeZone: req.originTimeZone,
      cutoffHour: req.cutoffHour,
    }).map((q) => ({
      carrier: RATE_TABLE_CARRIER,
      service: q.service,
      serviceName: q.serviceName,
      amount: q.amount,
      currency: q.currency,
      shipDate: q.shipDate,
      estimatedDeliveryDate: q.estimatedDeliveryDate,
      transitDays: q.transitDays,
    }));
  return {
    code: RATE_TABLE_CARRIER,
    name: "Ordo Rate Table",
    async rates(req) {
      return rates(req);
    },
    async buyLabel(req, service) {
      const rate = rates(req).find((r) => r.service === (service as ServiceLevel));
      if (!rate) throw new RangeError(`No ${service} service on this route`);
      const number = trackingNumber(TRACKING_PREFIX, randomInt(0, 1e12));
      return { trackingNumber: number, trackingUrl: opts.trackingPageUrl(number), rate };
    },
    async voidLabel() {
      return true;
    },
    async track() {
      // Nothing to poll: this carrier's events arrive by webhook or through the API.
      return [];
    },
    parseWebhook(headers, rawBody) {
      const body = verifiedWebhookBody<WebhookBody>(headers, rawBody, opts.webhookSecret);
      return body.events.map((e): CarrierEvent => {
        if (!isStatus(e.status)) throw new Error(`unknown status ${e.status}`);
        return {
          carrierEventId: e.id,
          trackingNumber: e.tracking_number,
          status: e.status,
          happenedAt: e.occurred_at,
          message: e.message ?? null,
          city: e.city ?? null,
          estimatedDeliveryAt: e.estimated_delivery_at ?? null,
        };
      });
    },
    trackingUrl: opts.trackingPageUrl,
  };
}
