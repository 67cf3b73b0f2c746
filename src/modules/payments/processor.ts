// Making the provider calls the ledger asks for. A request row is claimed (its next attempt moved
// past the claim's end, so no other process calls at the same time), the provider is called with
// the request's idempotency key outside any transaction, and its answer is written in one
// transaction with what follows from it. A process that dies mid-call leaves the claim to expire;
// the call is then made again with the same key, and the provider acts once.
import type { Database } from "../../db/database.js";
import { type Executor, inTransaction } from "../../db/transaction.js";
import { formatMinor } from "../../domain/money.js";
import { capturable } from "../../domain/payments/ledger.js";
import { newId, nowIso } from "../../lib/ids.js";
import { type RequestContext, systemContext } from "../access/index.js";
import { emitEvent } from "../events/index.js";
import { addTimeline, getOrder, releaseHold } from "../orders/index.js";
import type { ProviderAnswer } from "./providers/provider.js";
import { paymentProvider } from "./providers/registry.js";
import { addRequest, getPayment, type StoredPayment } from "./store.js";
import type { PaymentTransactionsTable } from "./tables.js";
import { paymentView } from "./views.js";

const CLAIM_MS = 60_000;
const MAX_ATTEMPTS = 6;
const RETRY_BASE_MS = 2_000;
const PENDING_RECHECK_MS = 15 * 60_000;

export interface Answer {
  ok: boolean;
  pspReference: string | null;
  code: string | null;
  message: string | null;
}

const later = (ms: number) => new Date(Date.now() + ms).toISOString();

/** Requests due now (or the given ones, if due), oldest first. */
async function dueRequests(db: Executor, only: readonly string[] | null, limit: number) {
  let q = db
    .selectFrom("payment_transactions")
    .selectAll()
    .where("state", "=", "request")
    .where("next_attempt_at", "<=", nowIso())
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(limit);
  if (only) q = q.where("id", "in", only);
  return q.execute();
}

