// Shipment exceptions: the parcels that need a person. Computed on demand from the shipment's
// summary so a dashboard, an alert job and the order timeline all agree on what is wrong.
import { addDays, parseInstant } from "./calendar.js";
import { isTerminal, type TrackingStatus } from "./tracking.js";

export type ShipmentExceptionKind = "late" | "stuck" | "failed_delivery";

export interface ShipmentForExceptions {
  id: string;
  /** Ordo's shipment status: packed | label_purchased | shipped | delivered | voided … */
  status: string;
  trackingStatus: TrackingStatus | null;
  shippedAt: string | null;
  lastEventAt: string | null;
  promisedDeliveryDate: string | null;
  eta: string | null;
}

export interface ShipmentException {
  shipmentId: string;
  kind: ShipmentExceptionKind;
  /** ISO instant the problem started. */
  since: string;
  /** Whole hours since `since` (never negative). */
  ageHours: number;
  detail: string;
  /** Suggested next steps, e.g. "contact_carrier", "notify_customer", "reship", "refund". */
  actions: string[];
}

const HOUR_MS = 3_600_000;

/** Only parcels with the carrier can go wrong in transit; the rest are someone else's worry. */
function inTransit(s: ShipmentForExceptions): boolean {
  return s.status === "shipped" && !(s.trackingStatus !== null && isTerminal(s.trackingStatus));
}

/** The most recent sign of life: the last carrier event, or the hand-over if that is later. */
function lastSignOfLife(s: ShipmentForExceptions): number | null {
  const times = [s.lastEventAt, s.shippedAt].filter((t): t is string => t !== null).map(parseInstant);
  return times.length > 0 ? Math.max(...times) : null;
}

function exception(
  s: ShipmentForExceptions,
  kind: ShipmentExceptionKind,
  sinceMs: number,
  now: Date,
  detail: string,
  actions: string[],
): ShipmentException {
  const ageHours = Math.max(0, Math.floor((now.getTime() - sinceMs) / HOUR_MS));
  return { shipmentId: s.id, kind, since: new Date(sinceMs).toISOString(), ageHours, detail, actions };
}

function failedDelivery(s: ShipmentForExceptions, now: Date): ShipmentException | null {
  if (s.trackingStatus !== "failure" && s.trackingStatus !== "attempted_delivery") return null;
  const since = lastSignOfLife(s) ?? now.getTime();
  if (s.trackingStatus === "failure")
    return exception(s, "failed_delivery", since, now, "the carrier reports a delivery failure", [
      "contact_carrier",
      "notify_customer",
      "reship",
      "refund",
    ]);
  // An attempt is usually retried by the carrier; the customer can help by being there.
  return exception(s, "failed_delivery", since, now, "the carrier attempted delivery and failed", [
    "contact_carrier",
    "notify_customer",
  ]);
}

/**
 * Late when the ETA is past the promise (known in advance: act before the customer asks), or when
 * the promised day has ended with the parcel still out. Promise dates carry no time zone, so the
 * day is taken to end at midnight UTC.
 */
function late(s: ShipmentForExceptions, now: Date): ShipmentException | null {
  const promise = s.promisedDeliveryDate;
  if (promise === null) return null;
  const promiseOverMs = Date.parse(`${addDays(promise, 1)}T00:00:00Z`);
  const overdue = now.getTime() >= promiseOverMs;
  const predicted = s.eta !== null && s.eta > promise;
  if (!overdue && !predicted) return null;
  // Predicted lateness is known from the last event that changed the ETA (or the shipping).
  const knownSince = predicted ? (lastSignOfLife(s) ?? now.getTime()) : promiseOverMs;
  const since = overdue ? Math.min(knownSince, promiseOverMs) : knownSince;
  const detail = overdue
    ? `promised for ${promise}, not delivered yet${s.eta ? ` (ETA ${s.eta})` : ""}`
    : `ETA ${s.eta} is after the promised ${promise}`;
  const actions = overdue
    ? ["notify_customer", "contact_carrier", "refund"]
    : ["notify_customer", "contact_carrier"];
  return exception(s, "late", since, now, detail, actions);
}

function stuck(s: ShipmentForExceptions, now: Date, stuckHours: number): ShipmentException | null {
  const since = lastSignOfLife(s);
  if (since === null || now.getTime() - since < stuckHours * HOUR_MS) return null;
  const what = s.lastEventAt === null ? "since shipping" : "since the last tracking event";
  return exception(s, "stuck", since, now, `no tracking update for ${stuckHours}+ hours ${what}`, [
    "contact_carrier",
  ]);
}

/**
 * Classifies shipped, undelivered shipments: failed_delivery (tracking failure or
 * attempted_delivery), late (ETA after promise, or now past the promised date), stuck (no event for
 * stuckHours since the last event or since shipping). A shipment can have several.
 * Delivered/picked_up/not-yet-shipped ones have none.
 */
export function shipmentExceptions(
  s: ShipmentForExceptions,
  now: Date,
  stuckHours: number,
): ShipmentException[] {
  if (!inTransit(s)) return [];
  return [failedDelivery(s, now), late(s, now), stuck(s, now, stuckHours)].filter(
    (e): e is ShipmentException => e !== null,
  );
}
