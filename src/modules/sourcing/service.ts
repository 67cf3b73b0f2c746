// Sourcing as a service: loads the candidates (the channel's locations, their availability of
// the order's SKUs only, today's remaining capacity), runs the pure engine, and stores each
// decision with its explanation so that `GET /v1/orders/:id/sourcing` can show why.

import { insertRows } from "../../db/buffered-inserts.js";
import type { Executor } from "../../db/transaction.js";
import { DomainError } from "../../domain/errors.js";
import { type GeoPoint, locate } from "../../domain/geography.js";
import {
  type FulfillmentType,
  type SourcingDecision,
  type SourcingLocation,
  type SourcingRequest,
  sourceOrder,
} from "../../domain/sourcing/index.js";
import { newId, nowIso } from "../../lib/ids.js";
import { getVariantsBySkus, type Variant } from "../catalog/index.js";
import { getChannel } from "../channels/index.js";
import { availability } from "../inventory/index.js";
import { getLocationsByIds, type Location, listLocations } from "../locations/index.js";
import { type ResolvedRule, resolveRule, toEngineRules } from "./rules.js";

export interface SourcingLine {
  /** The caller's key for the line (an order line id, or the cart line's index). */
  key: string;
  sku: string;
  quantity: number;
}

export interface AddressLike {
  country: string;
  postal_code?: string | null | undefined;
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
}

export interface PlanInput {
  /** Channel id or code; its locations are the candidates unless `locationIds` is given. */
  channel?: string | null | undefined;
  /** The channel's id when the caller knows it and gives `locationIds` (saves reading the channel). */
  channelId?: string | null | undefined;
  /** Variants of the lines' SKUs the caller already loaded (saves reading them again). */
  variants?: ReadonlyMap<string, Variant> | undefined;
  /** Location rows the caller already read in this transaction (saves reading them again). */
  locations?: readonly Location[] | undefined;
  /** Candidate locations (already filtered by the caller); overrides the channel's list. */
  locationIds?: readonly string[] | undefined;
  lines: readonly SourcingLine[];
  destination?: AddressLike | null | undefined;
  fulfillmentType: FulfillmentType;
  pickupLocationId?: string | null | undefined;
  requestedDate?: string | null | undefined;
  /** Locations that must not be used (they rejected or were short). */
  excludeLocationIds?: readonly string[] | undefined;
  now?: Date | undefined;
  /**
   * Work each location took on today, for its daily capacity: the fulfillment module counts its
   * fulfillment orders (sourcing does not read another module's tables).
   */
  capacityUsed: CapacityUsed;
}

export type CapacityUsed = (
  db: Executor,
  locationIds: readonly string[],
  now: Date,
) => Promise<Map<string, number>>;

export interface Plan {
  decision: SourcingDecision;
  /** Lines the engine sourced, in the order of `decision.allocations[].lineIndex`. */
  physicalLines: SourcingLine[];
  /** Lines without stock or weight: no location fulfils them. */
  digitalLines: SourcingLine[];
  /** SKUs that do not exist. */
  unknownSkus: string[];
  variants: Map<string, Variant>;
  rule: ResolvedRule;
  destination: GeoPoint | null;
  locations: Map<string, Location>;
  /** Candidate locations the engine never saw because they have no coordinates. */
  unplaced: string[];
  request: { channel_id: string | null; fulfillment_type: FulfillmentType; excluded_location_ids: string[] };
}

const UNLIMITED = Number.MAX_SAFE_INTEGER;

export const isDigital = (v: Variant) => !v.track_inventory && v.weight_grams === 0;

async function allActiveLocationIds(db: Executor): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listLocations(db, { active: "true" }, { limit: 500, cursor });
    ids.push(...page.data.map((l) => l.id));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return ids;
}

const ENGINE_CAPABILITIES: readonly FulfillmentType[] = ["ship", "pickup", "local_delivery"];

export function placeOf(a: AddressLike | null | undefined): GeoPoint | null {
  if (!a) return null;
  return locate({ country: a.country, postalCode: a.postal_code, lat: a.latitude, lon: a.longitude });
}

