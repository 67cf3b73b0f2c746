// Order promising: for a cart, the ways the customer can have it and by when — ship standard
// and express, local delivery, pickup at the nearest stores that have everything — computed
// from live availability with the sourcing engine. Reads only: no order, no commitment.

import type { Executor } from "../../db/transaction.js";
import { DomainError, unprocessable } from "../../domain/errors.js";
import { distanceKm } from "../../domain/geo.js";
import { type FulfillmentType, pickupReadyBy, promiseDates } from "../../domain/sourcing/index.js";
import { fulfillmentOrdersCreatedToday } from "../fulfillment/index.js";
import { nextDeliverySlots } from "../scheduling/index.js";
import {
  type Candidates,
  loadCandidates,
  type Plan,
  placeOf,
  resolveRule,
  runPlan,
  type SourcingLine,
  toEngineRules,
} from "../sourcing/index.js";
import type { PromiseInput } from "./schemas.js";

type Option = {
  type: "ship_standard" | "ship_express" | "local_delivery" | "pickup" | "digital";
  fulfillment_type: FulfillmentType;
  available: boolean;
  lines: Array<{ sku: string; quantity: number; available_quantity: number; available: boolean }>;
  location_ids: string[];
  packages: number;
  ship_date: string | null;
  earliest_delivery_date: string | null;
  ready_by: string | null;
  location: { id: string; code: string; name: string; distance_km: number; city: string | null } | null;
  cost: number | null;
  reason: string | null;
  delivery_slots?: Awaited<ReturnType<typeof nextDeliverySlots>>;
};

const round2 = (n: number) => Math.round(n * 100) / 100;

function lineView(lines: readonly SourcingLine[], covered: (line: SourcingLine, index: number) => number) {
  return lines.map((l, i) => {
    const q = Math.max(0, Math.min(l.quantity, covered(l, i)));
    return { sku: l.sku, quantity: l.quantity, available_quantity: q, available: q >= l.quantity };
  });
}

function fromPlan(
  type: Option["type"],
  ft: FulfillmentType,
  plan: Plan,
  allLines: readonly SourcingLine[],
): Option {
  const d = plan.decision;
  const shortByKey = new Map<string, number>();
  for (const u of d.unfulfilled) {
    const key = plan.physicalLines[u.lineIndex]?.key;
    if (key !== undefined) shortByKey.set(key, (shortByKey.get(key) ?? 0) + u.quantity);
  }
  const physical = new Set(plan.physicalLines.map((l) => l.key));
  const lines = lineView(allLines, (l) =>
    physical.has(l.key) ? l.quantity - (shortByKey.get(l.key) ?? 0) : l.quantity,
  );
  const available = lines.every((l) => l.available);
  const last = (k: "shipDate" | "deliveryDate") =>
    d.packages
      .map((p) => p[k])
      .sort()
      .at(-1) ?? null;
  let reason: string | null = null;
  if (!available) {
    const reasons = [...new Set(d.explanation.excluded.map((e) => e.reason))];
    reason = d.packages.length
      ? "not every line can be supplied this way"
      : `no location can supply it this way${reasons.length ? ` (${reasons.join(", ")})` : ""}`;
  }
  return {
    type,
    fulfillment_type: ft,
    available,
    lines,
    location_ids: [...new Set(d.allocations.map((a) => a.locationId))],
    packages: d.packageCount,
    ship_date: last("shipDate"),
    earliest_delivery_date: last("deliveryDate"),
    ready_by: null,
    location: null,
    cost: d.packages.length ? round2(d.cost.total) : null,
    reason,
  };
}

