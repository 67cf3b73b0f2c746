// Payments as the API, the events and the console show them.
import { combine, type LedgerSummary, netPaid, paymentStatus } from "../../domain/payments/ledger.js";
import type { StoredPayment } from "./store.js";
import type { PaymentTransactionsTable } from "./tables.js";

export function transactionView(t: PaymentTransactionsTable) {
  return {
    id: t.id,
    kind: t.kind,
    state: t.state,
    amount: Number(t.amount),
    currency: t.currency,
    answers: t.answers,
    psp_reference: t.psp_reference,
    reference_type: t.reference_type,
    reference_id: t.reference_id,
    reason: t.reason,
    failure_code: t.failure_code,
    actor_type: t.actor_type,
    actor_id: t.actor_id,
    created_at: t.created_at,
  };
}

export function paymentView(p: StoredPayment) {
  return {
    id: p.id,
    order_id: p.order_id,
    provider: p.provider,
    display: p.display,
    currency: p.currency,
    psp_reference: p.psp_reference,
    ...p.summary,
    transactions: p.transactions.map(transactionView),
    created_at: p.created_at,
  };
}
export type PaymentView = ReturnType<typeof paymentView>;

/** The order's money in one place: every payment, their sum and the order's payment status. */
export function orderPaymentsView(
  orderId: string,
  orderTotal: number,
  currency: string,
  payments: StoredPayment[],
) {
  const total: LedgerSummary = combine(payments.map((p) => p.summary));
  return {
    order_id: orderId,
    currency,
    order_total: orderTotal,
    payment_status: paymentStatus(total, orderTotal),
    ...total,
    net_paid: netPaid(total),
    payments: payments.map(paymentView),
  };
}
