// Rates and labels: what each carrier would charge and when it would arrive, rate shopping (the
// cheapest service that meets the promised date), buying a label (one tracking number per
// package) and voiding it. Given the database, the carrier is called outside any transaction and
// the label recorded in one; given a transaction (the API's idempotent requests), inside it. A
// label bought for a package that changed meanwhile, or whose recording failed, is voided again.
import { type Executor, inTransaction } from "../../db/transaction.js";
import { DomainError, unprocessable } from "../../domain/errors.js";
import { chooseRate } from "../../domain/shipping/rate-shopping.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { type Route, routeOf } from "./addresses.js";
import type { Carrier, Rate, RateRequest } from "./carriers/carrier.js";
import type { Carriers } from "./carriers/registry.js";
import { announceShipment, assertCan, moveShipment } from "./lifecycle.js";
import { getStoredShipment, publicView, type Shipment, type StoredShipment } from "./queries.js";
import { recordEvent } from "./tracking.js";

function rateRequest(s: StoredShipment, route: Route, at: Date): RateRequest {
  return {
    from: route.from,
    to: route.to,
    parcel: {
      weightGrams: s.weight_grams,
      lengthMm: s.length_mm,
      widthMm: s.width_mm,
      heightMm: s.height_mm,
    },
    at,
    originTimeZone: route.origin.time_zone,
    cutoffHour: route.origin.cutoff_hour,
  };
}

export async function quotes(carriers: readonly Carrier[], req: RateRequest): Promise<Rate[]> {
  const all: Rate[] = [];
  for (const c of carriers) {
    try {
      all.push(...(await c.rates(req)));
    } catch (error) {
      // A carrier that cannot serve this parcel (too heavy, no route) just offers nothing.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return all;
}

function assertShipsByCarrier(s: StoredShipment) {
  if (s.fulfillment_type !== "ship") {
    throw unprocessable(`Shipment ${s.id} is for ${s.fulfillment_type}: it needs no carrier label`);
  }
}

export interface RateView extends Rate {
  meetsPromise: boolean | null;
  chosen: boolean;
}

/** Every carrier's rates for a package, the rate-shopping choice marked. */
export async function ratesFor(
  db: Executor,
  carriers: Carriers,
  id: string,
  at = new Date(),
): Promise<RateView[]> {
  const s = await getStoredShipment(db, id);
  assertShipsByCarrier(s);
  const route = await routeOf(db, s);
  const rates = await quotes(carriers.all, rateRequest(s, route, at));
  const choice = chooseRate(rates, s.promised_delivery_date);
  return rates.map((r) => ({
    ...r,
    meetsPromise: s.promised_delivery_date ? r.estimatedDeliveryDate <= s.promised_delivery_date : null,
    chosen: r === choice?.quote,
  }));
}

export async function buyLabel(
  db: Executor,
  ctx: RequestContext,
  carriers: Carriers,
  id: string,
  want: { carrier?: string | undefined; service?: string | undefined } = {},
): Promise<Shipment> {
  const s = await getStoredShipment(db, id);
  assertShipsByCarrier(s);
  assertCan(s, "buy_label");
  const route = await routeOf(db, s);
  const req = rateRequest(s, route, new Date());
  const offered = await quotes(
    want.carrier ? carriers.all.filter((c) => c.code === want.carrier) : carriers.all,
    req,
  );
  const candidates = want.service ? offered.filter((r) => r.service === want.service) : offered;
  const choice = chooseRate(candidates, s.promised_delivery_date);
  if (!choice) {
    throw new DomainError("no-rate", "No carrier service can take this package", {
      errors: [{ path: want.service ? "body.service" : "body", message: "no matching rate" }],
    });
  }
  const carrier = carriers.get(choice.quote.carrier)!;
  const bought = await carrier.buyLabel(req, choice.quote.service);
  try {
    return await inTransaction(db, async (tx) => {
      const current = await getStoredShipment(tx, id);
      if (current.version !== s.version)
        throw new DomainError("conflict", `Shipment ${id} changed meanwhile; retry`);
      const labelId = newId("shippingLabel");
      const rate = bought.rate;
      await tx
        .insertInto("shipping_labels")
        .values({
          id: labelId,
          shipment_id: id,
          carrier: carrier.code,
          service: rate.service,
          service_name: rate.serviceName,
          tracking_number: bought.trackingNumber,
          amount: rate.amount,
          currency: rate.currency,
          ship_date: rate.shipDate,
          estimated_delivery_date: rate.estimatedDeliveryDate,
          status: "active",
          created_at: nowIso(),
          voided_at: null,
        })
        .execute();
      let next = await moveShipment(tx, current, "buy_label", "label_purchased", {
        label_id: labelId,
        carrier: carrier.code,
        service: rate.service,
        tracking_number: bought.trackingNumber,
        tracking_url: bought.trackingUrl,
        service_estimate: rate.estimatedDeliveryDate,
        eta: rate.estimatedDeliveryDate,
      });
      next = await recordEvent(
        tx,
        ctx,
        next,
        {
          carrier: carrier.code,
          carrierEventId: `label:${labelId}`,
          status: "label_printed",
          happenedAt: nowIso(),
          message: `${rate.serviceName} label bought`,
          city: route.origin.city,
          estimatedDeliveryAt: null,
          source: "api",
        },
        { announce: false },
      );
      await announceShipment(tx, ctx, next, "label_purchased", {
        rate_shopping: { meets_promise: choice.meetsPromise, reason: choice.reason },
      });
      return publicView(next);
    });
  } catch (error) {
    await carrier.voidLabel(bought.trackingNumber).catch(() => false);
    throw error;
  }
}

/** Voids the active label of a package that has not shipped: it is packed again, without tracking. */
export async function voidLabel(
  db: Executor,
  ctx: RequestContext,
  carriers: Carriers,
  id: string,
): Promise<Shipment> {
  const s = await getStoredShipment(db, id);
  const label = s.labels.find((l) => l.id === s.label_id);
  assertCan(s, "void_label");
  if (!label) throw new DomainError("conflict", `Shipment ${id} has no active label`);
  const carrier = carriers.get(label.carrier);
  if (carrier && !(await carrier.voidLabel(label.tracking_number))) {
    throw new DomainError(
      "conflict",
      `${label.carrier} refused to void ${label.tracking_number} (already scanned?)`,
    );
  }
  return inTransaction(db, async (tx) => {
    const current = await getStoredShipment(tx, id);
    await tx
      .updateTable("shipping_labels")
      .set({ status: "voided", voided_at: nowIso() })
      .where("id", "=", label.id)
      .execute();
    await moveShipment(tx, current, "void_label", "packed", {
      label_id: null,
      carrier: null,
      service: null,
      tracking_number: null,
      tracking_url: null,
      service_estimate: null,
      eta: current.promised_delivery_date,
      tracking_status: null,
    });
    const after = await getStoredShipment(tx, id); // with the label shown voided
    await announceShipment(tx, ctx, after, "label_voided", { voided_tracking_number: label.tracking_number });
    return publicView(after);
  });
}