/** The data sourcing works on, read once (promising runs the engine several times on it). */
export interface Candidates {
  channelId: string | null;
  variants: Map<string, Variant>;
  unknownSkus: string[];
  physicalLines: SourcingLine[];
  digitalLines: SourcingLine[];
  locations: Map<string, Location>;
  /** Engine locations with each location's own priority (rules may override it). */
  engineLocations: SourcingLocation[];
  unplaced: string[];
}

export async function loadCandidates(
  db: Executor,
  input: Pick<
    PlanInput,
    | "channel"
    | "channelId"
    | "variants"
    | "locations"
    | "locationIds"
    | "lines"
    | "pickupLocationId"
    | "now"
    | "capacityUsed"
  >,
): Promise<Candidates> {
  const now = input.now ?? new Date();
  const callerKnowsChannel = input.channelId !== undefined && input.locationIds !== undefined;
  const channel = callerKnowsChannel ? null : input.channel ? await getChannel(db, input.channel) : null;
  const channelId = callerKnowsChannel ? (input.channelId ?? null) : (channel?.id ?? null);
  const given = input.variants;
  const variants =
    given && input.lines.every((l) => given.has(l.sku))
      ? new Map(given)
      : await getVariantsBySkus(
          db,
          input.lines.map((l) => l.sku),
        );
  const unknownSkus = [...new Set(input.lines.filter((l) => !variants.has(l.sku)).map((l) => l.sku))];
  const known = input.lines.filter((l) => variants.has(l.sku) && l.quantity > 0);
  const digitalLines = known.filter((l) => isDigital(variants.get(l.sku) as Variant));
  const physicalLines = known.filter((l) => !isDigital(variants.get(l.sku) as Variant));

  let candidateIds = input.locationIds
    ? [...input.locationIds]
    : channel && channel.location_ids.length > 0
      ? channel.location_ids
      : await allActiveLocationIds(db);
  if (input.pickupLocationId && !candidateIds.includes(input.pickupLocationId)) {
    // The chosen store is named so that the explanation can say why it cannot serve.
    candidateIds = [...candidateIds, input.pickupLocationId];
  }
  const givenLocations = input.locations ? new Map(input.locations.map((l) => [l.id, l])) : null;
  const knownLocations = givenLocations
    ? candidateIds.map((id) => givenLocations.get(id)).filter((l): l is Location => l !== undefined)
    : [];
  const locationRows = (
    givenLocations && knownLocations.length === new Set(candidateIds).size
      ? [...new Map(knownLocations.map((l) => [l.id, l])).values()].sort((a, b) => (a.id < b.id ? -1 : 1))
      : await getLocationsByIds(db, candidateIds)
  ).filter((l) => l.active);
  const locations = new Map(locationRows.map((l) => [l.id, l]));
  const skus = [...new Set(physicalLines.map((l) => l.sku))];
  const stock = new Map<string, Record<string, number>>();
  if (skus.length && locations.size) {
    for (const r of await availability(db, skus, [...locations.keys()], variants)) {
      const s = stock.get(r.location_id) ?? {};
      s[r.sku] = r.available;
      stock.set(r.location_id, s);
    }
  }
  const used = await input.capacityUsed(
    db,
    locationRows.filter((l) => l.daily_capacity !== null).map((l) => l.id),
    now,
  );
  const unplaced: string[] = [];
  const engineLocations: SourcingLocation[] = [];
  for (const l of locationRows) {
    const point = placeOf({
      country: l.country,
      postal_code: l.postal_code,
      latitude: l.latitude,
      longitude: l.longitude,
    });
    if (!point) {
      unplaced.push(l.id);
      continue;
    }
    engineLocations.push({
      id: l.id,
      type: l.type,
      lat: point.lat,
      lon: point.lon,
      country: l.country,
      timeZone: l.time_zone,
      capabilities: ENGINE_CAPABILITIES.filter((c) => (l.capabilities as string[]).includes(c)),
      stock: stock.get(l.id) ?? {},
      capacityLeftToday:
        l.daily_capacity === null ? UNLIMITED : Math.max(0, l.daily_capacity - (used.get(l.id) ?? 0)),
      processingDays: l.processing_days,
      cutoffHour: l.cutoff_hour,
      priority: l.priority,
    });
  }
  return {
    channelId,
    variants,
    unknownSkus,
    physicalLines,
    digitalLines,
    locations,
    engineLocations,
    unplaced,
  };
}

