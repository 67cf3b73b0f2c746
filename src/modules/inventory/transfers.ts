// Transfers between locations (draft → in_transit → received) and purchase orders (open →
// received / closed). Stock in transit or on order shows as `incoming` at the destination.
import { type Executor, inTransaction } from "../../db/transaction.js";
import { conflict, notFound, unprocessable } from "../../http/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/actor.js";
import { recordAudit } from "../audit/service.js";
import { emitEvent } from "../events/outbox.js";
import { changeLevel, changeLevelOrThrow, type StockReference } from "./levels.js";
import type { PurchaseOrdersTable, TransfersTable } from "./tables.js";
import { requireLocation, requireStockSkus, uniqueLines } from "./validation.js";

interface Line {
  sku: string;
  quantity: number;
  received_quantity: number;
}

const withOutstanding = (l: Line) => ({
  sku: l.sku,
  quantity: l.quantity,
  received_quantity: l.received_quantity,
  outstanding_quantity: Math.max(0, l.quantity - l.received_quantity),
});

const bySku = <T extends { sku: string }>(a: T, b: T) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

// ---------------------------------------------------------------- transfers

export type TransferView = Omit<TransfersTable, never> & { lines: ReturnType<typeof withOutstanding>[] };

async function loadTransfer(db: Executor, id: string): Promise<TransferView> {
  const row = await db.selectFrom("transfers").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Transfer", id);
  const lines = await db
    .selectFrom("transfer_lines")
    .selectAll()
    .where("transfer_id", "=", id)
    .orderBy("sku")
    .execute();
  return { ...row, lines: lines.map(withOutstanding) };
}

export const getTransfer = loadTransfer;

export async function listTransfers(
  db: Executor,
  filter: { status?: string | undefined; location_id?: string | undefined },
  page: PageRequest,
) {
  let q = db.selectFrom("transfers").selectAll();
  if (filter.status) q = q.where("status", "=", filter.status as TransfersTable["status"]);
  if (filter.location_id) {
    const loc = filter.location_id;
    q = q.where((eb) => eb.or([eb("origin_location_id", "=", loc), eb("destination_location_id", "=", loc)]));
  }
  const result = await keysetPage(q, "id", page);
  const ids = result.data.map((t) => t.id);
  const lines = ids.length
    ? await db
        .selectFrom("transfer_lines")
        .selectAll()
        .where("transfer_id", "in", ids)
        .orderBy("sku")
        .execute()
    : [];
  return {
    data: result.data.map((t) => ({
      ...t,
      lines: lines.filter((l) => l.transfer_id === t.id).map(withOutstanding),
    })),
    next_cursor: result.next_cursor,
  };
}

async function transferEvent(tx: Executor, ctx: RequestContext, type: string, id: string) {
  const view = await loadTransfer(tx, id);
  await emitEvent(tx, ctx, { type, resourceType: "transfer", resourceId: id, data: view });
  await recordAudit(tx, ctx, {
    action: type,
    resourceType: "transfer",
    resourceId: id,
    data: { status: view.status, lines: view.lines },
  });
  return view;
}

