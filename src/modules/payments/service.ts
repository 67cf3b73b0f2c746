// What people and integrations do with payments: add one to an order (a new card after a
// decline), capture, release, refund — each a ledger request written under the payments' row
// locks, so concurrent refunds never give back more than was charged.
import type { Database } from "../../db/database.js";
import { type Executor, inTransaction } from "../../db/transaction.js";
import { badRequest, conflict, DomainError, unprocessable } from "../../domain/errors.js";
import { formatMinor } from "../../domain/money.js";
import { capturable, combine, ledgerProblems, netPaid, refundable } from "../../domain/payments/ledger.js";
import type { RequestContext } from "../access/index.js";
import { getOrder, type OrderPaymentInput, placeHold } from "../orders/index.js";
import { addPaymentTo } from "./order-reactions.js";
import { processPaymentRequests, recordAnswer } from "./processor.js";
import { paymentProvider } from "./providers/registry.js";
import { addRequest, getPayment, paymentsOfOrder, type StoredPayment } from "./store.js";
import { orderPaymentsView, paymentView } from "./views.js";

export async function orderPayments(db: Executor, orderId: string) {
  const order = await getOrder(db, orderId);
  return orderPaymentsView(
    order.id,
    order.totals.grand_total,
    order.currency,
    await paymentsOfOrder(db, orderId),
  );
}

interface Requested {
  paymentId: string;
  requestId: string;
}

/** How the caller runs the transaction: plainly, or under its Idempotency-Key (a replay gets the same request back). */
export type Run = (work: (tx: Executor) => Promise<Requested>) => Promise<Requested>;

/** Writes a request in one transaction, then makes its provider call at once and answers with the payment. */
async function requestThenCall(database: Database, run: Run, work: (tx: Executor) => Promise<Requested>) {
  const { paymentId, requestId } = await run(work);
  await processPaymentRequests(database, { only: [requestId] });
  return paymentView(await getPayment(database.db, paymentId));
}

/** A new payment method for an order: authorizes what the order's other payments do not cover. */
export async function addPayment(
  database: Database,
  run: Run,
  ctx: RequestContext,
  orderId: string,
  input: OrderPaymentInput & { amount?: number | undefined },
) {
  return requestThenCall(database, run, async (tx) => {
    let order = await getOrder(tx, orderId);
    if (order.status === "cancelled") throw conflict(`Order #${order.number} is cancelled: nothing to pay`);
    // Held until authorized, like an order captured with its payment.
    if (!order.holds.some((h) => h.type === "payment" && h.released_at === null))
      order = await placeHold(tx, ctx, orderId, {
        type: "payment",
        reason: "Awaiting payment authorization",
      });
    const existing = combine((await paymentsOfOrder(tx, orderId, true)).map((p) => p.summary));
    const covered = existing.authorized + existing.authorize_pending + netPaid(existing);
    const amount = input.amount ?? order.totals.grand_total - covered;
    if (amount <= 0) throw conflict(`Order #${order.number} is already covered by its payments`);
    const { payment, requestId } = await addPaymentTo(tx, ctx, order, input, amount, "body");
    return { paymentId: payment.id, requestId };
  });
}

async function lockedPayment(tx: Executor, id: string): Promise<StoredPayment> {
  return getPayment(tx, id, true);
}

export async function refundPayment(
  database: Database,
  run: Run,
  ctx: RequestContext,
  id: string,
  input: { amount: number; reason: string },
) {
  return requestThenCall(database, run, async (tx) => {
    const payment = await lockedPayment(tx, id);
    const left = refundable(payment.summary);
    if (input.amount > left) {
      throw new DomainError(
        "refund-exceeds-charge",
        `At most ${formatMinor(left, payment.currency)} of ${payment.id} can be refunded`,
        {
          refundable: left,
          charged: payment.summary.charged,
          refunded: payment.summary.refunded,
          errors: [{ path: "body.amount", message: `At most ${formatMinor(left, payment.currency)}` }],
        },
      );
    }
    const request = await addRequest(tx, ctx, payment, {
      kind: "refund",
      amount: input.amount,
      reason: input.reason,
      reference_type: "manual",
      reference_id: null,
    });
    return { paymentId: payment.id, requestId: request.id };
  });
}

