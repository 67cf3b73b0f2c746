// Reading fulfillment orders: one by id, pages filtered by location / status / order, and all of
// an order's — each with its lines.
import { type Executor, isPostgres } from "../../db/transaction.js";
import { notFound } from "../../domain/errors.js";
import { type FulfillmentOrderAction, fulfillmentOrderMachine } from "../../domain/fulfillment-order.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import type { FulfillmentOrderLinesTable, FulfillmentOrderStatus, FulfillmentOrdersTable } from "./tables.js";

export interface FulfillmentOrder extends FulfillmentOrdersTable {
  lines: Array<Omit<FulfillmentOrderLinesTable, "fulfillment_order_id">>;
  /** What can be done with it now, from its state machine. */
  allowed_actions: FulfillmentOrderAction[];
}

async function withLines(db: Executor, rows: FulfillmentOrdersTable[]): Promise<FulfillmentOrder[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .selectFrom("fulfillment_order_lines")
    .selectAll()
    .where(
      "fulfillment_order_id",
      "in",
      rows.map((r) => r.id),
    )
    .orderBy("order_line_id")
    .orderBy("sku")
    .execute();
  return rows.map((r) => ({
    ...r,
    lines: lines.filter((l) => l.fulfillment_order_id === r.id).map(({ fulfillment_order_id: _, ...l }) => l),
    allowed_actions: fulfillmentOrderMachine.allowedActions(r.status),
  }));
}

/** One fulfillment order with its lines, in one query (a join: it is read on every change). */
export async function getFulfillmentOrder(db: Executor, id: string): Promise<FulfillmentOrder> {
  return readFulfillmentOrder(db, id, false);
}

/**
 * As getFulfillmentOrder, under the fulfillment order's row lock (PostgreSQL; SQLite writers
 * already hold the write lock), so scans, packs and shipments of one fulfillment order take
 * turns instead of failing each other's version check.
 */
export async function lockFulfillmentOrder(tx: Executor, id: string): Promise<FulfillmentOrder> {
  return readFulfillmentOrder(tx, id, true);
}

async function readFulfillmentOrder(db: Executor, id: string, lock: boolean): Promise<FulfillmentOrder> {
  let query = db
    .selectFrom("fulfillment_orders as f")
    .leftJoin("fulfillment_order_lines as l", "l.fulfillment_order_id", "f.id")
    .selectAll("f")
    .select([
      "l.order_line_id as l_order_line_id",
      "l.sku as l_sku",
      "l.quantity as l_quantity",
      "l.fulfilled_quantity as l_fulfilled_quantity",
      "l.picked_quantity as l_picked_quantity",
      "l.shortage_quantity as l_shortage_quantity",
    ])
    .where("f.id", "=", id)
    .orderBy("l.order_line_id")
    .orderBy("l.sku");
  // Only the fulfillment order's row: FOR UPDATE may not reach the nullable side of the join.
  if (lock && isPostgres(db)) query = query.forUpdate("f");
  const rows = await query.execute();
  const first = rows[0];
  if (!first) throw notFound("Fulfillment order", id);
  const {
    l_order_line_id: _a,
    l_sku: _b,
    l_quantity: _c,
    l_fulfilled_quantity: _d,
    l_picked_quantity: _e,
    l_shortage_quantity: _f,
    ...fo
  } = first;
  return {
    ...fo,
    lines: rows
      .filter((r) => r.l_order_line_id !== null)
      .map((r) => ({
        order_line_id: r.l_order_line_id!,
        sku: r.l_sku!,
        quantity: Number(r.l_quantity),
        fulfilled_quantity: Number(r.l_fulfilled_quantity),
        picked_quantity: Number(r.l_picked_quantity),
        shortage_quantity: Number(r.l_shortage_quantity),
      })),
    allowed_actions: fulfillmentOrderMachine.allowedActions(fo.status),
  };
}

export interface FoFilter {
  location_id?: string | undefined;
  status?: FulfillmentOrderStatus | undefined;
  order_id?: string | undefined;
}

export async function listFulfillmentOrders(db: Executor, filter: FoFilter, page: PageRequest) {
  let q = db.selectFrom("fulfillment_orders").selectAll();
  if (filter.location_id) q = q.where("location_id", "=", filter.location_id);
  if (filter.status) q = q.where("status", "=", filter.status);
  if (filter.order_id) q = q.where("order_id", "=", filter.order_id);
  const result = await keysetPage(q, "id", page, "desc");
  return { data: await withLines(db, result.data), next_cursor: result.next_cursor };
}

/** Every fulfillment order of an order, oldest first. */
export async function fulfillmentOrdersOfOrder(db: Executor, orderId: string): Promise<FulfillmentOrder[]> {
  const rows = await db
    .selectFrom("fulfillment_orders")
    .selectAll()
    .where("order_id", "=", orderId)
    .orderBy("id")
    .execute();
  return withLines(db, rows);
}

/** An order's fulfillment orders without their lines: status, place and promise (for analytics). */
export async function fulfillmentOrderSummaries(db: Executor, orderId: string) {
  return db
    .selectFrom("fulfillment_orders")
    .select(["id", "location_id", "status", "promised_delivery_date"])
    .where("order_id", "=", orderId)
    .orderBy("id")
    .execute();
}

/** Fulfillment orders each location took on today (UTC day), for its daily capacity. */
export async function fulfillmentOrdersCreatedToday(
  db: Executor,
  locationIds: readonly string[],
  now: Date,
): Promise<Map<string, number>> {
  const used = new Map<string, number>();
  if (locationIds.length === 0) return used;
  const dayStart = `${now.toISOString().slice(0, 10)}T00:00:00.000Z`;
  const rows = await db
    .selectFrom("fulfillment_orders")
    .select(["location_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("location_id", "in", [...locationIds])
    .where("created_at", ">=", dayStart)
    .where("status", "not in", ["rejected", "cancelled"])
    .groupBy("location_id")
    .execute();
  for (const r of rows) if (r.location_id) used.set(r.location_id, Number(r.n));
  return used;
}
