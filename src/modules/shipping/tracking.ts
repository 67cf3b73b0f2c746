// Tracking: carrier events (by signed webhook or through the API) recorded once each, in any
// order; the shipment's status and ETA recomputed from all of them; delivery written to the
// order's lines (so the order reaches `delivered`); each event on the order's timeline and
// announced (e-mails for out for delivery, delayed, delivered follow from the events).
import { type Executor, inTransaction } from "../../db/transaction.js";
import { DomainError, unprocessable } from "../../domain/errors.js";
import { currentEta, currentStatus, type TrackingStatus } from "../../domain/shipping/tracking.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { applyFulfillmentChange } from "../orders/index.js";
import type { CarrierEvent } from "./carriers/carrier.js";
import type { Carriers } from "./carriers/registry.js";
import { reportDeliveryException } from "./delivery-exceptions.js";
import { announceShipment, moveShipment } from "./lifecycle.js";
import {
  getStoredShipment,
  publicView,
  type Shipment,
  type StoredShipment,
  updateShipment,
} from "./queries.js";
import type { TrackingEventInput } from "./schemas.js";
import type { TrackingEventsTable } from "./tables.js";

export interface NewTrackingEvent extends Omit<CarrierEvent, "trackingNumber"> {
  carrier: string;
  source: TrackingEventsTable["source"];
}

const TIMELINE: Partial<Record<TrackingStatus, string>> = {
  confirmed: "Carrier confirmed the package",
  in_transit: "In transit",
  out_for_delivery: "Out for delivery",
  attempted_delivery: "Delivery attempted",
  delayed: "Delayed",
  delivered: "Delivered",
  failure: "Delivery failed",
  ready_for_pickup: "Ready for pickup",
  picked_up: "Picked up",
};

/**
 * Records one event for the shipment's current label (a carrier event id seen before changes
 * nothing), then brings the shipment up to date: status, ETA, last event, delivery.
 */
export async function recordEvent(
  tx: Executor,
  ctx: RequestContext,
  s: StoredShipment,
  e: NewTrackingEvent,
  opts: { announce?: boolean } = {},
): Promise<StoredShipment> {
  const inserted = await tx
    .insertInto("tracking_events")
    .values({
      id: newId("trackingEvent"),
      shipment_id: s.id,
      carrier: e.carrier,
      carrier_event_id: e.carrierEventId,
      tracking_number: s.tracking_number,
      status: e.status,
      happened_at: new Date(e.happenedAt).toISOString(),
      message: e.message,
      city: e.city,
      estimated_delivery_at: e.estimatedDeliveryAt,
      source: e.source,
      created_at: nowIso(),
    })
    .onConflict((oc) => oc.columns(["carrier", "carrier_event_id"]).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return s; // a duplicate: already applied
  const next = await settle(tx, ctx, await getStoredShipment(tx, s.id));
  if (opts.announce !== false && e.status !== "label_printed") {
    await announceShipment(tx, ctx, next, e.status, {
      tracking_event: { status: e.status, happened_at: e.happenedAt },
    });
    const note = TIMELINE[e.status];
    if (note) {
      await applyFulfillmentChange(tx, ctx, s.order_id, {
        action: `shipment.${e.status}`,
        message: `${note}: ${s.tracking_number ?? s.id}${e.city ? ` (${e.city})` : ""}`,
        data: { shipment_id: s.id, tracking_number: s.tracking_number, happened_at: e.happenedAt },
      });
    }
  }
  await reportDeliveryException(tx, ctx, next, e);
  return next;
}

/** Status, ETA and last-event time from every event of the current label; delivery when it arrived. */
export async function settle(tx: Executor, ctx: RequestContext, s: StoredShipment): Promise<StoredShipment> {
  const events = s.tracking_events
    .filter((e) => e.tracking_number === s.tracking_number)
    .map((e) => ({
      status: e.status,
      happenedAt: e.happened_at,
      estimatedDeliveryAt: e.estimated_delivery_at,
    }));
  const status = currentStatus(events);
  const eta = currentEta({ serviceEstimate: s.service_estimate ?? s.promised_delivery_date, events });
  const last = events.reduce<string | null>((m, e) => (m && m > e.happenedAt ? m : e.happenedAt), null);
  await updateShipment(tx, s, { tracking_status: status, eta, last_event_at: last });
  let next = await getStoredShipment(tx, s.id);
  if (status === "delivered" && next.status === "shipped") {
    const at = events.find((e) => e.status === "delivered")?.happenedAt ?? nowIso();
    next = await moveShipment(tx, next, "deliver", "delivered", { delivered_at: at });
    await applyFulfillmentChange(tx, ctx, s.order_id, {
      delivered: next.lines.map((l) => ({ lineId: l.order_line_id, quantity: l.quantity })),
      action: "shipment.delivered",
      message: `Package ${s.tracking_number ?? s.id} delivered`,
      data: { shipment_id: s.id },
    });
  }
  return next;
}

function assertTrackable(s: StoredShipment) {
  if (!s.tracking_number || s.status === "packed" || s.status === "cancelled") {
    throw new DomainError("conflict", `Shipment ${s.id} has no label to track`, { current_status: s.status });
  }
}

/** An event reported through the API (a carrier integration, or staff reading a carrier portal). */
export async function addTrackingEvent(
  db: Executor,
  ctx: RequestContext,
  id: string,
  input: TrackingEventInput,
): Promise<Shipment> {
  return inTransaction(db, async (tx) => {
    const s = await getStoredShipment(tx, id);
    assertTrackable(s);
    const happenedAt = input.happened_at ?? nowIso();
    const next = await recordEvent(tx, ctx, s, {
      carrier: s.carrier ?? "manual",
      carrierEventId: input.carrier_event_id ?? newId("trackingEvent"),
      status: input.status,
      happenedAt,
      message: input.message ?? null,
      city: input.city ?? null,
      estimatedDeliveryAt: input.estimated_delivery_at ?? null,
      source: "api",
    });
    return publicView(next);
  });
}

/** A carrier's signed webhook: its events applied, each to the shipment with that tracking number. */
export async function ingestCarrierWebhook(
  db: Executor,
  requestId: string,
  carriers: Carriers,
  code: string,
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: string,
): Promise<{ received: number; applied: number; unknown_tracking_numbers: string[] }> {
  const carrier = carriers.get(code);
  if (!carrier) throw new DomainError("not-found", `No carrier ${code}`);
  let events: CarrierEvent[];
  try {
    events = carrier.parseWebhook(headers, rawBody);
  } catch (error) {
    throw new DomainError(
      "invalid-signature",
      `The ${code} webhook could not be verified: ${(error as Error).message}`,
    );
  }
  if (events.length > 500) throw unprocessable("At most 500 events per call");
  // Nobody signs in for a webhook: the verified carrier is who acted, in audit and events.
  const ctx: RequestContext = {
    actor: { type: "system", id: `carrier:${code}`, name: carrier.name, role: null, permissions: new Set() },
    requestId,
  };
  return inTransaction(db, async (tx) => {
    let applied = 0;
    const unknown: string[] = [];
    for (const e of events) {
      const row = await tx
        .selectFrom("shipments")
        .select("id")
        .where("tracking_number", "=", e.trackingNumber)
        .where("carrier", "=", code)
        .executeTakeFirst();
      if (!row) {
        unknown.push(e.trackingNumber);
        continue;
      }
      const s = await getStoredShipment(tx, row.id);
      const after = await recordEvent(tx, ctx, s, { ...e, carrier: code, source: "carrier" });
      if (after !== s) applied++;
    }
    return { received: events.length, applied, unknown_tracking_numbers: unknown };
  });
}
