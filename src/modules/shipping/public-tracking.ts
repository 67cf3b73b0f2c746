// What anyone holding a tracking number may see, as on a carrier's site: where the package is
// and when it should arrive — never who it is for or what is in it.
import type { Executor } from "../../db/transaction.js";
import { DomainError } from "../../domain/errors.js";
import { customerStatus } from "../../domain/shipping/tracking.js";
import { getStoredShipment } from "./queries.js";

export async function publicTracking(db: Executor, trackingNumber: string) {
  const row = await db
    .selectFrom("shipments")
    .select("id")
    .where("tracking_number", "=", trackingNumber)
    .executeTakeFirst();
  if (!row) throw new DomainError("not-found", `No package with tracking number ${trackingNumber}`);
  const s = await getStoredShipment(db, row.id);
  return {
    tracking_number: trackingNumber,
    carrier: s.carrier,
    status: s.status,
    tracking_status: s.tracking_status,
    /** What to show the customer: the carrier's latest word, or the package's own status. */
    display_status: customerStatus(s.status, s.tracking_status),
    eta: s.eta,
    shipped_at: s.shipped_at,
    delivered_at: s.delivered_at,
    events: s.tracking_events
      .filter((e) => e.tracking_number === trackingNumber)
      .map((e) => ({ status: e.status, happened_at: e.happened_at, city: e.city, message: e.message })),
  };
}
