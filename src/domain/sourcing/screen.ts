// Screening: which locations may serve this order at all, and why the others may not.
// Runs over every location of the network, so it does only cheap arithmetic and hash look-ups.

import { haversineKm, zoneIndexForDistance } from "../geo.js";
import type {
  ExcludedLocation,
  ExclusionReason,
  OrderLineInput,
  SourcingLocation,
  SourcingRequest,
  SourcingRules,
} from "./types.js";

/** The order's lines merged by SKU, because stock is per SKU and two lines share it. */
export interface Demand {
  readonly skus: readonly string[];
  readonly quantity: Int32Array;
  /** Max of the merged lines' unit weights (they should agree; the max never under-prices). */
  readonly weightGrams: Float64Array;
  /** Original line indexes of each merged line, in order. */
  readonly lineIndexes: readonly (readonly number[])[];
  readonly totalUnits: number;
}

export function mergeLines(lines: readonly OrderLineInput[]): Demand {
  const bySku = new Map<string, number>();
  const skus: string[] = [];
  const quantities: number[] = [];
  const weights: number[] = [];
  const lineIndexes: number[][] = [];
  let totalUnits = 0;
  lines.forEach((line, lineIndex) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 0) {
      throw new RangeError(`line ${lineIndex}: quantity must be a non-negative integer`);
    }
    if (line.quantity === 0) return;
    let merged = bySku.get(line.sku);
    if (merged === undefined) {
      merged = skus.length;
      bySku.set(line.sku, merged);
      skus.push(line.sku);
      quantities.push(0);
      weights.push(0);
      lineIndexes.push([]);
    }
    quantities[merged]! += line.quantity;
    weights[merged] = Math.max(weights[merged]!, Math.max(0, line.unitWeightGrams));
    lineIndexes[merged]!.push(lineIndex);
    totalUnits += line.quantity;
  });
  return {
    skus,
    quantity: Int32Array.from(quantities),
    weightGrams: Float64Array.from(weights),
    lineIndexes,
    totalUnits,
  };
}

export interface EligibleLocation {
  readonly location: SourcingLocation;
  /** Row of this location in `Screening.stock`. */
  readonly row: number;
  readonly distanceKm: number;
  readonly zoneIndex: number;
  /** Units of the order it could serve alone: Σ min(demand, usable stock). */
  readonly coverableUnits: number;
}

export interface Screening {
  readonly eligible: readonly EligibleLocation[];
  readonly excluded: ExcludedLocation[];
  /** Usable stock (after store protection, capped at demand): row × lineCount + line. */
  readonly stock: Int32Array;
  readonly lineCount: number;
}

export function screenLocations(
  request: SourcingRequest,
  locations: readonly SourcingLocation[],
  demand: Demand,
  rules: SourcingRules,
): Screening {
  const n = demand.skus.length;
  const costs = rules.costs[request.fulfillmentType];
  const excludedIds = new Set(rules.excludedLocationIds);
  const protection = rules.storeProtection;
  const storeReserve = protection.appliesTo.includes(request.fulfillmentType)
    ? Math.max(protection.reserveUnits, protection.neverShipLastUnit ? 1 : 0)
    : 0;
  const destination = request.destination;
  const eligible: EligibleLocation[] = [];
  const excluded: ExcludedLocation[] = [];
  const stock = new Int32Array(locations.length * n);

  for (const location of locations) {
    const reason = policyExclusion(location, request, rules, excludedIds);
    if (reason !== undefined) {
      excluded.push({ locationId: location.id, reason });
      continue;
    }
    const distanceKm = haversineKm(location.lat, location.lon, destination.lat, destination.lon);
    const zoneIndex = zoneIndexForDistance(distanceKm, costs.zones);
    if (zoneIndex < 0) {
      excluded.push({ locationId: location.id, reason: "out_of_range" });
      continue;
    }
    const reserve = location.type === "store" ? storeReserve : 0;
    const row = eligible.length;
    let coverableUnits = 0;
    let rawUnits = 0;
    for (let i = 0; i < n; i++) {
      const onHand = location.stock[demand.skus[i]!] ?? 0;
      if (onHand > 0) rawUnits += onHand;
      const usable = Math.min(demand.quantity[i]!, Math.max(0, Math.floor(onHand) - reserve));
      stock[row * n + i] = usable;
      coverableUnits += usable;
    }
    if (coverableUnits === 0) {
      excluded.push({
        locationId: location.id,
        reason: rawUnits > 0 && reserve > 0 ? "store_protection" : "no_stock",
      });
      continue;
    }
    eligible.push({ location, row, distanceKm, zoneIndex, coverableUnits });
  }
  return { eligible, excluded, stock, lineCount: n };
}

/** Checks that need no distance or stock; the first failing one names the reason. */
function policyExclusion(
  location: SourcingLocation,
  request: SourcingRequest,
  rules: SourcingRules,
  excludedIds: ReadonlySet<string>,
): ExclusionReason | undefined {
  if (excludedIds.has(location.id)) return "excluded";
  if (!rules.allowedLocationTypes.includes(location.type)) return "type_not_allowed";
  if (!location.capabilities.includes(request.fulfillmentType)) return "no_capability";
  if (
    request.fulfillmentType === "pickup" &&
    request.pickupLocationId !== undefined &&
    request.pickupLocationId !== location.id
  ) {
    return "not_pickup_location";
  }
  if (
    !rules.allowCrossBorder &&
    location.country !== undefined &&
    location.country !== request.destination.country
  ) {
    return "cross_border";
  }
  if (!(location.capacityLeftToday > 0)) return "no_capacity";
  return undefined;
}
