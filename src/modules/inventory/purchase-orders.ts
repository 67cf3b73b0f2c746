// Purchase orders: stock expected from suppliers, received in parts, closed when done.
// Transfers between locations (draft → in_transit → received) and purchase orders (open →
// received / closed). Stock in transit or on order shows as `incoming` at the destination.
import { type Executor, inTransaction } from "../../db/transaction.js";
import { conflict, notFound } from "../../domain/errors.js";
import { purchaseOrderMachine } from "../../domain/inbound.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { EventType } from "../events/index.js";
import { emitEvent } from "../events/index.js";
import { changeLevel, changeLevelOrThrow } from "./levels.js";
import type { PurchaseOrdersTable } from "./tables.js";
import { bySku, claimStatus, type ReceiptInput, receiveLines, withOutstanding } from "./transfers.js";
import { requireLocation, requireStockSkus, uniqueLines } from "./validation.js";

export type PurchaseOrderView = PurchaseOrdersTable & {
  lines: ReturnType<typeof withOutstanding>[];
  allowed_actions: ReturnType<typeof purchaseOrderMachine.allowedActions>;
};

async function loadPurchaseOrder(db: Executor, id: string): Promise<PurchaseOrderView> {
  const row = await db.selectFrom("purchase_orders").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Purchase order", id);
  const lines = await db
    .selectFrom("purchase_order_lines")
    .selectAll()
    .where("purchase_order_id", "=", id)
    .orderBy("sku")
    .execute();
  return {
    ...row,
    lines: lines.map(withOutstanding),
    allowed_actions: purchaseOrderMachine.allowedActions(row.status),
  };
}

export const getPurchaseOrder = loadPurchaseOrder;

export async function listPurchaseOrders(
  db: Executor,
  filter: { status?: string | undefined; location_id?: string | undefined },
  page: PageRequest,
) {
  let q = db.selectFrom("purchase_orders").selectAll();
  if (filter.status) q = q.where("status", "=", filter.status as PurchaseOrdersTable["status"]);
  if (filter.location_id) q = q.where("location_id", "=", filter.location_id);
  const result = await keysetPage(q, "id", page);
  const ids = result.data.map((t) => t.id);
  const lines = ids.length
    ? await db
        .selectFrom("purchase_order_lines")
        .selectAll()
        .where("purchase_order_id", "in", ids)
        .orderBy("sku")
        .execute()
    : [];
  return {
    data: result.data.map((p) => ({
      ...p,
      lines: lines.filter((l) => l.purchase_order_id === p.id).map(withOutstanding),
      allowed_actions: purchaseOrderMachine.allowedActions(p.status),
    })),
    next_cursor: result.next_cursor,
  };
}

async function purchaseOrderEvent(
  tx: Executor,
  ctx: RequestContext,
  type: Extract<EventType, `purchase_order.${string}`>,
  id: string,
) {
  const view = await loadPurchaseOrder(tx, id);
  await emitEvent(tx, ctx, { type, resourceType: "purchase_order", resourceId: id, data: view });
  await recordAudit(tx, ctx, {
    action: type,
    resourceType: "purchase_order",
    resourceId: id,
    data: { status: view.status, lines: view.lines },
  });
  return view;
}

/** Creates an open purchase order: its quantities show as incoming at the location at once. */
export async function createPurchaseOrder(
  db: Executor,
  ctx: RequestContext,
  input: {
    supplier: string;
    location_id: string;
    lines: Array<{ sku: string; quantity: number }>;
    reference?: string | undefined;
    expected_at?: string | undefined;
    note?: string | undefined;
  },
) {
  return inTransaction(db, async (tx) => {
    await requireLocation(tx, input.location_id, "body.location_id");
    await requireStockSkus(
      tx,
      input.lines.map((l, i) => ({ sku: l.sku, path: `body.lines.${i}.sku` })),
    );
    uniqueLines(input.lines);
    const now = nowIso();
    const id = newId("purchaseOrder");
    await tx
      .insertInto("purchase_orders")
      .values({
        id,
        supplier: input.supplier,
        location_id: input.location_id,
        status: "open",
        reference: input.reference ?? null,
        expected_at: input.expected_at ? new Date(input.expected_at).toISOString() : null,
        note: input.note ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx
      .insertInto("purchase_order_lines")
      .values(
        input.lines.map((l) => ({
          purchase_order_id: id,
          sku: l.sku,
          quantity: l.quantity,
          received_quantity: 0,
        })),
      )
      .execute();
    for (const line of [...input.lines].sort(bySku)) {
      await changeLevelOrThrow(tx, ctx, {
        sku: line.sku,
        locationId: input.location_id,
        type: "po_expected",
        delta: { incoming: line.quantity },
        reference: { type: "purchase_order", id },
      });
    }
    return purchaseOrderEvent(tx, ctx, "purchase_order.created", id);
  });
}

export async function receivePurchaseOrder(
  db: Executor,
  ctx: RequestContext,
  id: string,
  input: ReceiptInput,
) {
  return inTransaction(db, async (tx) => {
    const po = await loadPurchaseOrder(tx, id);
    const refusal = purchaseOrderMachine.refusal(po.status, "receive", { subject: `Purchase order ${id}` });
    if (refusal) throw conflict(refusal);
    const complete = await receiveLines(tx, ctx, {
      table: "purchase_order_lines",
      parentColumn: "purchase_order_id",
      id,
      locationId: po.location_id,
      lines: po.lines,
      input,
      receiveType: "receive",
      shortType: "po_closed",
      reference: { type: "purchase_order", id },
    });
    const fully = po.lines.every((l) => {
      const got = input.lines.find((x) => x.sku === l.sku)?.quantity ?? 0;
      return l.received_quantity + got >= l.quantity;
    });
    const status = complete ? (fully ? "received" : "closed") : "partially_received";
    await claimStatus(tx, "purchase_orders", purchaseOrderMachine, po, "receive", status);
    return purchaseOrderEvent(tx, ctx, `purchase_order.${status}`, id);
  });
}

/** Cancels (nothing received) or closes (some received) an open purchase order: what is outstanding stops being incoming. */
export async function closePurchaseOrder(db: Executor, ctx: RequestContext, id: string) {
  return inTransaction(db, async (tx) => {
    const po = await loadPurchaseOrder(tx, id);
    const status = po.lines.some((l) => l.received_quantity > 0) ? "closed" : "cancelled";
    await claimStatus(tx, "purchase_orders", purchaseOrderMachine, po, "close", status);
    for (const line of [...po.lines].sort(bySku)) {
      if (line.outstanding_quantity === 0) continue;
      const r = await changeLevel(tx, ctx, {
        sku: line.sku,
        locationId: po.location_id,
        type: "po_closed",
        delta: { incoming: -line.outstanding_quantity },
        reason: status,
        reference: { type: "purchase_order", id },
      });
      if (!r)
        throw conflict(
          `Incoming stock of ${line.sku} at ${po.location_id} does not match; run inventory verify`,
        );
    }
    return purchaseOrderEvent(tx, ctx, `purchase_order.${status}`, id);
  });
}
