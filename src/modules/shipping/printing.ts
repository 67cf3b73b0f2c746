// The documents a packing station prints: shipping labels (4×6 PDF or ZPL II for thermal
// printers), packing slips and pick lists. Rendered on demand from what is stored, so a reprint
// is the same document.
import type { Executor } from "../../db/transaction.js";
import { DomainError } from "../../domain/errors.js";
import { handlingBySkus } from "../catalog/index.js";
import { getLocationsByIds } from "../locations/index.js";
import { type Route, routeOf } from "./addresses.js";
import type { Carriers } from "./carriers/registry.js";
import {
  type Address,
  type LabelData,
  renderLabelPdf,
  renderLabelZpl,
  renderPackingSlipPdf,
  renderPickListPdf,
} from "./documents/index.js";
import { pickList } from "./pick-lists.js";
import { getStoredShipment, type StoredShipment, shipmentsOfFulfillmentOrder } from "./queries.js";

export const address = (a: Route["from"]): Address => ({
  name: a.name,
  line1: a.line1,
  line2: a.line2,
  city: a.city,
  region: a.region,
  postalCode: a.postalCode,
  country: a.country,
});

/** Where this package is among its fulfillment order's packages ("2 of 3"). */
async function position(db: Executor, s: StoredShipment) {
  const siblings = (await shipmentsOfFulfillmentOrder(db, s.fulfillment_order_id)).filter(
    (x) => x.status !== "cancelled",
  );
  return { index: siblings.findIndex((x) => x.id === s.id) + 1, count: siblings.length };
}

async function labelData(db: Executor, carriers: Carriers, id: string): Promise<LabelData> {
  const s = await getStoredShipment(db, id);
  const label = s.labels.find((l) => l.id === s.label_id);
  if (!label || !s.tracking_number) {
    throw new DomainError("conflict", `Shipment ${id} has no active label`, { current_status: s.status });
  }
  const route = await routeOf(db, s);
  const at = await position(db, s);
  return {
    trackingNumber: label.tracking_number,
    trackingUrl: s.tracking_url ?? "",
    carrierName: carriers.get(label.carrier)?.name ?? label.carrier,
    serviceName: label.service_name,
    from: address(route.from),
    to: address(route.to),
    weightGrams: s.weight_grams,
    packageIndex: at.index,
    packageCount: at.count,
    orderNumber: String(route.contact.number),
    shipmentId: s.id,
    shipDate: label.ship_date,
  };
}

export async function labelDocument(db: Executor, carriers: Carriers, id: string, format: "pdf" | "zpl") {
  const data = await labelData(db, carriers, id);
  return format === "zpl"
    ? { contentType: "application/zpl; charset=utf-8", body: renderLabelZpl(data) }
    : { contentType: "application/pdf", body: await renderLabelPdf(data) };
}

export async function packingSlip(
  db: Executor,
  id: string,
  merchant: { name: string; supportEmail: string | null },
) {
  const s = await getStoredShipment(db, id);
  const route = await routeOf(db, s);
  const at = await position(db, s);
  const handling = await handlingBySkus(
    db,
    s.lines.map((l) => l.sku),
  );
  return renderPackingSlipPdf({
    merchantName: merchant.name,
    supportEmail: merchant.supportEmail,
    orderNumber: String(route.contact.number),
    orderedAt: route.contact.placed_at ?? route.contact.created_at,
    shipTo: address(route.to),
    packageIndex: at.index,
    packageCount: at.count,
    lines: s.lines.map((l) => ({
      sku: l.sku,
      productTitle: handling.get(l.sku)?.product_title ?? l.title,
      variantTitle: handling.get(l.sku)?.variant_title ?? null,
      quantity: l.quantity,
    })),
  });
}

export async function pickListPdf(db: Executor, ids: readonly string[]) {
  const list = await pickList(db, ids);
  const [location] = await getLocationsByIds(db, [list.location_id]);
  return renderPickListPdf({
    title:
      list.fulfillment_order_ids.length > 1
        ? `Batch pick (${list.fulfillment_order_ids.length} orders)`
        : "Pick list",
    locationName: location?.name ?? list.location_id,
    generatedAt: new Date().toISOString(),
    fulfillmentOrderIds: list.fulfillment_order_ids,
    lines: list.lines.map((l) => ({
      bin: l.bin,
      sku: l.sku,
      productTitle: l.product_title,
      variantTitle: l.variant_title,
      barcode: l.barcode,
      quantity: l.quantity,
      picks: l.picks.map((p) => ({
        fulfillmentOrderId: p.fulfillment_order_id,
        orderNumber: String(p.order_number),
        quantity: p.quantity,
      })),
    })),
  });
}
