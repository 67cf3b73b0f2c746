// Starting a return, from the portal (the customer proved the order) or the console: each line
// checked against the channel's policy (window, non-returnable SKUs, reasons) and against what is
// still out there to return — in one transaction that serializes returns of the same order.
import { sql } from "kysely";
import { insertRows } from "../../db/buffered-inserts.js";
import { type Executor, isPostgres } from "../../db/transaction.js";
import type { FieldError } from "../../domain/address.js";
import { conflict, unprocessable } from "../../domain/errors.js";
import { type RefundMethod, type ReturnPolicy, returnableUnits, withinWindow } from "../../domain/returns.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { getChannel } from "../channels/index.js";
import { captureOrder, getOrder, type OrderView } from "../orders/index.js";
import { paymentMethodOf } from "../payments/index.js";
import { shipmentsOfOrders } from "../shipping/index.js";
import { announce } from "./announce.js";
import { returnPolicy } from "./policies.js";
import { getStoredReturn, returnsOfOrder, type StoredReturn } from "./queries.js";
import type { ReturnLinesTable, ReturnsTable } from "./tables.js";

export interface CreateReturnInput {
  order_id: string;
  lines: Array<{
    order_line_id: string;
    quantity: number;
    reason: string;
    note?: string | undefined;
    exchange_sku?: string | undefined;
  }>;
  refund_method?: RefundMethod | undefined;
  location_id?: string | undefined;
  note?: string | undefined;
}

/** Units of each order line in returns not received yet (what they ask for is spoken for). */
function spokenFor(returns: StoredReturn[]): Map<string, number> {
  const open = new Map<string, number>();
  for (const r of returns) {
    if (r.status !== "requested" && r.status !== "approved") continue;
    for (const l of r.lines) open.set(l.order_line_id, (open.get(l.order_line_id) ?? 0) + l.quantity);
  }
  return open;
}

function checkLines(
  order: OrderView,
  policy: ReturnPolicy,
  open: Map<string, number>,
  lines: CreateReturnInput["lines"],
): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    const at = `body.lines.${i}`;
    const line = order.lines.find((x) => x.id === l.order_line_id);
    if (!line) {
      errors.push({ path: `${at}.order_line_id`, message: `No line ${l.order_line_id} on this order` });
      return;
    }
    if (seen.has(line.id)) errors.push({ path: `${at}.order_line_id`, message: "Duplicate line" });
    seen.add(line.id);
    if (policy.non_returnable_skus.includes(line.sku))
      errors.push({ path: `${at}.order_line_id`, message: `${line.sku} cannot be returned` });
    if (!policy.reasons.some((r) => r.code === l.reason))
      errors.push({
        path: `${at}.reason`,
        message: `Unknown reason (one of: ${policy.reasons.map((r) => r.code).join(", ")})`,
      });
    const left = returnableUnits(line, open.get(line.id) ?? 0);
    if (l.quantity > left)
      errors.push({ path: `${at}.quantity`, message: `Only ${left} unit(s) can be returned` });
  });
  return errors;
}

export async function createReturn(
  tx: Executor,
  ctx: RequestContext,
  input: CreateReturnInput,
  source: ReturnsTable["source"],
  now = new Date(),
): Promise<StoredReturn> {
  // Two returns of one order at once must not both take the same units.
  if (isPostgres(tx)) await sql`select pg_advisory_xact_lock(hashtext(${input.order_id}))`.execute(tx);
  const order = await getOrder(tx, input.order_id);
  if (order.status === "draft") throw conflict(`Order #${order.number} is a draft: nothing to return`);
  const policy = await returnPolicy(tx, order.channel_id);
  const shipments = await shipmentsOfOrders(tx, [order.id]);
  const left = shipments
    .map((s) => s.delivered_at ?? s.shipped_at)
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1);
  if (!withinWindow(left ?? null, policy.window_days, now)) {
    throw unprocessable(`Order #${order.number} is outside the ${policy.window_days}-day return window`, [
      { path: "body.order_id", message: "Outside the return window" },
    ]);
  }
  const existing = await returnsOfOrder(tx, order.id);
  const errors = checkLines(order, policy, spokenFor(existing), input.lines);
  if (errors.length) throw unprocessable("The return is invalid", errors);

  const at = nowIso();
  const id = newId("return");
  const row: ReturnsTable = {
    id,
    reference: `R${order.number}-${existing.length + 1}`,
    order_id: order.id,
    order_number: order.number,
    channel_id: order.channel_id,
    email: order.email,
    status: policy.requires_approval ? "requested" : "approved",
    source,
    refund_method: input.refund_method ?? "original_payment",
    location_id: input.location_id ?? shipments[0]?.location_id ?? null,
    note: input.note ?? null,
    carrier: null,
    service: null,
    tracking_number: null,
    tracking_url: null,
    label_cost: null,
    label_token_hash: null,
    refund_breakdown: null,
    refund_due: null,
    refunded_amount: null,
    refund_adjustment_reason: null,
    decision_reason: policy.requires_approval ? null : "Approved by policy",
    exchange_order_id: null,
    version: 1,
    created_by: ctx.actor.id ?? ctx.actor.type,
    created_at: at,
    updated_at: at,
    received_at: null,
    refunded_at: null,
  };
  const lines: ReturnLinesTable[] = input.lines.map((l) => ({
    return_id: id,
    order_line_id: l.order_line_id,
    sku: order.lines.find((x) => x.id === l.order_line_id)!.sku,
    quantity: l.quantity,
    reason: l.reason,
    note: l.note ?? null,
    received_quantity: 0,
    disposition: null,
    exchange_sku: l.exchange_sku ?? null,
  }));
  row.exchange_order_id = await orderExchange(tx, ctx, order, row.reference, lines);
  await tx.insertInto("returns").values(row).execute();
  await insertRows(tx, "return_lines", lines);
  const stored = await getStoredReturn(tx, id);
  const units = lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ");
  await announce(
    tx,
    ctx,
    stored,
    "return.requested",
    `Return ${row.reference} requested (${source}): ${units}${row.exchange_order_id ? " (exchange)" : ""}`,
  );
  if (row.status === "approved")
    await announce(tx, ctx, stored, "return.approved", `Return ${row.reference} approved by policy`);
  return stored;
}

/**
 * Exchange-first: the replacements are ordered at once, in this transaction, as a linked order
 * to the same address (stock committed now, or the return is refused with the order's problem).
 * It is paid like the original — with the same card, charged as it ships — and the returned
 * units are refunded as they are received, so the customer pays exactly the difference.
 */
async function orderExchange(
  tx: Executor,
  ctx: RequestContext,
  order: OrderView,
  reference: string,
  lines: ReturnLinesTable[],
): Promise<string | null> {
  const wanted = lines.filter((l) => l.exchange_sku !== null);
  if (wanted.length === 0) return null;
  const channel = await getChannel(tx, order.channel_id);
  const method = await paymentMethodOf(tx, order.id);
  const { order: exchange } = await captureOrder(tx, ctx, {
    channel: channel.code,
    email: order.email,
    ...(order.shipping_address && { shipping_address: order.shipping_address }),
    ...(order.billing_address && { billing_address: order.billing_address }),
    lines: wanted.map((l) => ({ sku: l.exchange_sku!, quantity: l.quantity })),
    requested_fulfillment: order.requested_fulfillment === "pickup" ? "ship" : order.requested_fulfillment,
    external_ref: `exchange-${reference}`,
    tags: ["exchange"],
    notes: `Exchange for return ${reference} of order #${order.number}`,
    ...(method && { payment: method }),
  });
  return exchange.id;
}
