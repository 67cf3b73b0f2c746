// Reading shipments: one by id, pages filtered by location / order / status / tracking number,
// each with its lines, labels and tracking events.
import type { Executor } from "../../db/transaction.js";
import { conflict, notFound } from "../../domain/errors.js";
import { type ShipmentAction, shipmentMachine } from "../../domain/shipping/shipment.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import type {
  ShipmentLinesTable,
  ShipmentsTable,
  ShippingLabelsTable,
  TrackingEventsTable,
} from "./tables.js";

export interface Shipment extends Omit<ShipmentsTable, "label_id" | "pickup_code"> {
  lines: Array<Omit<ShipmentLinesTable, "shipment_id">>;
  labels: Array<Omit<ShippingLabelsTable, "shipment_id">>;
  tracking_events: Array<Omit<TrackingEventsTable, "shipment_id">>;
  allowed_actions: ShipmentAction[];
}

/** A shipment as stored, with what only Ordo sees (the active label id, the pickup code). */
export interface StoredShipment extends Shipment {
  label_id: string | null;
  pickup_code: string | null;
}

async function withDetails(db: Executor, rows: ShipmentsTable[]): Promise<StoredShipment[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // One after the other: inside a transaction they share one connection.
  const lines = await db
    .selectFrom("shipment_lines")
    .selectAll()
    .where("shipment_id", "in", ids)
    .orderBy("order_line_id")
    .execute();
  const labels = await db
    .selectFrom("shipping_labels")
    .selectAll()
    .where("shipment_id", "in", ids)
    .orderBy("id")
    .execute();
  const events = await db
    .selectFrom("tracking_events")
    .selectAll()
    .where("shipment_id", "in", ids)
    .orderBy("happened_at")
    .orderBy("id")
    .execute();
  const of = <T extends { shipment_id: string }>(all: T[], id: string) =>
    all.filter((x) => x.shipment_id === id).map(({ shipment_id: _, ...rest }) => rest);
  return rows.map((r) => ({
    ...r,
    weight_grams: Number(r.weight_grams),
    lines: of(lines, r.id),
    labels: of(labels, r.id).map((l) => ({ ...l, amount: Number(l.amount) })),
    tracking_events: of(events, r.id),
    allowed_actions: shipmentMachine.allowedActions(r.status),
  }));
}

/** What the API shows: without the pickup code (the customer's proof) or internal label id. */
export function publicView({ pickup_code: _, label_id: __, ...s }: StoredShipment): Shipment {
  return s;
}

export async function getStoredShipment(db: Executor, id: string): Promise<StoredShipment> {
  const row = await db.selectFrom("shipments").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Shipment", id);
  return (await withDetails(db, [row]))[0]!;
}

export const getShipment = async (db: Executor, id: string) => publicView(await getStoredShipment(db, id));

export interface ShipmentFilter {
  location_id?: string | undefined;
  order_id?: string | undefined;
  fulfillment_order_id?: string | undefined;
  status?: ShipmentsTable["status"] | undefined;
  tracking_number?: string | undefined;
}

export async function listShipments(db: Executor, filter: ShipmentFilter, page: PageRequest) {
  let q = db.selectFrom("shipments").selectAll();
  if (filter.location_id) q = q.where("location_id", "=", filter.location_id);
  if (filter.order_id) q = q.where("order_id", "=", filter.order_id);
  if (filter.fulfillment_order_id) q = q.where("fulfillment_order_id", "=", filter.fulfillment_order_id);
  if (filter.status) q = q.where("status", "=", filter.status);
  if (filter.tracking_number) q = q.where("tracking_number", "=", filter.tracking_number);
  const result = await keysetPage(q, "id", page, "desc");
  return { data: (await withDetails(db, result.data)).map(publicView), next_cursor: result.next_cursor };
}

export async function shipmentsOfOrders(
  db: Executor,
  orderIds: readonly string[],
): Promise<StoredShipment[]> {
  if (orderIds.length === 0) return [];
  const rows = await db
    .selectFrom("shipments")
    .selectAll()
    .where("order_id", "in", [...orderIds])
    .where("status", "!=", "cancelled")
    .orderBy("id")
    .execute();
  return withDetails(db, rows);
}

export async function shipmentsOfFulfillmentOrder(db: Executor, foId: string): Promise<StoredShipment[]> {
  const rows = await db
    .selectFrom("shipments")
    .selectAll()
    .where("fulfillment_order_id", "=", foId)
    .orderBy("id")
    .execute();
  return withDetails(db, rows);
}

/** Claims a shipment's next version (optimistic): a concurrent change to it fails with a 409. */
export async function updateShipment(
  tx: Executor,
  s: Pick<ShipmentsTable, "id" | "version">,
  set: Partial<ShipmentsTable>,
): Promise<string> {
  const now = new Date().toISOString();
  const updated = await tx
    .updateTable("shipments")
    .set({ ...set, version: s.version + 1, updated_at: now })
    .where("id", "=", s.id)
    .where("version", "=", s.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    throw conflict(`Shipment ${s.id} changed at the same time; retry`);
  return now;
}
