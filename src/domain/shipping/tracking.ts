// Carrier tracking events (Shopify's fulfillment-event statuses) and what they say about a
// shipment. Carriers and webhooks deliver events late, twice and out of order, so everything
// here is computed from the whole set of events, never from "the last one received".
import { calendarDateOf, parseInstant } from "./calendar.js";
import { addBusinessDays } from "./rate-table.js";

export const TRACKING_STATUSES = [
  "label_printed",
  "confirmed",
  "in_transit",
  "out_for_delivery",
  "attempted_delivery",
  "delayed",
  "ready_for_pickup",
  "picked_up",
  "delivered",
  "failure",
] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

/** Nothing after them changes the status: a delivered parcel stays delivered. */
export const TERMINAL_STATUSES: readonly TrackingStatus[] = ["delivered", "picked_up"];

export interface TrackingEventLike {
  status: TrackingStatus;
  /** ISO date-time. */
  happenedAt: string;
  /** ISO date or date-time the carrier now expects delivery. */
  estimatedDeliveryAt?: string | null;
}

/** Statuses that cost the parcel (at least) a day: each pushes a service estimate by one business day. */
const PUSHING_STATUSES: readonly TrackingStatus[] = ["delayed", "attempted_delivery"];

export function isTerminal(status: TrackingStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

const rank = (status: TrackingStatus): number => TRACKING_STATUSES.indexOf(status);

/**
 * What a customer reads for a package: the carrier's latest word once it has said something
 * past the label. "Label printed" is the warehouse's news; a package already handed over reads
 * "shipped" until the carrier scans it.
 */
export function customerStatus(shipmentStatus: string, trackingStatus: TrackingStatus | null): string {
  if (trackingStatus === null || trackingStatus === "label_printed") return shipmentStatus;
  return trackingStatus;
}

/** Chronological order; on the same instant the status later in TRACKING_STATUSES comes last. */
function compareEvents(a: TrackingEventLike, b: TrackingEventLike): number {
  return parseInstant(a.happenedAt) - parseInstant(b.happenedAt) || rank(a.status) - rank(b.status);
}

/** Sorted, with exact duplicates (same status at the same instant) collapsed: a resent webhook is one event. */
function timeline<T extends TrackingEventLike>(events: readonly T[]): T[] {
  const seen = new Set<string>();
  const unique = events.filter((e) => {
    const key = `${e.status}@${parseInstant(e.happenedAt)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(compareEvents);
}

/** The first terminal event in time: a later "delivered" resend must not move the delivery date. */
function firstTerminal(sorted: readonly TrackingEventLike[]): TrackingEventLike | undefined {
  const terminals = sorted.filter((e) => isTerminal(e.status));
  const first = terminals[0];
  if (!first) return undefined;
  // On the very same instant the later-ranked terminal wins, as for any tie.
  const sameInstant = terminals.filter((e) => parseInstant(e.happenedAt) === parseInstant(first.happenedAt));
  return sameInstant[sameInstant.length - 1];
}

/**
 * The shipment's current status from all its events, whatever order they arrived in: the latest by
 * happenedAt, except a terminal event wins over anything (and the earliest terminal is kept).
 * Ties: later in TRACKING_STATUSES order wins. null when no events.
 */
export function currentStatus(events: readonly TrackingEventLike[]): TrackingStatus | null {
  const sorted = timeline(events);
  const terminal = firstTerminal(sorted);
  if (terminal) return terminal.status;
  return sorted[sorted.length - 1]?.status ?? null;
}

/**
 * ETA (YYYY-MM-DD) kept current. Delivered/picked_up → the date it happened. Otherwise the base is
 * the estimate of the latest event carrying estimatedDeliveryAt, or else the service estimate; it is
 * pushed one business day for each `delayed` or `attempted_delivery` event strictly after that
 * estimate (after every event when the base is the service estimate), because a carrier that
 * reports a delay without a new date has still lost the day. null when there is nothing to go on.
 */
export function currentEta(input: {
  serviceEstimate: string | null;
  events: readonly TrackingEventLike[];
}): string | null {
  const sorted = timeline(input.events);
  const terminal = firstTerminal(sorted);
  if (terminal) return calendarDateOf(terminal.happenedAt);

  const lastEstimateIndex = sorted.findLastIndex((e) => !!e.estimatedDeliveryAt);
  const estimateEvent = sorted[lastEstimateIndex];
  const base = estimateEvent?.estimatedDeliveryAt
    ? calendarDateOf(estimateEvent.estimatedDeliveryAt)
    : input.serviceEstimate;
  if (base === null) return null;

  const after = estimateEvent ? parseInstant(estimateEvent.happenedAt) : Number.NEGATIVE_INFINITY;
  const pushes = sorted.filter(
    (e) => PUSHING_STATUSES.includes(e.status) && parseInstant(e.happenedAt) > after,
  ).length;
  return addBusinessDays(base, pushes);
}
