import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  chooseRate,
  DEFAULT_RATE_TABLE,
  type Quote,
  quoteRates,
  type RateRequest,
  type RateTable,
  shipDate,
} from "../../src/domain/shipping/index.js";

const NYC = { lat: 40.7128, lon: -74.006 };
const PHILADELPHIA = { lat: 39.9526, lon: -75.1652 }; // ~130 km
const BOSTON = { lat: 42.3601, lon: -71.0589 }; // ~306 km
const DETROIT = { lat: 42.3314, lon: -83.0458 }; // ~770 km
const ATLANTA = { lat: 33.749, lon: -84.388 }; // ~1200 km
const LOS_ANGELES = { lat: 34.0522, lon: -118.2437 }; // ~3940 km

// 2025-06-04 is a Wednesday; New York is on EDT (UTC-4), Los Angeles on PDT (UTC-7).
const WED_10_NY = new Date("2025-06-04T14:00:00Z");

function request(over: Partial<RateRequest> = {}): RateRequest {
  return {
    origin: NYC,
    destination: PHILADELPHIA,
    weightGrams: 1200,
    at: WED_10_NY,
    originTimeZone: "America/New_York",
    cutoffHour: 14,
    ...over,
  };
}

const byService = (quotes: Quote[], service: string) => quotes.find((q) => q.service === service)!;

describe("quoteRates", () => {
  it("quotes standard and express with the table's price, zone, billable weight and dates", () => {
    const quotes = quoteRates(DEFAULT_RATE_TABLE, request());
    expect(quotes.map((q) => q.service)).toEqual(["standard", "express"]);
    expect(byService(quotes, "standard")).toEqual({
      service: "standard",
      serviceName: "Standard Ground",
      amount: 849,
      currency: "USD",
      zone: 0,
      billableWeightGrams: 2000,
      shipDate: "2025-06-04",
      estimatedDeliveryDate: "2025-06-05",
      transitDays: 1,
    });
    expect(byService(quotes, "express").amount).toBe(1698);
  });

  it("chooses the zone by great-circle distance", () => {
    const zoneTo = (destination: { lat: number; lon: number }) =>
      quoteRates(DEFAULT_RATE_TABLE, request({ destination }))[0]!.zone;
    expect(zoneTo(PHILADELPHIA)).toBe(0);
    expect(zoneTo(BOSTON)).toBe(1);
    expect(zoneTo(DETROIT)).toBe(2);
    expect(zoneTo(ATLANTA)).toBe(3);
    expect(zoneTo(LOS_ANGELES)).toBe(4);
  });

  it("prices a distance beyond the last band at the last zone", () => {
    const table: RateTable = { ...DEFAULT_RATE_TABLE, zones: DEFAULT_RATE_TABLE.zones.slice(0, 3) };
    const quote = quoteRates(table, request({ destination: LOS_ANGELES }))[0]!;
    expect(quote.zone).toBe(2);
    expect(quote.amount).toBe(DEFAULT_RATE_TABLE.services.standard.prices[2]![2]!);
  });

  it("rounds the weight up to the first weight break at or above it", () => {
    const billable = (weightGrams: number) =>
      quoteRates(DEFAULT_RATE_TABLE, request({ weightGrams }))[0]!.billableWeightGrams;
    expect(billable(1)).toBe(500);
    expect(billable(500)).toBe(500);
    expect(billable(501)).toBe(1000);
    expect(billable(5000.5)).toBe(10000);
    expect(billable(30000)).toBe(30000);
  });

  it("refuses weights above the maximum and non-positive weights", () => {
    for (const weightGrams of [30001, 0, -5, Number.NaN])
      expect(() => quoteRates(DEFAULT_RATE_TABLE, request({ weightGrams }))).toThrow(RangeError);
  });

  it("adds transit business days to the ship date, skipping the weekend", () => {
    const quotes = quoteRates(DEFAULT_RATE_TABLE, request({ destination: LOS_ANGELES, weightGrams: 400 }));
    expect(byService(quotes, "standard")).toMatchObject({
      amount: 1249,
      transitDays: 6,
      estimatedDeliveryDate: "2025-06-12",
    });
    expect(byService(quotes, "express")).toMatchObject({
      transitDays: 2,
      estimatedDeliveryDate: "2025-06-06",
    });
  });

  it("never makes express cheaper or slower than standard, and prices grow with zone and weight", () => {
    const { standard, express } = DEFAULT_RATE_TABLE.services;
    DEFAULT_RATE_TABLE.zones.forEach((_, zone) => {
      expect(express.transitDays[zone]!).toBeLessThanOrEqual(standard.transitDays[zone]!);
      expect(express.transitDays[zone]!).toBeGreaterThanOrEqual(1);
      expect(express.transitDays[zone]!).toBeLessThanOrEqual(2);
      expect(standard.transitDays[zone]!).toBeLessThanOrEqual(6);
      DEFAULT_RATE_TABLE.weightBreaksGrams.forEach((_, w) => {
        const s = standard.prices[zone]![w]!;
        expect(express.prices[zone]![w]!).toBeGreaterThan(s);
        if (w > 0) expect(s).toBeGreaterThan(standard.prices[zone]![w - 1]!);
        if (zone > 0) expect(s).toBeGreaterThan(standard.prices[zone - 1]![w]!);
      });
    });
  });
});