/** Runs the engine on loaded candidates under the rule for the fulfillment type. */
export async function runPlan(
  db: Executor,
  c: Candidates,
  input: Omit<PlanInput, "capacityUsed">,
  destinationPoint?: GeoPoint | null,
): Promise<Plan> {
  const now = input.now ?? new Date();
  const rule = await resolveRule(db, c.channelId, input.fulfillmentType);
  const priorities = rule.settings.location_priorities;
  const engineLocations = c.engineLocations.map((l) =>
    priorities[l.id] === undefined ? l : { ...l, priority: priorities[l.id] as number },
  );
  let destination = destinationPoint !== undefined ? destinationPoint : placeOf(input.destination);
  if (!destination && input.pickupLocationId) {
    const store = engineLocations.find((l) => l.id === input.pickupLocationId);
    if (store)
      destination = {
        lat: store.lat,
        lon: store.lon,
        country: store.country ?? "US",
        precision: "coordinates",
      };
  }
  if (!destination && input.fulfillmentType === "digital") {
    destination = { lat: 0, lon: 0, country: input.destination?.country ?? "US", precision: "country" };
  }
  if (!destination && c.physicalLines.length > 0) {
    throw new DomainError(
      "unlocatable-destination",
      "Cannot place the destination: give an address with a known country, a postal code or coordinates",
    );
  }
  const request: SourcingRequest = {
    lines: c.physicalLines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      unitWeightGrams: (c.variants.get(l.sku) as Variant).weight_grams,
    })),
    destination: destination ?? { lat: 0, lon: 0, country: "US" },
    // Physical lines of a digital order still ship.
    fulfillmentType: input.fulfillmentType === "digital" ? "ship" : input.fulfillmentType,
    requestedDate: input.requestedDate ?? undefined,
    now,
    pickupLocationId: input.pickupLocationId ?? undefined,
  };
  const excluded = [...new Set(input.excludeLocationIds ?? [])];
  const decision = sourceOrder(request, engineLocations, toEngineRules(rule.settings, excluded));
  return {
    decision,
    physicalLines: c.physicalLines,
    digitalLines: c.digitalLines,
    unknownSkus: c.unknownSkus,
    variants: c.variants,
    rule,
    destination,
    locations: c.locations,
    unplaced: c.unplaced,
    request: {
      channel_id: c.channelId,
      fulfillment_type: input.fulfillmentType,
      excluded_location_ids: excluded,
    },
  };
}

/** Runs the engine for some lines. Reads only; the caller commits stock and stores the decision. */
export async function planSourcing(db: Executor, input: PlanInput): Promise<Plan> {
  return runPlan(db, await loadCandidates(db, input), input);
}

// ---------------------------------------------------------------- stored decisions / explanation

export async function recordDecision(
  tx: Executor,
  orderId: string,
  trigger: string,
  plan: Plan,
): Promise<string> {
  const id = newId("sourcingDecision");
  await insertRows(tx, "sourcing_decisions", [
    {
      id,
      order_id: orderId,
      trigger,
      fulfillment_type: plan.request.fulfillment_type,
      rule_id: plan.rule.rule_id,
      request: JSON.stringify({
        ...plan.request,
        destination: plan.destination,
        lines: plan.physicalLines.map((l) => ({ line_id: l.key, sku: l.sku, quantity: l.quantity })),
        digital_lines: plan.digitalLines.map((l) => ({ line_id: l.key, sku: l.sku, quantity: l.quantity })),
        unplaced_location_ids: plan.unplaced,
      }),
      decision: JSON.stringify(plan.decision),
      solver_ms: plan.decision.explanation.solver.timeMs,
      created_at: nowIso(),
    },
  ]);
  return id;
}

const REASON_TEXT: Record<string, string> = {
  excluded: "excluded for this order (it rejected or was short of stock)",
  type_not_allowed: "its location type is not allowed by the sourcing rule",
  no_capability: "it does not offer this fulfillment type",
  not_pickup_location: "the customer chose another pickup store",
  cross_border: "it is in another country than the destination",
  no_capacity: "it has no capacity left today",
  out_of_range: "the destination is beyond its reach for this fulfillment type",
  no_stock: "it has none of the ordered items available",
  store_protection: "store protection keeps its remaining units for walk-in customers",
  beyond_prefilter: "other locations were cheaper for this order (prefilter)",
};

