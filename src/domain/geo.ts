// Great-circle distance and distance bands ("zones"). Pure math, no dependencies.

const EARTH_RADIUS_KM = 6371.0088;
const DEG_TO_RAD = Math.PI / 180;

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** Haversine distance in kilometres between two points given in decimal degrees. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * DEG_TO_RAD;
  const dLon = (lon2 - lon1) * DEG_TO_RAD;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLon / 2);
  const a = s1 * s1 + Math.cos(lat1 * DEG_TO_RAD) * Math.cos(lat2 * DEG_TO_RAD) * s2 * s2;
  // min() guards against a > 1 from rounding on antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function distanceKm(a: LatLon, b: LatLon): number {
  return haversineKm(a.lat, a.lon, b.lat, b.lon);
}

/**
 * Index of the first band whose upper bound (inclusive) covers the distance, or -1 when the distance
 * is beyond the last band. Bands must be sorted by `maxKm` ascending, as carriers' zone charts are.
 */
export function zoneIndexForDistance(km: number, bands: readonly { readonly maxKm: number }[]): number {
  for (let i = 0; i < bands.length; i++) {
    if (km <= bands[i]!.maxKm) return i;
  }
  return -1;
}