describe("shipDate", () => {
  it("ships today before the cut-off and the next business day from the cut-off on", () => {
    expect(shipDate(new Date("2025-06-04T17:59:00Z"), "America/New_York", 14)).toBe("2025-06-04"); // 13:59
    expect(shipDate(new Date("2025-06-04T18:00:00Z"), "America/New_York", 14)).toBe("2025-06-05"); // 14:00
    expect(shipDate(new Date("2025-06-04T21:00:00Z"), "America/New_York", 14)).toBe("2025-06-05"); // 17:00
  });

  it("ships on Monday after a Friday cut-off and from a weekend", () => {
    expect(shipDate(new Date("2025-06-06T21:00:00Z"), "America/New_York", 14)).toBe("2025-06-09"); // Fri 17:00
    expect(shipDate(new Date("2025-06-07T14:00:00Z"), "America/New_York", 14)).toBe("2025-06-09"); // Sat 10:00
    expect(shipDate(new Date("2025-06-08T12:00:00Z"), "America/New_York", 14)).toBe("2025-06-09"); // Sun
  });

  it("reads the hour and date in the origin's time zone, not UTC", () => {
    const fridayEvening = new Date("2025-06-06T20:00:00Z"); // 16:00 in New York, 13:00 in Los Angeles
    expect(shipDate(fridayEvening, "America/New_York", 14)).toBe("2025-06-09");
    expect(shipDate(fridayEvening, "America/Los_Angeles", 14)).toBe("2025-06-06");
    // Saturday 01:00 UTC is still Friday 21:00 in New York, before a 22h cut-off: ships Friday.
    expect(shipDate(new Date("2025-06-07T01:00:00Z"), "America/New_York", 22)).toBe("2025-06-06");
    // 23:30 UTC Thursday is already Friday 08:30 in Tokyo.
    expect(shipDate(new Date("2025-06-05T23:30:00Z"), "Asia/Tokyo", 14)).toBe("2025-06-06");
  });

  it("rejects an unknown time zone", () => {
    expect(() => shipDate(WED_10_NY, "Mars/Olympus_Mons", 14)).toThrow(RangeError);
  });
});

describe("addBusinessDays", () => {
  it("skips Saturdays and Sundays", () => {
    expect(addBusinessDays("2025-06-06", 1)).toBe("2025-06-09");
    expect(addBusinessDays("2025-06-04", 5)).toBe("2025-06-11");
    expect(addBusinessDays("2025-06-07", 1)).toBe("2025-06-09");
    expect(addBusinessDays("2025-06-09", -1)).toBe("2025-06-06");
    expect(addBusinessDays("2025-06-04", 0)).toBe("2025-06-04");
    expect(addBusinessDays("2025-12-31", 2)).toBe("2026-01-02");
  });

  it("rejects malformed dates", () => {
    expect(() => addBusinessDays("2025-02-30", 1)).toThrow(RangeError);
    expect(() => addBusinessDays("6/4/2025", 1)).toThrow(RangeError);
  });
});

describe("chooseRate", () => {
  const toLa = quoteRates(DEFAULT_RATE_TABLE, request({ destination: LOS_ANGELES })); // std 06-12, exp 06-06

  it("picks the cheaper standard rate when it meets the promise", () => {
    const choice = chooseRate(toLa, "2025-06-12");
    expect(choice?.quote.service).toBe("standard");
    expect(choice?.meetsPromise).toBe(true);
  });

  it("picks express when only express meets the promise", () => {
    const choice = chooseRate(toLa, "2025-06-09");
    expect(choice?.quote.service).toBe("express");
    expect(choice?.meetsPromise).toBe(true);
  });

  it("falls back to the fastest, then cheapest, rate when none meets the promise", () => {
    const quotes = [
      { id: "slow", amount: 500, estimatedDeliveryDate: "2025-06-10" },
      { id: "fast-dear", amount: 900, estimatedDeliveryDate: "2025-06-08" },
      { id: "fast-cheap", amount: 800, estimatedDeliveryDate: "2025-06-08" },
    ];
    const choice = chooseRate(quotes, "2025-06-05");
    expect(choice?.quote.id).toBe("fast-cheap");
    expect(choice?.meetsPromise).toBe(false);
    expect(choice?.reason).toContain("2025-06-05");
  });

  it("picks the cheapest without a promise, and nothing from no quotes", () => {
    const choice = chooseRate(toLa, null);
    expect(choice?.quote.service).toBe("standard");
    expect(choice?.meetsPromise).toBeNull();
    expect(chooseRate([], "2025-06-09")).toBeNull();
  });
});
