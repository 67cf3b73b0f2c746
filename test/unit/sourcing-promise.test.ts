import { describe, expect, it } from "vitest";
import { pickupReadyBy, promiseDates } from "../../src/domain/sourcing/index.js";

const NY = "America/New_York";
const LA = "America/Los_Angeles";

function dates(nowIso: string, timeZone: string, processingDays = 0, transitDays = 2, holidays?: string[]) {
  return promiseDates({
    now: new Date(nowIso),
    timeZone,
    processingDays,
    cutoffHour: 15,
    transitDays,
    holidays,
  });
}

describe("promise dates", () => {
  it("ships today before the local cut-off and tomorrow after it", () => {
    // Wednesday 2025-03-05; New York is UTC−5 in early March.
    expect(dates("2025-03-05T19:30:00Z", NY)).toEqual({ shipDate: "2025-03-05", deliveryDate: "2025-03-07" });
    expect(dates("2025-03-05T20:30:00Z", NY)).toEqual({ shipDate: "2025-03-06", deliveryDate: "2025-03-10" });
  });

  it("reads the cut-off in the location's own time zone", () => {
    // 20:30Z is 15:30 in New York (missed) but 12:30 in Los Angeles (made).
    expect(dates("2025-03-05T20:30:00Z", NY).shipDate).toBe("2025-03-06");
    expect(dates("2025-03-05T20:30:00Z", LA).shipDate).toBe("2025-03-05");
    // 06:30Z on Thursday is still Wednesday 22:30 in Los Angeles: Wednesday's calendar applies.
    const lateEvening = promiseDates({
      now: new Date("2025-03-06T06:30:00Z"),
      timeZone: LA,
      processingDays: 0,
      cutoffHour: 23,
      transitDays: 0,
    });
    expect(lateEvening.shipDate).toBe("2025-03-05");
  });

  it("follows daylight saving time", () => {
    // Monday 2025-03-10 New York is on EDT (UTC−4): 19:30Z is 15:30, after the cut-off.
    expect(dates("2025-03-10T19:30:00Z", NY).shipDate).toBe("2025-03-11");
    expect(dates("2025-03-10T18:30:00Z", NY).shipDate).toBe("2025-03-10");
  });

  it("skips weekends for processing and transit", () => {
    // Friday after the cut-off → Monday.
    expect(dates("2025-03-07T21:00:00Z", NY, 0, 0).shipDate).toBe("2025-03-10");
    // Saturday, before the cut-off hour but not a business day → Monday.
    expect(dates("2025-03-08T15:00:00Z", NY, 0, 0).shipDate).toBe("2025-03-10");
    // Friday before the cut-off with one processing day → Monday; two transit days → Wednesday.
    expect(dates("2025-03-07T15:00:00Z", NY, 1, 2)).toEqual({
      shipDate: "2025-03-10",
      deliveryDate: "2025-03-12",
    });
    // Shipping Friday with one transit day arrives Monday, not Saturday.
    expect(dates("2025-03-07T15:00:00Z", NY, 0, 1).deliveryDate).toBe("2025-03-10");
  });

  it("skips holidays", () => {
    expect(dates("2025-03-05T15:00:00Z", NY, 1, 1, ["2025-03-06"])).toEqual({
      shipDate: "2025-03-07",
      deliveryDate: "2025-03-10",
    });
  });
});

describe("pickup ready-by", () => {
  const base = { timeZone: NY, prepMinutes: 60, openHour: 9, closeHour: 21 };

  it("is now plus preparation while the store is open", () => {
    expect(pickupReadyBy({ ...base, now: new Date("2025-03-05T15:00:00Z") }).toISOString()).toBe(
      "2025-03-05T16:00:00.000Z",
    );
  });

  it("starts at opening when ordered before the store opens", () => {
    // 06:00 local → ready 10:00 local (15:00Z).
    expect(pickupReadyBy({ ...base, now: new Date("2025-03-05T11:00:00Z") }).toISOString()).toBe(
      "2025-03-05T15:00:00.000Z",
    );
  });

  it("carries unfinished preparation over to the next opening day", () => {
    // Saturday 20:30 local: 30 minutes today, the store is closed on Sunday, 30 minutes Monday.
    const ready = pickupReadyBy({
      ...base,
      now: new Date("2025-03-09T01:30:00Z"),
      openWeekdays: [1, 2, 3, 4, 5, 6],
    });
    // Monday 2025-03-10 09:30 EDT (UTC−4, after the DST change) = 13:30Z.
    expect(ready.toISOString()).toBe("2025-03-10T13:30:00.000Z");
  });
});
