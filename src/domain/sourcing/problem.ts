// The compiled sourcing problem: flat typed arrays over (location, line), and the exact pricing of a
// set of open locations.
//
// Cost model. A location that ships anything sends one package and pays a fixed cost
//   F = base(zone) + handling(type) + late penalty + split penalty,
// and every unit of line i it ships adds perKg(zone) × weight(i) (so the package cost
// base + perKg × package weight is linear in units). The split penalty is counted in every F and
// refunded once, so k packages pay it k − 1 times. Given the set of open locations, the unit cost
// ordering of locations is the same for every line (it is perKg, scaled by the line's weight), so
// filling each line from the cheapest-per-kg open location down is an exact assignment.
// Serving a unit always beats not serving it: plans compare by unserved units first, then cost,
// then by the sum of the priorities of the locations used (lower is preferred).

import { addBusinessDays, type LocalClock, localClock, parseDay, shipDayFor } from "./promise.js";
import type { Demand, EligibleLocation } from "./screen.js";
import type { RateZone, SourcingRequest, SourcingRules } from "./types.js";

/** Two costs this close are equal (they are sums of cents and fractions of cents). */
export const COST_EPSILON = 1e-6;

export interface Candidate {
  readonly eligible: EligibleLocation;
  readonly zone: RateZone;
  readonly shipDay: number;
  readonly deliveryDay: number;
  readonly lateDays: number;
  readonly baseShipping: number;
  readonly handling: number;
  readonly latePenalty: number;
}

/**
 * Returns a function that computes what a candidate's package costs and when it arrives. Local
 * clocks are cached per time zone, because Intl formatting is the slow part.
 */
export function candidateDescriber(
  request: SourcingRequest,
  rules: SourcingRules,
  holidays: ReadonlySet<number> | undefined,
): (eligible: EligibleLocation) => Candidate {
  const clocks = new Map<string, LocalClock>();
  const requestedDay = request.requestedDate === undefined ? undefined : parseDay(request.requestedDate);
  const costs = rules.costs[request.fulfillmentType];
  return (eligible) => {
    const location = eligible.location;
    const zone = costs.zones[eligible.zoneIndex]!;
    const timeZone = location.timeZone ?? "UTC";
    let clock = clocks.get(timeZone);
    if (!clock) {
      clock = localClock(request.now, timeZone);
      clocks.set(timeZone, clock);
    }
    const shipDay = shipDayFor(clock, location.processingDays, location.cutoffHour, holidays);
    const deliveryDay = addBusinessDays(shipDay, zone.transitDays, holidays);
    const lateDays = requestedDay === undefined ? 0 : Math.max(0, deliveryDay - requestedDay);
    const latePenalty = lateDays > 0 ? rules.latePenaltyPerPackage + lateDays * rules.latePenaltyPerDay : 0;
    return {
      eligible,
      zone,
      shipDay,
      deliveryDay,
      lateDays,
      baseShipping: zone.baseCost,
      handling: location.handlingCost ?? costs.handling[location.type],
      latePenalty,
    };
  };
}

export interface Problem {
  readonly lineCount: number;
  readonly locationCount: number;
  readonly demand: Int32Array;
  /** Locations in assignment order: cheapest per kg first, then by priority, then nearest. */
  readonly candidates: readonly Candidate[];
  /** Usable stock, location × lineCount + line. */
  readonly stock: Int32Array;
  /** Shipping cost of one more unit, location × lineCount + line. */
  readonly unitCost: Float64Array;
  /** Paid once if the location ships anything, split penalty included. */
  readonly fixedCost: Float64Array;
  readonly priority: Float64Array;
  readonly splitPenalty: number;
  readonly maxLocations: number;
}