export async function capturePayment(
  database: Database,
  run: Run,
  ctx: RequestContext,
  id: string,
  input: { amount?: number | undefined },
) {
  return requestThenCall(database, run, async (tx) => {
    const payment = await lockedPayment(tx, id);
    const left = capturable(payment.summary);
    const amount = input.amount ?? left;
    if (amount <= 0 || amount > left) {
      throw unprocessable("The capture is invalid", [
        {
          path: "body.amount",
          message: `At most ${formatMinor(left, payment.currency)} is authorized and not captured`,
        },
      ]);
    }
    const request = await addRequest(tx, ctx, payment, { kind: "charge", amount, reference_type: "manual" });
    return { paymentId: payment.id, requestId: request.id };
  });
}

export async function voidPayment(
  database: Database,
  run: Run,
  ctx: RequestContext,
  id: string,
  reason: string,
) {
  return requestThenCall(database, run, async (tx) => {
    const payment = await lockedPayment(tx, id);
    const left = capturable(payment.summary);
    if (left <= 0) throw conflict(`${payment.id} has no authorization left to release`);
    const request = await addRequest(tx, ctx, payment, { kind: "cancel", amount: left, reason });
    return { paymentId: payment.id, requestId: request.id };
  });
}

/**
 * A provider's webhook: signed, each provider event taken in once, each answering the request
 * Ordo sent with that idempotency key (an answer already written is left as it is).
 */
export async function ingestProviderWebhook(
  db: Executor,
  ctx: RequestContext,
  code: string,
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: string,
  secret: string | undefined,
) {
  const provider = paymentProvider(code);
  if (!provider) throw new DomainError("not-found", `No payment provider ${code}`);
  let events: ReturnType<typeof provider.parseWebhook>;
  try {
    events = provider.parseWebhook(headers, rawBody, secret);
  } catch (error) {
    if (error instanceof SyntaxError) throw badRequest(`Unreadable webhook: ${error.message}`);
    throw new DomainError("invalid-signature", "The webhook signature does not verify");
  }
  return inTransaction(db, async (tx) => {
    const result = { accepted: 0, duplicates: 0, unknown: 0 };
    for (const e of events) {
      const fresh = await tx
        .insertInto("payment_webhook_events")
        .values({ provider: code, event_id: e.eventId, received_at: new Date().toISOString() })
        .onConflict((oc) => oc.columns(["provider", "event_id"]).doNothing())
        .executeTakeFirst();
      if (Number(fresh.numInsertedOrUpdatedRows ?? 0) !== 1) {
        result.duplicates++;
        continue;
      }
      const request = await tx
        .selectFrom("payment_transactions")
        .select("id")
        .where("idempotency_key", "=", e.idempotencyKey)
        .where("state", "=", "request")
        .executeTakeFirst();
      if (!request) {
        result.unknown++;
        continue;
      }
      const written = await recordAnswer(tx, ctx, request.id, {
        ok: e.ok,
        pspReference: e.pspReference,
        code: e.code,
        message: e.message,
      });
      if (written) result.accepted++;
      else result.duplicates++;
    }
    return result;
  });
}

/**
 * Checks every payment's ledger (answers match requests, refunds within charges, charges within
 * authorizations) and that each order's net paid is Σ captures − Σ refunds of its payments.
 */
export async function verifyPayments(db: Executor) {
  const orderIds = await db.selectFrom("payments").select("order_id").distinct().execute();
  const problems: Array<{ payment_id: string; order_id: string; problem: string }> = [];
  let checked = 0;
  for (const { order_id } of orderIds) {
    for (const p of await paymentsOfOrder(db, order_id)) {
      checked++;
      for (const problem of ledgerProblems(p.transactions.map((t) => ({ ...t, amount: Number(t.amount) }))))
        problems.push({ payment_id: p.id, order_id, problem });
    }
  }
  return { payments_checked: checked, problems };
}
