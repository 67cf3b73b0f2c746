import { describe, expect, it } from "vitest";
import {
  currentEta,
  currentStatus,
  customerStatus,
  isValidTrackingNumber,
  type TrackingEventLike,
  type TrackingStatus,
  trackingNumber,
} from "../../src/domain/shipping/index.js";

const ev = (status: TrackingStatus, happenedAt: string, estimatedDeliveryAt?: string): TrackingEventLike =>
  estimatedDeliveryAt === undefined ? { status, happenedAt } : { status, happenedAt, estimatedDeliveryAt };

describe("currentStatus", () => {
  it("is null without events", () => {
    expect(currentStatus([])).toBeNull();
  });

  it("takes the latest event by time, whatever order they arrived in", () => {
    const events = [
      ev("in_transit", "2025-06-05T08:00:00Z"),
      ev("out_for_delivery", "2025-06-06T07:00:00Z"),
      ev("label_printed", "2025-06-03T12:00:00Z"),
    ];
    expect(currentStatus(events)).toBe("out_for_delivery");
    expect(currentStatus([...events].reverse())).toBe("out_for_delivery");
  });

  it("compares instants, not strings, across time-zone offsets", () => {
    // 09:00-04:00 is 13:00Z: later than 12:00Z although it sorts first as text.
    const events = [ev("delayed", "2025-06-05T12:00:00Z"), ev("in_transit", "2025-06-05T09:00:00-04:00")];
    expect(currentStatus(events)).toBe("in_transit");
  });

  it("lets a terminal event win over later ones", () => {
    const events = [
      ev("delivered", "2025-06-06T15:00:00Z"),
      ev("in_transit", "2025-06-07T09:00:00Z"), // a stale scan arriving late
      ev("failure", "2025-06-08T09:00:00Z"),
    ];
    expect(currentStatus(events)).toBe("delivered");
  });

  it("keeps the earliest terminal event", () => {
    const events = [ev("delivered", "2025-06-09T10:00:00Z"), ev("picked_up", "2025-06-06T10:00:00Z")];
    expect(currentStatus(events)).toBe("picked_up");
  });

  it("breaks ties by the order of TRACKING_STATUSES", () => {
    const at = "2025-06-05T12:00:00Z";
    expect(currentStatus([ev("delayed", at), ev("in_transit", at)])).toBe("delayed");
    expect(currentStatus([ev("in_transit", at), ev("delayed", at)])).toBe("delayed");
    expect(currentStatus([ev("delivered", at), ev("picked_up", at)])).toBe("delivered");
  });

  it("refuses unparseable times rather than sorting NaN", () => {
    expect(() => currentStatus([ev("in_transit", "yesterday")])).toThrow(RangeError);
  });
});

describe("currentEta", () => {
  it("is the service estimate when nothing else is known, or null without one", () => {
    expect(currentEta({ serviceEstimate: "2025-06-10", events: [] })).toBe("2025-06-10");
    expect(
      currentEta({ serviceEstimate: null, events: [ev("in_transit", "2025-06-05T08:00:00Z")] }),
    ).toBeNull();
  });

  it("pushes the service estimate one business day per delay or failed attempt", () => {
    const delayed = ev("delayed", "2025-06-09T08:00:00Z");
    expect(currentEta({ serviceEstimate: "2025-06-10", events: [delayed] })).toBe("2025-06-11");
    const events = [delayed, ev("attempted_delivery", "2025-06-12T16:00:00Z")];
    expect(currentEta({ serviceEstimate: "2025-06-12", events })).toBe("2025-06-16"); // Thu +2 → Mon
  });

  it("counts a duplicated event once", () => {
    const delayed = ev("delayed", "2025-06-09T08:00:00Z");
    expect(currentEta({ serviceEstimate: "2025-06-10", events: [delayed, { ...delayed }] })).toBe(
      "2025-06-11",
    );
  });

  it("uses the latest carrier estimate by time, however the events arrived", () => {
    const events = [
      ev("in_transit", "2025-06-06T10:00:00Z", "2025-06-13"),
      ev("confirmed", "2025-06-04T10:00:00Z", "2025-06-09"),
    ];
    expect(currentEta({ serviceEstimate: "2025-06-10", events })).toBe("2025-06-13");
  });

  it("pushes a carrier estimate only for delays after it", () => {
    const events = [
      ev("delayed", "2025-06-05T10:00:00Z"), // before the carrier's new date: already priced in
      ev("in_transit", "2025-06-06T10:00:00Z", "2025-06-12T20:00:00-04:00"),
      ev("delayed", "2025-06-11T10:00:00Z"),
    ];
    expect(currentEta({ serviceEstimate: "2025-06-09", events })).toBe("2025-06-13");
  });

  it("is the day of delivery once delivered, as the carrier dated it", () => {
    const events = [
      ev("in_transit", "2025-06-06T10:00:00Z", "2025-06-12"),
      ev("delivered", "2025-06-09T23:30:00-04:00"),
      ev("delivered", "2025-06-11T08:00:00Z"), // a resend must not move it
    ];
    expect(currentEta({ serviceEstimate: "2025-06-10", events })).toBe("2025-06-09");
  });
});

describe("tracking numbers", () => {
  it("is the prefix, a 12-digit serial and a Luhn check digit", () => {
    expect(trackingNumber("ORD", 1)).toBe("ORD0000000000018");
    // The textbook Luhn example 7992739871 → check digit 3.
    expect(trackingNumber("ORD", 7992739871n)).toBe("ORD0079927398713");
    expect(trackingNumber("", 0)).toBe("0000000000000");
  });

  it("validates its own numbers and catches typos", () => {
    const n = trackingNumber("ORD", 123456789012n);
    expect(isValidTrackingNumber(n, "ORD")).toBe(true);
    expect(isValidTrackingNumber(n, "XYZ")).toBe(false);
    const digits = n.slice(3);
    for (let i = 0; i < digits.length; i++) {
      const wrong = `ORD${digits.slice(0, i)}${(Number(digits[i]) + 1) % 10}${digits.slice(i + 1)}`;
      expect(isValidTrackingNumber(wrong, "ORD")).toBe(false);
    }
    expect(isValidTrackingNumber(`${n}0`, "ORD")).toBe(false);
    expect(isValidTrackingNumber("ORD00000000000a8", "ORD")).toBe(false);
  });

  it("refuses serials that do not fit", () => {
    expect(() => trackingNumber("ORD", 10n ** 12n)).toThrow(RangeError);
    expect(() => trackingNumber("ORD", -1)).toThrow(RangeError);
    expect(() => trackingNumber("ORD", 1.5)).toThrow(RangeError);
  });
});

describe("what the customer reads for a package", () => {
  it("is the package's own status until the carrier says more than the label", () => {
    expect(customerStatus("shipped", null)).toBe("shipped");
    expect(customerStatus("shipped", "label_printed")).toBe("shipped");
    expect(customerStatus("shipped", "in_transit")).toBe("in_transit");
    expect(customerStatus("delivered", "delivered")).toBe("delivered");
  });
});
