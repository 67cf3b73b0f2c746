import { describe, expect, it } from "vitest";
import { type ShipmentForExceptions, shipmentExceptions } from "../../src/domain/shipping/index.js";

const NOW = new Date("2025-06-10T12:00:00Z");

function shipment(over: Partial<ShipmentForExceptions> = {}): ShipmentForExceptions {
  return {
    id: "shp_1",
    status: "shipped",
    trackingStatus: "in_transit",
    shippedAt: "2025-06-06T15:00:00Z",
    lastEventAt: "2025-06-10T06:00:00Z",
    promisedDeliveryDate: "2025-06-12",
    eta: "2025-06-11",
    ...over,
  };
}

const kinds = (s: ShipmentForExceptions, stuckHours = 48) =>
  shipmentExceptions(s, NOW, stuckHours).map((e) => e.kind);

describe("shipmentExceptions", () => {
  it("has none for a healthy shipment on its way", () => {
    expect(shipmentExceptions(shipment(), NOW, 48)).toEqual([]);
  });

  it("has none for shipments not yet shipped or already delivered, however bad they look", () => {
    const bad = { promisedDeliveryDate: "2025-06-01", lastEventAt: null, shippedAt: "2025-05-01T00:00:00Z" };
    for (const status of ["packed", "label_purchased", "delivered", "cancelled", "voided"])
      expect(kinds(shipment({ ...bad, status }))).toEqual([]);
    for (const trackingStatus of ["delivered", "picked_up"] as const)
      expect(kinds(shipment({ ...bad, trackingStatus }))).toEqual([]);
  });

  it("flags a carrier failure with reship and refund as options", () => {
    const [e] = shipmentExceptions(shipment({ trackingStatus: "failure" }), NOW, 48);
    expect(e).toMatchObject({
      shipmentId: "shp_1",
      kind: "failed_delivery",
      since: "2025-06-10T06:00:00.000Z",
      ageHours: 6,
      actions: ["contact_carrier", "notify_customer", "reship", "refund"],
    });
  });

  it("flags a failed delivery attempt", () => {
    expect(kinds(shipment({ trackingStatus: "attempted_delivery" }))).toEqual(["failed_delivery"]);
  });

  it("flags as late, ahead of time, an ETA after the promise", () => {
    const [e] = shipmentExceptions(shipment({ eta: "2025-06-13" }), NOW, 48);
    expect(e).toMatchObject({ kind: "late", since: "2025-06-10T06:00:00.000Z", ageHours: 6 });
    expect(e?.detail).toContain("2025-06-13");
  });

  it("flags as late a shipment still out after its promised day, aged from the end of that day", () => {
    const [e] = shipmentExceptions(shipment({ promisedDeliveryDate: "2025-06-09", eta: null }), NOW, 48);
    expect(e).toMatchObject({ kind: "late", since: "2025-06-10T00:00:00.000Z", ageHours: 12 });
    expect(e?.actions).toContain("refund");
    // On the promised day itself it is not late yet.
    expect(kinds(shipment({ promisedDeliveryDate: "2025-06-10", eta: "2025-06-10" }))).toEqual([]);
  });

  it("flags as stuck after stuckHours without an event", () => {
    const quiet = shipment({ lastEventAt: "2025-06-08T12:00:00Z" });
    const [e] = shipmentExceptions(quiet, NOW, 48);
    expect(e).toMatchObject({ kind: "stuck", since: "2025-06-08T12:00:00.000Z", ageHours: 48 });
    expect(kinds(quiet, 49)).toEqual([]);
  });

  it("ages a shipment without events from when it shipped, or the later of both", () => {
    expect(shipmentExceptions(shipment({ lastEventAt: null }), NOW, 72)[0]).toMatchObject({
      kind: "stuck",
      since: "2025-06-06T15:00:00.000Z",
      ageHours: 93,
    });
    // A label scan before the hand-over is not a sign of life after it.
    expect(
      kinds(shipment({ lastEventAt: "2025-06-05T10:00:00Z", shippedAt: "2025-06-09T12:00:00Z" })),
    ).toEqual([]);
  });

  it("reports several exceptions at once", () => {
    const s = shipment({
      trackingStatus: "failure",
      lastEventAt: "2025-06-07T12:00:00Z",
      promisedDeliveryDate: "2025-06-08",
      eta: null,
    });
    expect(kinds(s).sort()).toEqual(["failed_delivery", "late", "stuck"]);
  });
});