/** Delivery options for a cart, fastest first within each type. */
export async function promiseCart(db: Executor, input: PromiseInput, now = new Date()) {
  const lines: SourcingLine[] = input.lines.map((l, i) => ({
    key: String(i),
    sku: l.sku,
    quantity: l.quantity,
  }));
  const c: Candidates = await loadCandidates(db, {
    channel: input.channel,
    lines,
    now,
    capacityUsed: fulfillmentOrdersCreatedToday,
  }).catch((error: unknown) => {
    if (error instanceof DomainError && error.status === 404) {
      throw unprocessable(`Channel ${input.channel} does not exist`, [
        { path: "body.channel", message: "Unknown channel" },
      ]);
    }
    throw error;
  });
  const destination = placeOf(input.destination);
  const options: Option[] = [];
  const known = lines.filter((l) => c.variants.has(l.sku));
  const base = { lines, now, requestedDate: input.requested_date, destination: input.destination };

  if (c.physicalLines.length === 0) {
    if (c.digitalLines.length) {
      options.push({
        type: "digital",
        fulfillment_type: "digital",
        available: true,
        lines: lineView(known, (l) => l.quantity),
        location_ids: [],
        packages: 0,
        ship_date: now.toISOString().slice(0, 10),
        earliest_delivery_date: now.toISOString().slice(0, 10),
        ready_by: now.toISOString(),
        location: null,
        cost: 0,
        reason: null,
      });
    }
    return { destination, computed_at: now.toISOString(), unknown_skus: c.unknownSkus, options };
  }

  if (!destination) {
    throw unprocessable("Cannot place the destination: give a country (and a postal code or coordinates)", [
      {
        path: "body.destination",
        message: input.destination ? "Unknown place" : "Required for physical items",
      },
    ]);
  }

  const ship = await runPlan(db, c, { ...base, fulfillmentType: "ship" }, destination);
  const standard = fromPlan("ship_standard", "ship", ship, known);
  options.push(standard);
  // Express: the same packages, overnight once they leave.
  const express: Option = { ...standard, type: "ship_express", cost: null };
  if (ship.decision.packages.length) {
    let latest: string | null = null;
    for (const p of ship.decision.packages) {
      const loc = c.engineLocations.find((l) => l.id === p.locationId);
      if (!loc) continue;
      const dates = promiseDates({
        now,
        timeZone: loc.timeZone ?? "UTC",
        processingDays: loc.processingDays,
        cutoffHour: loc.cutoffHour,
        transitDays: 1,
        holidays: ship.rule.settings.holidays,
      });
      if (latest === null || dates.deliveryDate > latest) latest = dates.deliveryDate;
    }
    express.earliest_delivery_date = latest;
  }
  options.push(express);
  const local = await runPlan(db, c, { ...base, fulfillmentType: "local_delivery" }, destination);
  const localOption = fromPlan("local_delivery", "local_delivery", local, known);
  // The delivery slots the local store offers next (empty when it has no slot templates).
  const localStore = localOption.available ? localOption.location_ids[0] : undefined;
  if (localStore) localOption.delivery_slots = await nextDeliverySlots(db, localStore, now);
  options.push(localOption);

  // Pickup: the nearest stores that can have every line, with their ready-by time.
  if (input.pickup_stores > 0) {
    const rule = await resolveRule(db, c.channelId, "pickup");
    const s = rule.settings;
    const maxKm = toEngineRules(s).costs.pickup.zones.at(-1)?.maxKm ?? 80;
    const stores = c.engineLocations
      .filter((l) => l.capabilities.includes("pickup") && s.allowed_location_types.includes(l.type))
      .filter((l) => s.allow_cross_border || (l.country ?? destination.country) === destination.country)
      .map((l) => ({ l, km: distanceKm(destination, l) }))
      .filter((x) => x.km <= maxKm)
      .sort((a, b) => a.km - b.km);
    for (const { l, km } of stores) {
      if (options.filter((o) => o.type === "pickup").length >= input.pickup_stores) break;
      const need = new Map<string, number>();
      for (const line of c.physicalLines) need.set(line.sku, (need.get(line.sku) ?? 0) + line.quantity);
      const hasAll = [...need].every(([sku, q]) => (l.stock[sku] ?? 0) >= q);
      if (!hasAll) continue;
      const full = c.locations.get(l.id);
      const readyBy = pickupReadyBy({
        now,
        timeZone: l.timeZone ?? "UTC",
        prepMinutes: s.pickup_prep_minutes,
        openHour: s.store_open_hour,
        closeHour: s.store_close_hour,
        holidays: s.holidays,
      });
      options.push({
        type: "pickup",
        fulfillment_type: "pickup",
        available: true,
        lines: lineView(known, (line) =>
          c.physicalLines.some((p) => p.key === line.key) ? (l.stock[line.sku] ?? 0) : line.quantity,
        ),
        location_ids: [l.id],
        packages: 1,
        ship_date: null,
        earliest_delivery_date: null,
        ready_by: readyBy.toISOString(),
        location: {
          id: l.id,
          code: full?.code ?? l.id,
          name: full?.name ?? l.id,
          distance_km: round2(km),
          city: full?.city ?? null,
        },
        cost: null,
        reason: null,
      });
    }
  }
  return { destination, computed_at: now.toISOString(), unknown_skus: c.unknownSkus, options };
}