export function reasonText(reason: string): string {
  return REASON_TEXT[reason] ?? reason;
}

const costView = (c: SourcingDecision["cost"]) => ({
  shipping: round2(c.shipping),
  handling: round2(c.handling),
  split_penalty: round2(c.splitPenalty),
  late_penalty: round2(c.latePenalty),
  total: round2(c.total),
});

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A stored decision as the API shows it. */
export function decisionView(row: {
  id: string;
  order_id: string;
  trigger: string;
  fulfillment_type: string;
  rule_id: string | null;
  request: string;
  decision: string;
  solver_ms: number;
  created_at: string;
}) {
  const d = JSON.parse(row.decision) as SourcingDecision;
  const req = JSON.parse(row.request) as {
    lines: Array<{ line_id: string; sku: string; quantity: number }>;
    digital_lines?: Array<{ line_id: string; sku: string; quantity: number }>;
    excluded_location_ids: string[];
    unplaced_location_ids?: string[];
    destination: GeoPoint | null;
  };
  const lineId = (i: number) => req.lines[i]?.line_id ?? String(i);
  const chosenLocations = [...new Set(d.allocations.map((a) => a.locationId))];
  return {
    id: row.id,
    order_id: row.order_id,
    trigger: row.trigger,
    fulfillment_type: row.fulfillment_type,
    rule_id: row.rule_id,
    destination: req.destination,
    lines: req.lines,
    digital_lines: req.digital_lines ?? [],
    excluded_location_ids: req.excluded_location_ids,
    chosen: {
      location_ids: chosenLocations,
      package_count: d.packageCount,
      cost: costView(d.cost),
      allocations: d.allocations.map((a) => ({
        line_id: lineId(a.lineIndex),
        sku: a.sku,
        location_id: a.locationId,
        quantity: a.quantity,
      })),
      packages: d.packages.map((p) => ({
        location_id: p.locationId,
        weight_grams: p.weightGrams,
        distance_km: round2(p.distanceKm),
        zone: p.zone,
        ship_date: p.shipDate,
        delivery_date: p.deliveryDate,
        late_days: p.lateDays,
        cost: costView(p.cost),
      })),
      unfulfilled: d.unfulfilled.map((u) => ({
        line_id: lineId(u.lineIndex),
        sku: u.sku,
        quantity: u.quantity,
      })),
    },
    alternatives: d.explanation.alternatives.map((a) => ({
      name: a.name,
      location_ids: [...a.locationIds],
      package_count: a.packageCount,
      unfulfilled_units: a.unfulfilledUnits,
      cost: costView(a.cost),
    })),
    candidates: d.explanation.candidates.map((c) => ({
      location_id: c.locationId,
      type: c.type,
      distance_km: round2(c.distanceKm),
      zone: c.zone,
      coverable_units: c.coverableUnits,
      package_fixed_cost: round2(c.packageFixedCost),
      delivery_date: c.deliveryDate,
      chosen: chosenLocations.includes(c.locationId),
    })),
    excluded: [
      ...d.explanation.excluded.map((e) => ({
        location_id: e.locationId,
        reason: e.reason,
        detail: reasonText(e.reason),
      })),
      ...(req.unplaced_location_ids ?? []).map((id) => ({
        location_id: id,
        reason: "no_coordinates",
        detail: "its address cannot be placed on the map",
      })),
    ],
    solver: {
      time_ms: round2(d.explanation.solver.timeMs),
      nodes_explored: d.explanation.solver.nodesExplored,
      proven_optimal: d.explanation.solver.provenOptimal,
      candidates_considered: d.explanation.solver.candidatesConsidered,
      dropped_by_prefilter: d.explanation.solver.droppedByPrefilter,
    },
    created_at: row.created_at,
  };
}

export type DecisionView = ReturnType<typeof decisionView>;

/** Every sourcing decision of an order, newest first. */
export async function orderSourcing(db: Executor, orderId: string): Promise<DecisionView[]> {
  const rows = await db
    .selectFrom("sourcing_decisions")
    .selectAll()
    .where("order_id", "=", orderId)
    .orderBy("id", "desc")
    .execute();
  return rows.map(decisionView);
}
