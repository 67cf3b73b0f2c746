// A return's life after it is asked for: approved or rejected, a label to send it back, received
// at a warehouse or a store (each line restocked, set aside as damaged, or disposed of; the
// order's lines marked returned), and refunded — as computed, or adjusted by someone allowed to.
import { createHash, randomBytes } from "node:crypto";
import type { Config } from "../../config.js";
import { insertRows } from "../../db/buffered-inserts.js";
import type { Database } from "../../db/database.js";
import { type Executor, inTransaction } from "../../db/transaction.js";
import type { FieldError } from "../../domain/address.js";
import { conflict, DomainError, unprocessable } from "../../domain/errors.js";
import { formatMinor } from "../../domain/money.js";
import { computeRefund, type Disposition, type ReturnStatus, returnMachine } from "../../domain/returns.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { restockReturn } from "../inventory/index.js";
import { getLocationsByIds } from "../locations/index.js";
import { applyFulfillmentChange, getOrder } from "../orders/index.js";
import { processPaymentRequests, refundToOrderPayments } from "../payments/index.js";
import { buyReturnLabel, type ReturnLabel, returnLabelPdf } from "../shipping/index.js";
import { announce } from "./announce.js";
import { returnPolicy } from "./policies.js";
import { getStoredReturn, returnsOfOrder, type StoredReturn } from "./queries.js";
import type { ReturnsTable } from "./tables.js";

type Action = "approve" | "reject" | "receive" | "refund" | "cancel";

