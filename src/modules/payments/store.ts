// Reading and writing the payments of an order and their ledger rows.
import { insertRows } from "../../db/buffered-inserts.js";
import { type Executor, isPostgres } from "../../db/transaction.js";
import { notFound } from "../../domain/errors.js";
import { type LedgerSummary, summarize } from "../../domain/payments/ledger.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import type { PaymentsTable, PaymentTransactionsTable } from "./tables.js";

export interface StoredPayment extends PaymentsTable {
  transactions: PaymentTransactionsTable[];
  summary: LedgerSummary;
}

const group = (payments: PaymentsTable[], transactions: PaymentTransactionsTable[]): StoredPayment[] =>
  payments.map((p) => {
    const own = transactions.filter((t) => t.payment_id === p.id);
    return { ...p, transactions: own, summary: summarize(own) };
  });

/**
 * An order's payments with their ledgers. `lock`: under the payments' row locks (PostgreSQL;
 * SQLite writers hold the write lock), so two refunds of one payment take turns and the second
 * sees the first's amount pending.
 */
export async function paymentsOfOrder(db: Executor, orderId: string, lock = false): Promise<StoredPayment[]> {
  let q = db.selectFrom("payments").selectAll().where("order_id", "=", orderId).orderBy("id");
  if (lock && isPostgres(db)) q = q.forUpdate();
  const payments = await q.execute();
  if (payments.length === 0) return [];
  const transactions = await db
    .selectFrom("payment_transactions")
    .selectAll()
    .where("order_id", "=", orderId)
    .orderBy("id")
    .execute();
  return group(payments, transactions);
}

export async function getPayment(db: Executor, id: string, lock = false): Promise<StoredPayment> {
  const row = await db.selectFrom("payments").select("order_id").where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Payment", id);
  const found = (await paymentsOfOrder(db, row.order_id, lock)).find((p) => p.id === id);
  if (!found) throw notFound("Payment", id);
  return found;
}

export type NewRequest = Pick<PaymentTransactionsTable, "kind" | "amount"> &
  Partial<Pick<PaymentTransactionsTable, "reference_type" | "reference_id" | "reason">>;

/** A call to make to the provider, due at once; returns the ledger row. */
export async function addRequest(
  tx: Executor,
  ctx: RequestContext,
  payment: PaymentsTable,
  request: NewRequest,
): Promise<PaymentTransactionsTable> {
  const at = nowIso();
  const id = newId("paymentTransaction");
  const row: PaymentTransactionsTable = {
    id,
    payment_id: payment.id,
    order_id: payment.order_id,
    kind: request.kind,
    state: "request",
    amount: request.amount,
    currency: payment.currency,
    answers: null,
    idempotency_key: `ordo_${id}`,
    psp_reference: null,
    reference_type: request.reference_type ?? null,
    reference_id: request.reference_id ?? null,
    reason: request.reason ?? null,
    failure_code: null,
    actor_type: ctx.actor.type,
    actor_id: ctx.actor.id,
    created_at: at,
    next_attempt_at: at,
    attempts: 0,
  };
  await insertRows(tx, "payment_transactions", [row]);
  return row;
}

/** How the order was paid (its latest authorized payment), to pay a linked order (an exchange) the same way. */
export async function paymentMethodOf(
  db: Executor,
  orderId: string,
): Promise<{ provider: string; token: string } | null> {
  const authorized = (await paymentsOfOrder(db, orderId)).filter((p) => p.psp_reference !== null);
  const latest = authorized.at(-1);
  return latest ? { provider: latest.provider, token: latest.token } : null;
}
