import { describe, expect, it } from "vitest";
import { haversineKm } from "../../src/domain/geo.js";
import { countryCentroid, locate, postalCodeCentroid } from "../../src/domain/geography.js";

describe("geography", () => {
  it("uses the address's own coordinates first", () => {
    expect(locate({ country: "us", postalCode: "10001", lat: 1.5, lon: 2.5 })).toEqual({
      lat: 1.5,
      lon: 2.5,
      country: "US",
      precision: "coordinates",
    });
  });

  it("finds US ZIP centroids (also ZIP+4) from the zipcodes package", () => {
    const nyc = locate({ country: "US", postalCode: "10001-1234" });
    expect(nyc?.precision).toBe("postal_code");
    // Midtown Manhattan is a few km from the Empire State Building (40.7484, -73.9857).
    expect(haversineKm(nyc!.lat, nyc!.lon, 40.7484, -73.9857)).toBeLessThan(3);
    const sf = postalCodeCentroid("94103", "US");
    expect(haversineKm(nyc!.lat, nyc!.lon, sf!.lat, sf!.lon)).toBeGreaterThan(4000);
  });

  it("finds Canadian postal codes by their forward sortation area", () => {
    const toronto = postalCodeCentroid("m5v 3l9", "CA");
    expect(toronto).not.toBeNull();
    expect(haversineKm(toronto!.lat, toronto!.lon, 43.65, -79.38)).toBeLessThan(10);
  });

  it("does not read a postal code of another country as a US ZIP", () => {
    expect(postalCodeCentroid("10115", "DE")).toBeNull();
    expect(locate({ country: "DE", postalCode: "10115" })?.precision).toBe("country");
  });

  it("falls back to the country centroid for unknown or malformed postal codes", () => {
    const point = locate({ country: "US", postalCode: "00000" });
    expect(point).toMatchObject({ precision: "country", country: "US" });
    expect(locate({ country: "US", postalCode: "abc" })?.precision).toBe("country");
    expect(countryCentroid("fr")).toEqual({ lat: 46.6, lon: 2.4 });
  });

  it("ignores impossible coordinates and returns null for a country it cannot place", () => {
    expect(locate({ country: "US", postalCode: "94103", lat: 123, lon: 0 })?.precision).toBe("postal_code");
    expect(locate({ country: "AQ" })).toBeNull();
  });
});