export function compileProblem(
  demand: Demand,
  candidates: readonly Candidate[],
  screenedStock: Int32Array,
  rules: SourcingRules,
  maxLocations: number,
): Problem {
  const n = demand.skus.length;
  const ordered = [...candidates].sort(
    (a, b) =>
      a.zone.perKgCost - b.zone.perKgCost ||
      a.eligible.location.priority - b.eligible.location.priority ||
      a.eligible.distanceKm - b.eligible.distanceKm,
  );
  const m = ordered.length;
  const stock = new Int32Array(m * n);
  const unitCost = new Float64Array(m * n);
  const fixedCost = new Float64Array(m);
  const priority = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const c = ordered[j]!;
    const sourceRow = c.eligible.row * n;
    for (let i = 0; i < n; i++) {
      stock[j * n + i] = screenedStock[sourceRow + i]!;
      unitCost[j * n + i] = (c.zone.perKgCost * demand.weightGrams[i]!) / 1000;
    }
    fixedCost[j] = c.baseShipping + c.handling + c.latePenalty + rules.splitPenalty;
    priority[j] = c.eligible.location.priority;
  }
  return {
    lineCount: n,
    locationCount: m,
    demand: demand.quantity,
    candidates: ordered,
    stock,
    unitCost,
    fixedCost,
    priority,
    splitPenalty: rules.splitPenalty,
    maxLocations: Math.max(0, Math.min(maxLocations, m)),
  };
}

/** Score of a plan; reused in place so that the search allocates nothing per node. */
export interface Score {
  unserved: number;
  cost: number;
  prioritySum: number;
}

export function newScore(): Score {
  return { unserved: Number.POSITIVE_INFINITY, cost: Number.POSITIVE_INFINITY, prioritySum: 0 };
}

/** Lexicographic: fewer unserved units, then lower cost, then lower priority sum. */
export function isBetter(a: Score, b: Score): boolean {
  if (a.unserved !== b.unserved) return a.unserved < b.unserved;
  if (a.cost < b.cost - COST_EPSILON) return true;
  if (a.cost > b.cost + COST_EPSILON) return false;
  return a.prioritySum < b.prioritySum;
}

export function copyScore(from: Score, to: Score): void {
  to.unserved = from.unserved;
  to.cost = from.cost;
  to.prioritySum = from.prioritySum;
}

/**
 * Prices the open set `open[0..count)` (location indexes sorted ascending, i.e. in assignment
 * order) into `out`, paying every open location's fixed cost. When `allocation` is given
 * (location × lineCount + line, zero-filled by the caller) the chosen quantities are written there.
 */
export function priceOpenSet(
  p: Problem,
  open: Int32Array,
  count: number,
  out: Score,
  allocation?: Int32Array,
): void {
  const n = p.lineCount;
  let cost = count > 0 ? -p.splitPenalty : 0;
  let prioritySum = 0;
  for (let t = 0; t < count; t++) {
    cost += p.fixedCost[open[t]!]!;
    prioritySum += p.priority[open[t]!]!;
  }
  let unserved = 0;
  for (let i = 0; i < n; i++) {
    let left = p.demand[i]!;
    for (let t = 0; t < count && left > 0; t++) {
      const cell = open[t]! * n + i;
      const take = Math.min(left, p.stock[cell]!);
      if (take > 0) {
        cost += take * p.unitCost[cell]!;
        left -= take;
        if (allocation) allocation[cell] = take;
      }
    }
    unserved += left;
  }
  out.unserved = unserved;
  out.cost = cost;
  out.prioritySum = prioritySum;
}

/** Prices an explicit allocation; only locations that ship something pay their fixed cost. */
export function priceAllocation(p: Problem, allocation: Int32Array, out: Score): void {
  const n = p.lineCount;
  let cost = 0;
  let prioritySum = 0;
  let packages = 0;
  let served = 0;
  for (let j = 0; j < p.locationCount; j++) {
    let ships = false;
    for (let i = 0; i < n; i++) {
      const q = allocation[j * n + i]!;
      if (q > 0) {
        ships = true;
        served += q;
        cost += q * p.unitCost[j * n + i]!;
      }
    }
    if (ships) {
      packages++;
      cost += p.fixedCost[j]!;
      prioritySum += p.priority[j]!;
    }
  }
  let demanded = 0;
  for (let i = 0; i < n; i++) demanded += p.demand[i]!;
  out.unserved = demanded - served;
  out.cost = packages > 0 ? cost - p.splitPenalty : 0;
  out.prioritySum = prioritySum;
}