export async function createTransfer(
  db: Executor,
  ctx: RequestContext,
  input: {
    origin_location_id: string;
    destination_location_id: string;
    lines: Array<{ sku: string; quantity: number }>;
    note?: string | undefined;
  },
) {
  return inTransaction(db, async (tx) => {
    if (input.origin_location_id === input.destination_location_id) {
      throw unprocessable("A transfer needs two different locations", [
        { path: "body.destination_location_id", message: "Same as the origin" },
      ]);
    }
    await requireLocation(tx, input.origin_location_id, "body.origin_location_id");
    await requireLocation(tx, input.destination_location_id, "body.destination_location_id");
    await requireStockSkus(
      tx,
      input.lines.map((l, i) => ({ sku: l.sku, path: `body.lines.${i}.sku` })),
    );
    uniqueLines(input.lines);
    const now = nowIso();
    const id = newId("transfer");
    await tx
      .insertInto("transfers")
      .values({
        id,
        origin_location_id: input.origin_location_id,
        destination_location_id: input.destination_location_id,
        status: "draft",
        note: input.note ?? null,
        shipped_at: null,
        received_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx
      .insertInto("transfer_lines")
      .values(
        input.lines.map((l) => ({ transfer_id: id, sku: l.sku, quantity: l.quantity, received_quantity: 0 })),
      )
      .execute();
    return transferEvent(tx, ctx, "transfer.created", id);
  });
}

/** Moves a transfer from one status to another only if it is still in the expected one. */
async function claimStatus<T extends "transfers" | "purchase_orders">(
  tx: Executor,
  table: T,
  id: string,
  from: readonly string[],
  to: string,
  extra: Record<string, string> = {},
): Promise<boolean> {
  const result = await tx
    .updateTable(table as "transfers")
    .set({ status: to as TransfersTable["status"], updated_at: nowIso(), ...extra })
    .where("id", "=", id)
    .where("status", "in", from as TransfersTable["status"][])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ships a draft transfer: stock leaves the origin's on_hand and shows as incoming at the destination. */
export async function shipTransfer(db: Executor, ctx: RequestContext, id: string) {
  return inTransaction(db, async (tx) => {
    const transfer = await loadTransfer(tx, id);
    if (!(await claimStatus(tx, "transfers", id, ["draft"], "in_transit", { shipped_at: nowIso() }))) {
      throw conflict(`Transfer ${id} is ${transfer.status}; only a draft transfer can be shipped`);
    }
    const ref: StockReference = { type: "transfer", id };
    for (const line of [...transfer.lines].sort(bySku)) {
      await changeLevelOrThrow(tx, ctx, {
        sku: line.sku,
        locationId: transfer.origin_location_id,
        type: "transfer_out",
        delta: { on_hand: -line.quantity },
        reference: ref,
      });
      await changeLevelOrThrow(tx, ctx, {
        sku: line.sku,
        locationId: transfer.destination_location_id,
        type: "transfer_in_transit",
        delta: { incoming: line.quantity },
        reference: ref,
      });
    }
    return transferEvent(tx, ctx, "transfer.shipped", id);
  });
}

export async function cancelTransfer(db: Executor, ctx: RequestContext, id: string) {
  return inTransaction(db, async (tx) => {
    const transfer = await loadTransfer(tx, id);
    if (!(await claimStatus(tx, "transfers", id, ["draft"], "cancelled"))) {
      throw conflict(`Transfer ${id} is ${transfer.status}; only a draft transfer can be cancelled`);
    }
    return transferEvent(tx, ctx, "transfer.cancelled", id);
  });
}

interface ReceiptInput {
  lines: Array<{ sku: string; quantity: number }>;
  close: boolean;
}

/**
 * Receives lines at the destination (in parts, over or short). Each unit received adds to
 * on_hand and takes one unit off `incoming` while any is outstanding; closing (or receiving
 * everything) drops what is still outstanding from incoming.
 */
async function receiveLines(
  tx: Executor,
  ctx: RequestContext,
  a: {
    table: "transfer_lines" | "purchase_order_lines";
    parentColumn: "transfer_id" | "purchase_order_id";
    id: string;
    locationId: string;
    lines: Line[];
    input: ReceiptInput;
    receiveType: "transfer_in" | "receive";
    shortType: "transfer_short" | "po_closed";
    reference: StockReference;
  },
): Promise<boolean> {
  const known = new Map(a.lines.map((l) => [l.sku, l]));
  const errors = a.input.lines.flatMap((l, i) =>
    known.has(l.sku)
      ? []
      : [{ path: `body.lines.${i}.sku`, message: `${l.sku} is not on ${a.reference.id}` }],
  );
  if (errors.length) throw unprocessable(errors[0]?.message ?? "Unknown line", errors);
  uniqueLines(a.input.lines);
  const received = new Map(a.input.lines.map((l) => [l.sku, l.quantity]));
  let complete = true;
  for (const line of [...a.lines].sort(bySku)) {
    const got = received.get(line.sku) ?? 0;
    const outstanding = Math.max(0, line.quantity - line.received_quantity);
    const fromIncoming = Math.min(got, outstanding);
    if (got > 0) {
      // The line's row is the guard: the received quantity only moves forward from what we read.
      const updated = await tx
        .updateTable(a.table as "transfer_lines")
        .set({ received_quantity: line.received_quantity + got })
        .where(a.parentColumn as "transfer_id", "=", a.id)
        .where("sku", "=", line.sku)
        .where("received_quantity", "=", line.received_quantity)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw conflict(`${a.reference.id} changed meanwhile; retry`);
      await changeLevel(tx, ctx, {
        sku: line.sku,
        locationId: a.locationId,
        type: a.receiveType,
        delta: { on_hand: got, incoming: -fromIncoming },
        reason: got > outstanding ? "over_receipt" : null,
        reference: a.reference,
      }).then((r) => {
        if (!r)
          throw conflict(
            `Incoming stock of ${line.sku} at ${a.locationId} does not match; run inventory verify`,
          );
      });
    }
    const left = outstanding - fromIncoming;
    if (left > 0) {
      if (a.input.close) {
        const r = await changeLevel(tx, ctx, {
          sku: line.sku,
          locationId: a.locationId,
          type: a.shortType,
          delta: { incoming: -left },
          reason: "short_receipt",
          reference: a.reference,
        });
        if (!r)
          throw conflict(
            `Incoming stock of ${line.sku} at ${a.locationId} does not match; run inventory verify`,
          );
      } else complete = false;
    }
  }
  return complete;
}

export async function receiveTransfer(db: Executor, ctx: RequestContext, id: string, input: ReceiptInput) {
  return inTransaction(db, async (tx) => {
    const transfer = await loadTransfer(tx, id);
    if (transfer.status !== "in_transit" && transfer.status !== "partially_received") {
      throw conflict(`Transfer ${id} is ${transfer.status}; only a shipped transfer can be received`);
    }
    const complete = await receiveLines(tx, ctx, {
      table: "transfer_lines",
      parentColumn: "transfer_id",
      id,
      locationId: transfer.destination_location_id,
      lines: transfer.lines,
      input,
      receiveType: "transfer_in",
      shortType: "transfer_short",
      reference: { type: "transfer", id },
    });
    const status = complete ? "received" : "partially_received";
    if (
      !(await claimStatus(
        tx,
        "transfers",
        id,
        [transfer.status],
        status,
        complete ? { received_at: nowIso() } : {},
      ))
    ) {
      throw conflict(`Transfer ${id} changed meanwhile; retry`);
    }
    return transferEvent(tx, ctx, complete ? "transfer.received" : "transfer.partially_received", id);
  });
}

// ---------------------------------------------------------------- purchase orders

export type PurchaseOrderView = PurchaseOrdersTable & { lines: ReturnType<typeof withOutstanding>[] };

async function loadPurchaseOrder(db: Executor, id: string): Promise<PurchaseOrderView> {
  const row = await db.selectFrom("purchase_orders").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Purchase order", id);
  const lines = await db
    .selectFrom("purchase_order_lines")
    .selectAll()
    .where("purchase_order_id", "=", id)
    .orderBy("sku")
    .execute();
  return { ...row, lines: lines.map(withOutstanding) };
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
    })),
    next_cursor: result.next_cursor,
  };
}

async function purchaseOrderEvent(tx: Executor, ctx: RequestContext, type: string, id: string) {
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
    if (po.status !== "open" && po.status !== "partially_received") {
      throw conflict(`Purchase order ${id} is ${po.status}; it cannot receive stock`);
    }
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
    if (!(await claimStatus(tx, "purchase_orders", id, [po.status], status))) {
      throw conflict(`Purchase order ${id} changed meanwhile; retry`);
    }
    return purchaseOrderEvent(tx, ctx, `purchase_order.${status}`, id);
  });
}

/** Cancels (nothing received) or closes (some received) an open purchase order: what is outstanding stops being incoming. */
export async function closePurchaseOrder(db: Executor, ctx: RequestContext, id: string) {
  return inTransaction(db, async (tx) => {
    const po = await loadPurchaseOrder(tx, id);
    if (po.status !== "open" && po.status !== "partially_received") {
      throw conflict(`Purchase order ${id} is ${po.status}; it cannot be closed`);
    }
    const status = po.lines.some((l) => l.received_quantity > 0) ? "closed" : "cancelled";
    if (!(await claimStatus(tx, "purchase_orders", id, [po.status], status))) {
      throw conflict(`Purchase order ${id} changed meanwhile; retry`);
    }
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
