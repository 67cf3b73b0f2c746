import type { FulfillmentCosts, SourcingRules } from "./types.js";

const INF = Number.POSITIVE_INFINITY;

// Ground parcel chart shaped like US carrier zones 2–8 (distance bands from the origin), in cents.
const SHIP: FulfillmentCosts = {
  zones: [
    { name: "zone 2", maxKm: 80, baseCost: 700, perKgCost: 60, transitDays: 1 },
    { name: "zone 3", maxKm: 240, baseCost: 780, perKgCost: 80, transitDays: 2 },
    { name: "zone 4", maxKm: 480, baseCost: 860, perKgCost: 110, transitDays: 3 },
    { name: "zone 5", maxKm: 960, baseCost: 950, perKgCost: 140, transitDays: 3 },
    { name: "zone 6", maxKm: 1600, baseCost: 1050, perKgCost: 170, transitDays: 4 },
    { name: "zone 7", maxKm: 2880, baseCost: 1150, perKgCost: 200, transitDays: 5 },
    { name: "zone 8", maxKm: INF, baseCost: 1300, perKgCost: 240, transitDays: 5 },
  ],
  // Stores pick slower and disturb the shop floor, so their handling costs more.
  handling: { warehouse: 150, store: 400, dropship: 300 },
};

const LOCAL_DELIVERY: FulfillmentCosts = {
  zones: [
    { name: "local 0–15 km", maxKm: 15, baseCost: 600, perKgCost: 20, transitDays: 0 },
    { name: "local 15–40 km", maxKm: 40, baseCost: 900, perKgCost: 30, transitDays: 0 },
  ],
  handling: { warehouse: 150, store: 300, dropship: 300 },
};

// For pickup the "shipping" cost stands for the customer's trip, so nearer stores win.
const PICKUP: FulfillmentCosts = {
  zones: [
    { name: "pickup 0–10 km", maxKm: 10, baseCost: 0, perKgCost: 0, transitDays: 0 },
    { name: "pickup 10–30 km", maxKm: 30, baseCost: 200, perKgCost: 0, transitDays: 0 },
    { name: "pickup 30–80 km", maxKm: 80, baseCost: 500, perKgCost: 0, transitDays: 0 },
  ],
  handling: { warehouse: 300, store: 200, dropship: 300 },
};

const DIGITAL: FulfillmentCosts = {
  zones: [{ name: "digital", maxKm: INF, baseCost: 0, perKgCost: 0, transitDays: 0 }],
  handling: { warehouse: 0, store: 0, dropship: 0 },
};

export const DEFAULT_SOURCING_RULES: SourcingRules = {
  costs: { ship: SHIP, local_delivery: LOCAL_DELIVERY, pickup: PICKUP, digital: DIGITAL },
  splitPenalty: 300,
  latePenaltyPerPackage: 500,
  latePenaltyPerDay: 200,
  maxLocations: 4,
  storeProtection: { reserveUnits: 0, neverShipLastUnit: true, appliesTo: ["ship", "local_delivery"] },
  allowedLocationTypes: ["warehouse", "store", "dropship"],
  excludedLocationIds: [],
  allowCrossBorder: false,
  prefilterSize: 16,
  timeBudgetMs: 5,
  holidays: [],
};

/** Defaults overlaid with the caller's rules (one level deep for `costs` and `storeProtection`). */
export function resolveRules(overrides: Partial<SourcingRules> = {}): SourcingRules {
  const base = DEFAULT_SOURCING_RULES;
  return {
    ...base,
    ...overrides,
    costs: { ...base.costs, ...overrides.costs },
    storeProtection: { ...base.storeProtection, ...overrides.storeProtection },
  };
}