/** Moves a locked return to `to` (refusing what its workflow does not allow) with the fields given. */
async function move(
  tx: Executor,
  r: StoredReturn,
  action: Action,
  to: ReturnStatus,
  fields: Partial<ReturnsTable> = {},
): Promise<StoredReturn> {
  const refusal = returnMachine.refusal(r.status, action, { to, subject: `Return ${r.reference}` });
  if (refusal) throw conflict(refusal, { current_status: r.status });
  const updated = await tx
    .updateTable("returns")
    .set({ ...fields, status: to, version: r.version + 1, updated_at: nowIso() })
    .where("id", "=", r.id)
    .where("version", "=", r.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    throw conflict(`Return ${r.reference} changed at the same time; retry`);
  return getStoredReturn(tx, r.id);
}

export async function decideReturn(
  tx: Executor,
  ctx: RequestContext,
  id: string,
  decision: "approve" | "reject" | "cancel",
  reason: string,
): Promise<StoredReturn> {
  const r = await getStoredReturn(tx, id, true);
  const to = ({ approve: "approved", reject: "rejected", cancel: "cancelled" } as const)[decision];
  const after = await move(tx, r, decision, to, { decision_reason: reason });
  await announce(tx, ctx, after, `return.${to}`, `Return ${r.reference} ${to}: ${reason}`);
  return after;
}

export interface ReturnPatch {
  location_id?: string | undefined;
  refund_method?: ReturnsTable["refund_method"] | undefined;
  note?: string | null | undefined;
}

/** Where it will be received, how it is refunded, the note: while it has not arrived (and the place, before a label names it). */
export async function updateReturn(tx: Executor, ctx: RequestContext, id: string, patch: ReturnPatch) {
  const r = await getStoredReturn(tx, id, true);
  if (r.status !== "requested" && r.status !== "approved")
    throw conflict(`Return ${r.reference} is ${r.status}: it can no longer change`, {
      current_status: r.status,
    });
  if (patch.location_id !== undefined && patch.location_id !== r.location_id) {
    if (r.tracking_number) throw conflict(`Return ${r.reference} has a label to its location: void it first`);
    const [location] = await getLocationsByIds(tx, [patch.location_id]);
    if (!location)
      throw unprocessable("The return is invalid", [
        { path: "body.location_id", message: "Unknown location" },
      ]);
  }
  const fields: Partial<ReturnsTable> = {
    ...(patch.location_id !== undefined && { location_id: patch.location_id }),
    ...(patch.refund_method !== undefined && { refund_method: patch.refund_method }),
    ...(patch.note !== undefined && { note: patch.note }),
  };
  const updated = await tx
    .updateTable("returns")
    .set({ ...fields, version: r.version + 1, updated_at: nowIso() })
    .where("id", "=", r.id)
    .where("version", "=", r.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    throw conflict(`Return ${r.reference} changed at the same time; retry`);
  const after = await getStoredReturn(tx, id);
  await announce(
    tx,
    ctx,
    after,
    "return.updated",
    `Return ${r.reference} changed: ${Object.keys(fields).join(", ")}`,
  );
  return after;
}

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** What a label link opens: the return it was made for. */
export async function returnByLabelToken(db: Executor, token: string): Promise<StoredReturn> {
  const row = await db
    .selectFrom("returns")
    .select("id")
    .where("label_token_hash", "=", tokenHash(token))
    .executeTakeFirst();
  if (!row) throw new DomainError("not-found", "No return label for this link");
  return getStoredReturn(db, row.id);
}

const WEIGHT_PER_UNIT_GRAMS = 500;

/**
 * Buys the return label (the carrier is called outside any transaction, then recorded) and tells
 * the customer, with a link that opens the label without signing in.
 */
export async function buyReturnLabelFor(
  database: Database,
  config: Pick<Config, "publicUrl" | "shipping">,
  ctx: RequestContext,
  id: string,
): Promise<StoredReturn> {
  const before = await getStoredReturn(database.db, id);
  if (before.status !== "approved")
    throw conflict(`Return ${before.reference} is ${before.status}: no label now`);
  if (before.tracking_number) throw conflict(`Return ${before.reference} already has a label`);
  if (!before.location_id) throw unprocessable("Choose the location that receives the return first");
  const units = before.lines.reduce((s, l) => s + l.quantity, 0);
  const label = await buyReturnLabel(database.db, config, {
    orderId: before.order_id,
    locationId: before.location_id,
    weightGrams: units * WEIGHT_PER_UNIT_GRAMS,
  });
  const token = randomBytes(24).toString("base64url");
  return inTransaction(database.db, async (tx) => {
    const r = await getStoredReturn(tx, id, true);
    if (r.version !== before.version) throw conflict(`Return ${r.reference} changed at the same time; retry`);
    const updated = await tx
      .updateTable("returns")
      .set({
        carrier: label.carrier,
        service: label.service,
        tracking_number: label.tracking_number,
        tracking_url: label.tracking_url,
        label_cost: label.cost,
        label_token_hash: tokenHash(token),
        version: r.version + 1,
        updated_at: nowIso(),
      })
      .where("id", "=", r.id)
      .where("version", "=", r.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw conflict(`Return ${r.reference} changed at the same time; retry`);
    const after = await getStoredReturn(tx, id);
    await announce(
      tx,
      ctx,
      after,
      "return.label_purchased",
      `Return label ${label.tracking_number} for ${r.reference}`,
      {
        label_url: `${config.publicUrl}/v1/return_labels/${token}`,
      },
    );
    return after;
  });
}

export async function returnLabelDocument(
  db: Executor,
  config: Pick<Config, "publicUrl" | "shipping">,
  r: StoredReturn,
): Promise<Buffer> {
  if (!r.tracking_number || !r.carrier || !r.service || !r.location_id)
    throw conflict(`Return ${r.reference} has no label`);
  const label: ReturnLabel = {
    carrier: r.carrier,
    service: r.service,
    tracking_number: r.tracking_number,
    tracking_url: r.tracking_url ?? "",
    cost: Number(r.label_cost ?? 0),
    ship_date: r.updated_at.slice(0, 10),
  };
  const units = r.lines.reduce((s, l) => s + l.quantity, 0);
  return returnLabelPdf(db, config, {
    orderId: r.order_id,
    locationId: r.location_id,
    weightGrams: units * WEIGHT_PER_UNIT_GRAMS,
    reference: r.reference,
    label,
  });
}

export interface ReceiveInput {
  location_id: string;
  lines: Array<{ order_line_id: string; quantity: number; disposition: Disposition }>;
}

/**
 * The parcel arrived at a warehouse or a store: restocked units go back on hand there (ledger
 * `return_restock`), damaged ones into `damaged`, disposed ones nowhere; the order's lines count
 * them returned; the refund they earn is computed and kept on the return.
 */
export async function receiveReturn(tx: Executor, ctx: RequestContext, id: string, input: ReceiveInput) {
  const r = await getStoredReturn(tx, id, true);
  const refusal = returnMachine.refusal(r.status, "receive", { subject: `Return ${r.reference}` });
  if (refusal) throw conflict(refusal, { current_status: r.status });
  const [location] = await getLocationsByIds(tx, [input.location_id]);
  const errors: FieldError[] = [];
  if (!location) errors.push({ path: "body.location_id", message: `Unknown location ${input.location_id}` });
  const seen = new Set<string>();
  input.lines.forEach((l, i) => {
    const line = r.lines.find((x) => x.order_line_id === l.order_line_id);
    if (!line) errors.push({ path: `body.lines.${i}.order_line_id`, message: "Not on this return" });
    else if (l.quantity > line.quantity)
      errors.push({ path: `body.lines.${i}.quantity`, message: `At most ${line.quantity} on this return` });
    if (seen.has(l.order_line_id))
      errors.push({ path: `body.lines.${i}.order_line_id`, message: "Duplicate line" });
    seen.add(l.order_line_id);
  });
  if (errors.length) throw unprocessable("The receipt is invalid", errors);
  const received = input.lines.filter((l) => l.quantity > 0);
  if (received.length === 0)
    throw unprocessable("Nothing was received", [{ path: "body.lines", message: "All zero" }]);

  const order = await getOrder(tx, r.order_id);
  const policy = await returnPolicy(tx, r.channel_id);
  const earlier = (await returnsOfOrder(tx, r.order_id)).filter((x) => x.id !== r.id && x.received_at);
  const refundedBefore = (lineId: string) =>
    earlier.reduce(
      (s, x) => s + (x.lines.find((l) => l.order_line_id === lineId)?.received_quantity ?? 0),
      0,
    );
  const breakdown = computeRefund({
    received: received.map((l) => {
      const line = order.lines.find((x) => x.id === l.order_line_id)!;
      const reasonCode = r.lines.find((x) => x.order_line_id === l.order_line_id)!.reason;
      return {
        line,
        refundedBefore: refundedBefore(line.id),
        quantity: l.quantity,
        disposition: l.disposition,
        reason: policy.reasons.find((x) => x.code === reasonCode) ?? {
          code: reasonCode,
          label: reasonCode,
          merchant_fault: false,
        },
      };
    }),
    policy,
    shippingTotal: order.totals.shipping_total,
    shippingAlreadyRefunded: earlier.some(
      (x) =>
        x.refund_breakdown !== null && (JSON.parse(x.refund_breakdown) as { shipping: number }).shipping > 0,
    ),
    allUnitsBack: order.lines.every(
      (l) =>
        l.returned + (received.find((x) => x.order_line_id === l.id)?.quantity ?? 0) >=
        l.quantity - l.cancelled,
    ),
    returnLabelBought: r.tracking_number !== null,
  });

  for (const l of received) {
    if (l.disposition === "dispose") continue;
    await restockReturn(tx, ctx, {
      sku: r.lines.find((x) => x.order_line_id === l.order_line_id)!.sku,
      locationId: input.location_id,
      quantity: l.quantity,
      reference: { type: "return", id: r.id },
      condition: l.disposition === "damaged" ? "damaged" : "sellable",
    });
  }
  for (const l of received) {
    await tx
      .updateTable("return_lines")
      .set({ received_quantity: l.quantity, disposition: l.disposition })
      .where("return_id", "=", r.id)
      .where("order_line_id", "=", l.order_line_id)
      .execute();
  }
  await applyFulfillmentChange(tx, ctx, r.order_id, {
    returned: received.map((l) => ({ lineId: l.order_line_id, quantity: l.quantity })),
    action: "order.returned",
    message: `Return ${r.reference} received at ${location!.name}`,
    data: {
      return_id: r.id,
      damaged_units: received.filter((l) => l.disposition === "damaged").reduce((n, l) => n + l.quantity, 0),
    },
  });
  const after = await move(tx, r, "receive", "received", {
    location_id: input.location_id,
    received_at: nowIso(),
    refund_breakdown: JSON.stringify(breakdown),
    refund_due: breakdown.total,
  });
  await announce(
    tx,
    ctx,
    after,
    "return.received",
    `Return ${r.reference} received at ${location!.name}; refund due ${formatMinor(breakdown.total, order.currency)}`,
    { amount: breakdown.total },
  );
  return after;
}

export interface RefundInput {
  amount?: number | undefined;
  reason?: string | undefined;
}

/**
 * Refunds a received return: to the original payments (their provider calls made right after
 * the commit) or as store credit. Another amount than computed needs `payments:adjust` and a reason.
 */
export async function refundReturn(
  database: Database,
  run: <T>(work: (tx: Executor) => Promise<T>) => Promise<T>,
  ctx: RequestContext,
  id: string,
  input: RefundInput,
): Promise<StoredReturn> {
  const { stored, requests } = await run(async (tx) => {
    const r = await getStoredReturn(tx, id, true);
    if (r.status !== "received")
      throw conflict(`Return ${r.reference} is ${r.status}; only a received return can be refunded`);
    const due = Number(r.refund_due ?? 0);
    const amount = input.amount ?? due;
    if (amount !== due) {
      if (!ctx.actor.permissions.has("payments:adjust"))
        throw new DomainError("forbidden", "Refunding another amount than computed needs payments:adjust");
      if (!input.reason)
        throw unprocessable("Say why the refund differs", [{ path: "body.reason", message: "Required" }]);
    }
    const order = await getOrder(tx, r.order_id);
    let requestIds: string[] = [];
    if (amount > 0 && r.refund_method === "original_payment") {
      requestIds = await refundToOrderPayments(tx, ctx, r.order_id, amount, {
        type: "return",
        id: r.id,
        reason: `Return ${r.reference}`,
      });
    } else if (amount > 0) {
      await insertRows(tx, "store_credit_entries", [
        {
          id: newId("storeCredit"),
          email: r.email.trim().toLowerCase(),
          currency: order.currency,
          amount,
          reason: `Return ${r.reference}`,
          reference_type: "return",
          reference_id: r.id,
          created_at: nowIso(),
        },
      ]);
    }
    const after = await move(tx, r, "refund", "refunded", {
      refunded_amount: amount,
      refunded_at: nowIso(),
      refund_adjustment_reason: amount !== due ? (input.reason ?? null) : null,
    });
    const how = r.refund_method === "store_credit" ? "as store credit" : "to the original payment";
    await announce(
      tx,
      ctx,
      after,
      "return.refunded",
      `Return ${r.reference} refunded ${formatMinor(amount, order.currency)} ${how}`,
      {
        amount,
      },
    );
    // The customer's "refund issued" e-mail; the timeline has the entry above.
    await announce(tx, ctx, after, "refund.issued", "", { amount, quiet: true });
    return { stored: after, requests: requestIds };
  });
  if (requests.length) await processPaymentRequests(database, { only: requests });
  return stored;
}
