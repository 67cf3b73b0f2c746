// Transfers between locations (draft → in_transit → received) and purchase orders (open →
// received / closed). Stock in transit or on order shows as `incoming` at the destination.
import { type Executor, inTransaction } from "../../db/transaction.js";
import { conflict, notFound, unprocessable } from "../../domain/errors.js";
import { transferMachine } from "../../domain/inbound.js";
import type { StateMachine } from "../../domain/state-machine.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { EventType } from "../events/index.js";
import { emitEvent } from "../events/index.js";
import { changeLevel, changeLevelOrThrow, type StockReference } from "./levels.js";
import type { TransfersTable } from "./tables.js";
import { requireLocation, requireStockSkus, uniqueLines } from "./validation.js";

interface Line {
  sku: string;
  quantity: number;
  received_quantity: number;
}

export const withOutstanding = (l: Line) => ({
  sku: l.sku,
  quantity: l.quantity,
  received_quantity: l.received_quantity,
  outstanding_quantity: Math.max(0, l.quantity - l.received_quantity),
});

export const bySku = <T extends { sku: string }>(a: T, b: T) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

// ---------------------------------------------------------------- transfers

export type TransferView = TransfersTable & {
  lines: ReturnType<typeof withOutstanding>[];
  allowed_actions: ReturnType<typeof transferMachine.allowedActions>;
};

async function loadTransfer(db: Executor, id: string): Promise<TransferView> {
  const row = await db.selectFrom("transfers").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Transfer", id);
  const lines = await db
    .selectFrom("transfer_lines")
    .selectAll()
    .where("transfer_id", "=", id)
    .orderBy("sku")
    .execute();
  return {
    ...row,
    lines: lines.map(withOutstanding),
    allowed_actions: transferMachine.allowedActions(row.status),
  };
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
      allowed_actions: transferMachine.allowedActions(t.status),
    })),
    next_cursor: result.next_cursor,
  };
}

async function transferEvent(
  tx: Executor,
  ctx: RequestContext,
  type: Extract<EventType, `transfer.${string}`>,
  id: string,
) {
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

/**
 * Takes `action` on a transfer or purchase order through its state machine: refused (409, with
 * the machine's reason) unless the document's status allows it, and claimed with a conditional
 * update, so two concurrent actions cannot both start from the same status.
 */
export async function claimStatus<S extends string, A extends string>(
  tx: Executor,
  table: "transfers" | "purchase_orders",
  machine: StateMachine<S, A>,
  doc: { id: string; status: S },
  action: A,
  to: S,
  extra: Record<string, string> = {},
): Promise<void> {
  const refusal = machine.refusal(doc.status, action, { to, subject: `${machine.name} ${doc.id}` });
  if (refusal) throw conflict(refusal);
  const result = await tx
    .updateTable(table as "transfers")
    .set({ status: to as TransfersTable["status"], updated_at: nowIso(), ...extra })
    .where("id", "=", doc.id)
    .where("status", "=", doc.status as TransfersTable["status"])
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw conflict(`${machine.name} ${doc.id} changed meanwhile; retry`);
}

/** Ships a draft transfer: stock leaves the origin's on_hand and shows as incoming at the destination. */
export async function shipTransfer(db: Executor, ctx: RequestContext, id: string) {
  return inTransaction(db, async (tx) => {
    const transfer = await loadTransfer(tx, id);
    await claimStatus(tx, "transfers", transferMachine, transfer, "ship", "in_transit", {
      shipped_at: nowIso(),
    });
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
    await claimStatus(tx, "transfers", transferMachine, transfer, "cancel", "cancelled");
    return transferEvent(tx, ctx, "transfer.cancelled", id);
  });
}

export interface ReceiptInput {
  lines: Array<{ sku: string; quantity: number }>;
  close: boolean;
}

/**
 * Receives lines at the destination (in parts, over or short). Each unit received adds to
 * on_hand and takes one unit off `incoming` while any is outstanding; closing (or receiving
 * everything) drops what is still outstanding from incoming.
 */
export async function receiveLines(
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
    const refusal = transferMachine.refusal(transfer.status, "receive", { subject: `Transfer ${id}` });
    if (refusal) throw conflict(refusal);
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
    await claimStatus(
      tx,
      "transfers",
      transferMachine,
      transfer,
      "receive",
      status,
      complete ? { received_at: nowIso() } : {},
    );
    return transferEvent(tx, ctx, complete ? "transfer.received" : "transfer.partially_received", id);
  });
}