/** Takes the request for one call; false if another process took it first. */
async function claim(db: Executor, r: PaymentTransactionsTable): Promise<boolean> {
  const claimed = await db
    .updateTable("payment_transactions")
    .set({ next_attempt_at: later(CLAIM_MS), attempts: r.attempts + 1 })
    .where("id", "=", r.id)
    .where("next_attempt_at", "=", r.next_attempt_at)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

async function call(payment: StoredPayment, r: PaymentTransactionsTable): Promise<ProviderAnswer> {
  const provider = paymentProvider(payment.provider);
  if (!provider)
    return {
      ok: false,
      code: "unknown_provider",
      message: `No provider ${payment.provider}`,
      retryable: false,
    };
  const base = {
    idempotencyKey: r.idempotency_key ?? r.id,
    amount: Number(r.amount),
    currency: r.currency,
    token: payment.token,
  };
  const authorization = payment.psp_reference ?? "";
  try {
    if (r.kind === "authorization") return await provider.authorize(base);
    if (r.kind === "charge") return await provider.capture({ ...base, authorization });
    if (r.kind === "refund") return await provider.refund({ ...base, authorization });
    return await provider.void({ ...base, authorization });
  } catch (error) {
    // A timeout or a dropped connection: the outcome is unknown, so ask again with the same key.
    return { ok: false, code: "provider_unreachable", message: String(error), retryable: true };
  }
}

/**
 * Calls the provider for due requests (all, or only `only`) and writes their answers. Returns
 * how many requests were handled.
 */
export async function processPaymentRequests(
  database: Database,
  opts: { only?: readonly string[]; limit?: number } = {},
): Promise<number> {
  const { db } = database;
  const due = await dueRequests(db, opts.only ?? null, opts.limit ?? 50);
  let handled = 0;
  for (const r of due) {
    if (!(await claim(db, r))) continue;
    const payment = await getPayment(db, r.payment_id);
    const answer = await call(payment, r);
    handled++;
    if (!answer.ok && answer.retryable && r.attempts + 1 < MAX_ATTEMPTS) {
      await db
        .updateTable("payment_transactions")
        .set({ next_attempt_at: later(RETRY_BASE_MS * 2 ** r.attempts) })
        .where("id", "=", r.id)
        .execute();
      continue;
    }
    if (answer.ok && answer.pending) {
      // The provider answers by webhook; should that be lost, asking again (same key) is how to find out.
      await db
        .updateTable("payment_transactions")
        .set({ next_attempt_at: later(PENDING_RECHECK_MS), psp_reference: answer.pspReference })
        .where("id", "=", r.id)
        .execute();
      continue;
    }
    await inTransaction(db, (tx) =>
      recordAnswer(
        tx,
        systemContext(),
        r.id,
        answer.ok
          ? { ok: true, pspReference: answer.pspReference, code: null, message: null }
          : { ok: false, pspReference: null, code: answer.code, message: answer.message },
      ),
    );
  }
  return handled;
}

const WORDS: Record<PaymentTransactionsTable["kind"], [success: string, failure: string]> = {
  authorization: ["authorized", "declined"],
  charge: ["captured", "capture_failed"],
  refund: ["refunded", "refund_failed"],
  cancel: ["voided", "void_failed"],
};

/**
 * Writes the provider's answer to a request (once: a second answer is ignored) and what follows:
 * the payment hold released on authorization, a cancelled order's authorization released, the
 * timeline entry and the `payment.*` event. Returns false when the request was already answered.
 */
export async function recordAnswer(
  tx: Executor,
  ctx: RequestContext,
  requestId: string,
  answer: Answer,
): Promise<boolean> {
  const request = await tx
    .selectFrom("payment_transactions")
    .selectAll()
    .where("id", "=", requestId)
    .executeTakeFirstOrThrow();
  const inserted = await tx
    .insertInto("payment_transactions")
    .values({
      ...request,
      id: newId("paymentTransaction"),
      state: answer.ok ? "success" : "failure",
      answers: request.id,
      idempotency_key: null,
      psp_reference: answer.pspReference ?? request.psp_reference,
      reason: answer.ok ? request.reason : answer.message,
      failure_code: answer.ok ? null : answer.code,
      actor_type: ctx.actor.type,
      actor_id: ctx.actor.id,
      created_at: nowIso(),
      next_attempt_at: null,
      attempts: 0,
    })
    .onConflict((oc) => oc.column("answers").doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
  await tx
    .updateTable("payment_transactions")
    .set({ next_attempt_at: null })
    .where("id", "=", request.id)
    .execute();
  if (answer.ok && request.kind === "authorization") {
    await tx
      .updateTable("payments")
      .set({ psp_reference: answer.pspReference, updated_at: nowIso() })
      .where("id", "=", request.payment_id)
      .execute();
  }
  const payment = await getPayment(tx, request.payment_id);
  const amount = formatMinor(Number(request.amount), request.currency);
  const [yes, no] = WORDS[request.kind];
  const word = answer.ok ? yes : no;
  await addTimeline(
    tx,
    ctx,
    payment.order_id,
    `payment.${word}`,
    answer.ok
      ? `Payment ${word}: ${amount} (${payment.display})`
      : `Payment ${word}: ${amount} (${payment.display}): ${answer.message ?? answer.code}`,
    { payment_id: payment.id, transaction_id: request.id, amount: Number(request.amount), code: answer.code },
  );
  await emitEvent(tx, ctx, {
    type: `payment.${word}` as "payment.authorized",
    resourceType: "payment",
    resourceId: payment.id,
    data: { ...paymentView(payment), transaction_id: request.id },
  });
  if (answer.ok && request.kind === "authorization") await afterAuthorization(tx, ctx, payment);
  return true;
}

/** An authorized payment lets the order go (its hold released), unless the order was cancelled meanwhile. */
async function afterAuthorization(tx: Executor, ctx: RequestContext, payment: StoredPayment): Promise<void> {
  const order = await getOrder(tx, payment.order_id);
  if (order.status === "cancelled") {
    const left = capturable(payment.summary);
    if (left > 0)
      await addRequest(tx, ctx, payment, { kind: "cancel", amount: left, reason: "Order cancelled" });
    return;
  }
  const hold = order.holds.find((h) => h.type === "payment" && h.released_at === null);
  if (hold) await releaseHold(tx, ctx, order.id, hold.id, `Payment authorized (${payment.display})`);
}
