// The printable route sheet: one page per vehicle, its stops in order with window, ETA and why.
import PDFDocument from "pdfkit";
import type { RoutePlanView } from "./schemas.js";

const hhmm = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    new Date(iso),
  );

export async function routeSheetPdf(
  plan: RoutePlanView,
  locationName: string,
  timeZone: string,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 40,
    info: {
      Title: `Route sheet ${plan.date}`,
      Producer: "Ordo",
      Creator: "Ordo",
      CreationDate: new Date(plan.created_at),
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const routes = plan.routes.length > 0 ? plan.routes : [null];
  routes.forEach((route, index) => {
    if (index > 0) doc.addPage();
    doc.font("Helvetica-Bold").fontSize(16).text(`Route sheet — ${locationName} — ${plan.date}`);
    doc.font("Helvetica").fontSize(9).text(`Plan ${plan.id} · times in ${timeZone}`);
    doc.moveDown();
    if (!route) {
      doc.fontSize(11).text("No routes: no booked delivery stops that day.");
      return;
    }
    doc
      .font("Helvetica-Bold")
      .fontSize(12)
      .text(`Vehicle ${route.vehicle_id}${route.driver_id ? ` · driver ${route.driver_id}` : ""}`);
    doc
      .font("Helvetica")
      .fontSize(10)
      .text(
        `Leaves ${hhmm(route.departure, timeZone)} · back ${hhmm(route.return_time, timeZone)} · ${(route.distance_m / 1000).toFixed(1)} km · ${route.stops.length} stops`,
      );
    doc.moveDown(0.5);
    for (const s of route.stops) {
      doc
        .font("Helvetica-Bold")
        .fontSize(10)
        .text(
          `${s.sequence}. ETA ${hhmm(s.eta, timeZone)}  (window ${hhmm(s.window_start, timeZone)}–${hhmm(s.window_end, timeZone)})`,
        );
      doc
        .font("Helvetica")
        .fontSize(9)
        .text(
          `Booking ${s.booking_id}${s.order_id ? ` · order ${s.order_id}` : ""} · ${s.latitude.toFixed(5)}, ${s.longitude.toFixed(5)}` +
            (s.reasons.length ? ` · ${s.reasons.join(", ")}` : ""),
        );
      doc.moveDown(0.3);
    }
  });
  if (plan.unassigned.length > 0) {
    doc.moveDown();
    doc.font("Helvetica-Bold").fontSize(11).text("Not routed");
    for (const u of plan.unassigned) doc.font("Helvetica").fontSize(9).text(`${u.booking_id}: ${u.reason}`);
  }
  doc.end();
  return done;
}
