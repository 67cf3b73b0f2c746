// Reading shipments: one by id, pages filtered by location / order / status / tracking number,
// each with its lines, labels and tracking events.
import { jsonArrayFrom as pgJsonArrayFrom } from "kysely/helpers/postgres";
import { jsonArrayFrom as sqliteJsonArrayFrom } from "kysely/helpers/sqlite";
import { type Executor, isPostgres } from "../../db/transaction.js";
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

type Details = {
  lines: ShipmentLinesTable[];
  labels: ShippingLabelsTable[];
  events: TrackingEventsTable[];
};

function assemble(r: ShipmentsTable, { lines, labels, events }: Details): StoredShipment {
  const strip = <T extends { shipment_id: string }>(all: T[]) =>
    all.map(({ shipment_id: _, ...rest }) => rest);
  return {
    ...r,
    weight_grams: Number(r.weight_grams),
    lines: strip(lines),
    labels: strip(labels).map((l) => ({ ...l, amount: Number(l.amount) })),
    tracking_events: strip(events),
    allowed_actions: shipmentMachine.allowedActions(r.status),
  };
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
    all.filter((x) => x.shipment_id === id);
  return rows.map((r) =>
    assemble(r, { lines: of(lines, r.id), labels: of(labels, r.id), events: of(events, r.id) }),
  );
}

/** What the API shows: without the pickup code (the customer's proof) or internal label id. */
export function publicView({ pickup_code: _, label_id: __, ...s }: StoredShipment): Shipment {
  return s;
}

/** Every column of a table, kept complete by the compiler (SQLite's JSON sub-selects need them named). */
const columnsOf = <T>(all: Record<keyof T, true>) => Object.keys(all) as Array<keyof T & string>;
const LINE_COLUMNS = columnsOf<ShipmentLinesTable>({
  shipment_id: true,
  order_line_id: true,
  sku: true,
  title: true,
  quantity: true,
});
const LABEL_COLUMNS = columnsOf<ShippingLabelsTable>({
  id: true,
  shipment_id: true,
  carrier: true,
  service: true,
  service_name: true,
  tracking_number: true,
  amount: true,
  currency: true,
  ship_date: true,
  estimated_delivery_date: true,
  status: true,
  created_at: true,
  voided_at: true,
});
const EVENT_COLUMNS = columnsOf<TrackingEventsTable>({
  id: true,
  shipment_id: true,
  carrier: true,
  carrier_event_id: true,
  tracking_number: true,
  status: true,
  happened_at: true,
  message: true,
  city: true,
  estimated_delivery_at: true,
  source: true,
  created_at: true,
});

/**
 * One shipment with its lines, labels and tracking events in ONE query (JSON sub-selects): it is
 * read by every change of a package, shipping included.
 */
export async function getStoredShipment(db: Executor, id: string): Promise<StoredShipment> {
  const jsonArrayFrom = isPostgres(db) ? pgJsonArrayFrom : sqliteJsonArrayFrom;
  const row = await db
    .selectFrom("shipments as s")
    .selectAll("s")
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom("shipment_lines")
          .select(LINE_COLUMNS)
          .whereRef("shipment_id", "=", "s.id")
          .orderBy("order_line_id"),
      ).as("d_lines"),
      jsonArrayFrom(
        eb
          .selectFrom("shipping_labels")
          .select(LABEL_COLUMNS)
          .whereRef("shipment_id", "=", "s.id")
          .orderBy("id"),
      ).as("d_labels"),
      jsonArrayFrom(
        eb
          .selectFrom("tracking_events")
          .select(EVENT_COLUMNS)
          .whereRef("shipment_id", "=", "s.id")
          .orderBy("happened_at")
          .orderBy("id"),
      ).as("d_events"),
    ])
    .where("s.id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound("Shipment", id);
  const { d_lines, d_labels, d_events, ...shipment } = row;
  // SQLite hands JSON back as text; PostgreSQL's driver has parsed it already.
  const parsed = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));
  return assemble(shipment as ShipmentsTable, {
    lines: parsed(d_lines),
    labels: parsed(d_labels),
    events: parsed(d_events),
  });
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
