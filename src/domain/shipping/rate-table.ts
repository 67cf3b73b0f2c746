// The built-in offline carrier: a zone × weight-break rate table, as regional carriers publish
// them. Pure math so the same quote is reproducible in tests, in promising and at label time.
import { distanceKm, type LatLon, zoneIndexForDistance } from "../geo.js";
import { addDays, isWeekend, localDateTime, nextBusinessDayOnOrAfter } from "./calendar.js";

export type ServiceLevel = "standard" | "express";

export interface RateTable {
  currency: string;
  /** Ascending distance bands; the zone index is the position (beyond the last → the last). */
  zones: { maxKm: number }[];
  /** Ascending upper bounds in grams; a parcel is billed at the first break ≥ its weight. */
  weightBreaksGrams: number[];
  services: Record<
    ServiceLevel,
    {
      name: string;
      /** [zone][weightBreak] in minor units of `currency`. */
      prices: number[][];
      /** Per zone, in business days after the ship date. */
      transitDays: number[];
    }
  >;
  maxWeightGrams: number;
}

/** Standard ground prices in cents, [zone][weight break]; roughly US regional-carrier levels. */
const STANDARD_PRICES: number[][] = [
  [599, 699, 849, 1099, 1499, 2199, 2899],
  [749, 849, 999, 1349, 1849, 2699, 3499],
  [899, 999, 1199, 1649, 2299, 3299, 4299],
  [1049, 1199, 1449, 1999, 2799, 3999, 5199],
  [1249, 1449, 1749, 2399, 3399, 4899, 6299],
];

export const DEFAULT_RATE_TABLE: RateTable = {
  currency: "USD",
  zones: [{ maxKm: 150 }, { maxKm: 500 }, { maxKm: 1000 }, { maxKm: 2500 }, { maxKm: 99999 }],
  weightBreaksGrams: [500, 1000, 2000, 5000, 10000, 20000, 30000],
  services: {
    standard: { name: "Standard Ground", prices: STANDARD_PRICES, transitDays: [1, 2, 3, 5, 6] },
    // Express is air for the long zones, hence about twice the price and at most two days.
    express: {
      name: "Express",
      prices: STANDARD_PRICES.map((row) => row.map((p) => p * 2)),
      transitDays: [1, 1, 2, 2, 2],
    },
  },
  maxWeightGrams: 30000,
};

export interface RateRequest {
  origin: LatLon;
  destination: LatLon;
  weightGrams: number;
  /** The instant the parcel is handed to shipping (usually "now"). */
  at: Date;
  originTimeZone: string;
  /** Local hour (0–23) from which parcels leave on the next business day. */
  cutoffHour: number;
}

export interface Quote {
  service: ServiceLevel;
  serviceName: string;
  amount: number;
  currency: string;
  zone: number;
  billableWeightGrams: number;
  /** YYYY-MM-DD, local at the origin. */
  shipDate: string;
  /** YYYY-MM-DD. */
  estimatedDeliveryDate: string;
  transitDays: number;
}

const SERVICE_ORDER: readonly ServiceLevel[] = ["standard", "express"];

/** Zone for a distance; anything beyond the last band is still served, at the last band's price. */
export function zoneFor(table: RateTable, km: number): number {
  const zone = zoneIndexForDistance(km, table.zones);
  return zone === -1 ? table.zones.length - 1 : zone;
}

/** Index of the weight break a parcel is billed at; RangeError when the carrier cannot take it. */
export function weightBreakIndex(table: RateTable, weightGrams: number): number {
  if (!Number.isFinite(weightGrams) || weightGrams <= 0)
    throw new RangeError(`weight must be a positive number of grams, got ${weightGrams}`);
  if (weightGrams > table.maxWeightGrams)
    throw new RangeError(`weight ${weightGrams} g exceeds the carrier maximum of ${table.maxWeightGrams} g`);
  const index = table.weightBreaksGrams.findIndex((limit) => weightGrams <= limit);
  // A maximum above the last break would leave no price to charge: refuse rather than guess.
  if (index === -1) throw new RangeError(`weight ${weightGrams} g is above the last weight break`);
  return index;
}

export function quoteRates(table: RateTable, req: RateRequest): Quote[] {
  const breakIndex = weightBreakIndex(table, req.weightGrams);
  const zone = zoneFor(table, distanceKm(req.origin, req.destination));
  const ship = shipDate(req.at, req.originTimeZone, req.cutoffHour);
  return SERVICE_ORDER.map((service) => {
    const spec = table.services[service];
    const amount = spec.prices[zone]?.[breakIndex];
    const transitDays = spec.transitDays[zone];
    // A hole in the table is a configuration bug; quoting 0 or NaN would ship for free.
    if (amount === undefined || transitDays === undefined)
      throw new Error(`rate table has no ${service} price for zone ${zone}, weight break ${breakIndex}`);
    return {
      service,
      serviceName: spec.name,
      amount,
      currency: table.currency,
      zone,
      billableWeightGrams: table.weightBreaksGrams[breakIndex]!,
      shipDate: ship,
      estimatedDeliveryDate: addBusinessDays(ship, transitDays),
      transitDays,
    };
  });
}

/**
 * The local date at the origin the parcel leaves: today before the cut-off, else the next day,
 * and never a Saturday or Sunday (the carrier does not collect then).
 */
export function shipDate(at: Date, timeZone: string, cutoffHour: number): string {
  if (!Number.isInteger(cutoffHour) || cutoffHour < 0 || cutoffHour > 24)
    throw new RangeError(`cut-off hour must be an integer 0–24, got ${cutoffHour}`);
  const local = localDateTime(at, timeZone);
  const day = local.hour >= cutoffHour ? addDays(local.date, 1) : local.date;
  return nextBusinessDayOnOrAfter(day);
}

/** Adds (or, for negative counts, subtracts) business days, skipping Saturdays and Sundays. */
export function addBusinessDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`business days must be an integer, got ${days}`);
  const step = days < 0 ? -1 : 1;
  let d = date;
  let left = Math.abs(days);
  addDays(d, 0); // validates the date even when days is 0
  while (left > 0) {
    d = addDays(d, step);
    if (!isWeekend(d)) left--;
  }
  return d;
}
