// The exceptions queue: shipped packages that need someone — late against their promise, stuck
// without a carrier event, or failed deliveries — each with its age and what to do about it.
import type { Executor } from "../../db/transaction.js";
import { shipmentExceptions } from "../../domain/shipping/exceptions.js";

export async function listShipmentExceptions(
  db: Executor,
  filter: { location_id?: string | undefined; stuck_hours: number },
  now = new Date(),
) {
  let q = db.selectFrom("shipments").selectAll().where("status", "=", "shipped");
  if (filter.location_id) q = q.where("location_id", "=", filter.location_id);
  // Bounded: a queue longer than this is a carrier outage, and the oldest come first anyway.
  const rows = await q.orderBy("shipped_at").limit(2000).execute();
  return rows
    .flatMap((s) =>
      shipmentExceptions(
        {
          id: s.id,
          status: s.status,
          trackingStatus: s.tracking_status,
          shippedAt: s.shipped_at,
          lastEventAt: s.last_event_at,
          promisedDeliveryDate: s.promised_delivery_date,
          eta: s.eta,
        },
        now,
        filter.stuck_hours,
      ).map((e) => ({
        shipment_id: s.id,
        order_id: s.order_id,
        fulfillment_order_id: s.fulfillment_order_id,
        location_id: s.location_id,
        tracking_number: s.tracking_number,
        kind: e.kind,
        since: e.since,
        age_hours: e.ageHours,
        detail: e.detail,
        actions: e.actions,
      })),
    )
    .sort((a, b) => b.age_hours - a.age_hours);
}
