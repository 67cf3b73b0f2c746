// Where an address is: coordinates given with it, else the centroid of its postal code (US ZIP
// codes and Canadian forward sortation areas from the `zipcodes` package), else the centroid of
// its country. No I/O beyond reading the package's bundled data set once.
import { createRequire } from "node:module";

export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** How the point was found, from the most to the least precise. */
  readonly precision: "coordinates" | "postal_code" | "country";
}

export interface GeoInput {
  readonly country: string;
  readonly postalCode?: string | null | undefined;
  readonly lat?: number | null | undefined;
  readonly lon?: number | null | undefined;
}

interface ZipEntry {
  readonly zip: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly country: string;
}

interface ZipcodesModule {
  lookup(code: string): ZipEntry | undefined;
}

let zipcodes: ZipcodesModule | null = null;

function zipData(): ZipcodesModule {
  // Loaded on first use: the data set is about 44,000 entries.
  zipcodes ??= createRequire(import.meta.url)("zipcodes") as ZipcodesModule;
  return zipcodes;
}

// Approximate population-weighted centroids (lat, lon) of the countries merchants ship to most;
// the last resort when an address has neither coordinates nor a known postal code.
const COUNTRY_CENTROIDS: Readonly<Record<string, readonly [number, number]>> = {
  US: [39.8, -98.6],
  CA: [45.4, -75.7],
  MX: [19.4, -99.1],
  BR: [-15.8, -47.9],
  AR: [-34.6, -58.4],
  CL: [-33.4, -70.6],
  CO: [4.7, -74.1],
  PE: [-12.0, -77.0],
  GB: [52.5, -1.5],
  IE: [53.3, -6.3],
  FR: [46.6, 2.4],
  DE: [51.1, 10.4],
  NL: [52.2, 5.3],
  BE: [50.6, 4.5],
  LU: [49.8, 6.1],
  CH: [46.8, 8.2],
  AT: [47.6, 14.1],
  IT: [42.8, 12.6],
  ES: [40.3, -3.7],
  PT: [39.6, -8.0],
  DK: [56.0, 10.0],
  SE: [59.3, 15.5],
  NO: [60.5, 9.0],
  FI: [61.5, 25.0],
  PL: [52.1, 19.4],
  CZ: [49.8, 15.5],
  SK: [48.7, 19.5],
  HU: [47.2, 19.4],
  RO: [45.9, 24.9],
  BG: [42.7, 25.3],
  GR: [39.1, 22.0],
  TR: [39.0, 35.2],
  UA: [49.0, 31.4],
  IL: [31.5, 34.9],
  AE: [24.4, 54.4],
  SA: [24.7, 46.7],
  EG: [30.0, 31.2],
  ZA: [-26.2, 28.0],
  NG: [6.5, 3.4],
  KE: [-1.3, 36.8],
  IN: [22.0, 79.0],
  CN: [32.0, 112.0],
  JP: [35.7, 139.7],
  KR: [37.5, 127.0],
  TW: [24.0, 121.0],
  HK: [22.3, 114.2],
  SG: [1.35, 103.8],
  MY: [3.1, 101.7],
  TH: [13.75, 100.5],
  VN: [16.0, 107.0],
  PH: [14.6, 121.0],
  ID: [-6.2, 106.8],
  AU: [-33.0, 147.0],
  NZ: [-39.0, 175.0],
};

/** Centroid of a country, or null when it is not in the table. */
export function countryCentroid(country: string): { lat: number; lon: number } | null {
  const hit = COUNTRY_CENTROIDS[country.toUpperCase()];
  return hit ? { lat: hit[0], lon: hit[1] } : null;
}

const PACKAGE_COUNTRY: Readonly<Record<string, string>> = { US: "US", Canada: "CA" };

/** Centroid of a postal code: US ZIP (5 digits, ZIP+4 accepted) or Canadian FSA (first 3 characters). */
export function postalCodeCentroid(postalCode: string, country: string): { lat: number; lon: number } | null {
  const cc = country.toUpperCase();
  const compact = postalCode.trim().toUpperCase().replace(/\s+/g, "");
  let key: string | null = null;
  if (cc === "US") key = /^(\d{5})(-?\d{4})?$/.exec(compact)?.[1] ?? null;
  else if (cc === "CA") key = /^([A-Z]\d[A-Z])(\d[A-Z]\d)?$/.exec(compact)?.[1] ?? null;
  if (!key) return null;
  const entry = zipData().lookup(key);
  if (!entry || PACKAGE_COUNTRY[entry.country] !== cc) return null;
  if (!Number.isFinite(entry.latitude) || !Number.isFinite(entry.longitude)) return null;
  return { lat: entry.latitude, lon: entry.longitude };
}

const validCoordinates = (lat: unknown, lon: unknown): lat is number =>
  typeof lat === "number" &&
  typeof lon === "number" &&
  Number.isFinite(lat) &&
  Number.isFinite(lon) &&
  Math.abs(lat) <= 90 &&
  Math.abs(lon) <= 180;

/**
 * The best point for an address: its own coordinates, else its postal code's centroid, else its
 * country's centroid. Null only when the country is unknown to the fallback table too.
 */
export function locate(input: GeoInput): GeoPoint | null {
  const country = input.country.toUpperCase();
  if (validCoordinates(input.lat, input.lon)) {
    return { lat: input.lat, lon: input.lon as number, country, precision: "coordinates" };
  }
  if (input.postalCode) {
    const point = postalCodeCentroid(input.postalCode, country);
    if (point) return { ...point, country, precision: "postal_code" };
  }
  const centroid = countryCentroid(country);
  return centroid ? { ...centroid, country, precision: "country" } : null;
}
