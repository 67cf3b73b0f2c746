// What payments does when an order is captured or changes, in the order's transaction: the
// requests are written there (so they commit or roll back with the change) and the provider is
// called after the commit by the processor.

import { insertRows } from "../../db/buffered-inserts.js";
import type { Executor } from "../../db/transaction.js";
import { unprocessable } from "../../domain/errors.js";
import { amountDue, type ChargeableLine, nothingLeftToShip } from "../../domain/payments/charges.js";
import { capturable, combine } from "../../domain/payments/ledger.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import type { OrderChanged, OrderPaymentInput, OrderView } from "../orders/index.js";
import { paymentProvider, providerCodes } from "./providers/registry.js";
import { addRequest, paymentsOfOrder } from "./store.js";
import type { PaymentsTable } from "./tables.js";

/** A new payment for the order and its authorization request for `amount`. */
export async function addPaymentTo(
  tx: Executor,
  ctx: RequestContext,
  order: Pick<OrderView, "id" | "currency" | "holds">,
  input: OrderPaymentInput,
  amount: number,
  path: string,
): Promise<{ payment: PaymentsTable; requestId: string }> {
  const provider = paymentProvider(input.provider);
  if (!provider) {
    throw unprocessable("The payment is invalid", [
      {
        path: `${path}.provider`,
        message: `Unknown provider ${input.provider} (have: ${providerCodes().join(", ")})`,
      },
    ]);
  }
  const described = provider.describeToken(input.token);
  if ("error" in described) {
    throw unprocessable("The payment is invalid", [{ path: `${path}.token`, message: described.error }]);
  }
  const at = nowIso();
  const payment: PaymentsTable = {
    id: newId("payment"),
    order_id: order.id,
    provider: provider.code,
    token: input.token,
    display: described.display,
    currency: order.currency,
    psp_reference: null,
    hold_id: order.holds.find((h) => h.type === "payment" && h.released_at === null)?.id ?? null,
    created_by: ctx.actor.id ?? ctx.actor.type,
    created_at: at,
    updated_at: at,
  };
  await insertRows(tx, "payments", [payment]);
  const request = await addRequest(tx, ctx, payment, {
    kind: "authorization",
    amount,
    reason: "Order placed",
  });
  return { payment, requestId: request.id };
}

/** At capture: the order's grand total is to be authorized. */
export async function authorizeCapturedOrder(
  tx: Executor,
  ctx: RequestContext,
  order: OrderView,
  input: OrderPaymentInput,
): Promise<void> {
  if (order.totals.grand_total <= 0) return;
  await addPaymentTo(tx, ctx, order, input, order.totals.grand_total, "body.payment");
}

const chargeable = (order: OrderView): ChargeableLine[] =>
  order.lines.map((l) => ({
    quantity: l.quantity,
    cancelled: l.cancelled,
    // Units that left: shipped, since delivered, or since returned.
    shipped: l.shipped + l.delivered + l.returned,
    total: l.total,
  }));

const leftUnits = (o: OrderView) => o.fulfillment.shipped + o.fulfillment.delivered + o.fulfillment.returned;

/**
 * After an order change: charge what has shipped and is not charged yet (a package's capture),
 * and release the authorization left once nothing more will ship (all shipped, or cancelled).
 */
export async function settleOrderPayments(
  tx: Executor,
  ctx: RequestContext,
  change: OrderChanged,
): Promise<void> {
  const { before, after } = change;
  // Only units leaving or being cancelled move money; every other change costs no query. An order
  // paid through Ordo was held for its payment first, so an order that never was has none.
  if (leftUnits(before) === leftUnits(after) && before.fulfillment.cancelled === after.fulfillment.cancelled)
    return;
  if (!after.holds.some((h) => h.type === "payment")) return;
  const payments = await paymentsOfOrder(tx, after.id, true);
  if (payments.length === 0) return;
  const total = combine(payments.map((p) => p.summary));
  const lines = chargeable(after);
  let owed = amountDue(lines, after.totals.shipping_total) - total.charged - total.charge_pending;
  const shipmentId = (change.data as { shipment_id?: unknown } | null)?.shipment_id;
  for (const p of payments) {
    const available = capturable(p.summary);
    if (owed <= 0 || available <= 0) continue;
    const amount = Math.min(owed, available);
    await addRequest(tx, ctx, p, {
      kind: "charge",
      amount,
      reference_type: typeof shipmentId === "string" ? "shipment" : "order",
      reference_id: typeof shipmentId === "string" ? shipmentId : after.id,
      reason: change.action,
    });
    p.summary.charge_pending += amount;
    owed -= amount;
  }
  if (after.status !== "cancelled" && !nothingLeftToShip(lines)) return;
  for (const p of payments) {
    const left = capturable(p.summary);
    if (left > 0)
      await addRequest(tx, ctx, p, {
        kind: "cancel",
        amount: left,
        reason: after.status === "cancelled" ? "Order cancelled" : "Nothing more to ship",
      });
  }
}
