// Refunds other capabilities ask for (a received return), to the order's original payments:
// spread over the payments that have charges left to refund, under their row locks, in the
// caller's transaction. The provider is called after the commit (processPaymentRequests).
import type { Executor } from "../../db/transaction.js";
import { DomainError } from "../../domain/errors.js";
import { formatMinor } from "../../domain/money.js";
import { combine, refundable } from "../../domain/payments/ledger.js";
import type { RequestContext } from "../access/index.js";
import { addRequest, paymentsOfOrder } from "./store.js";

/** What can still be refunded to the order's payments (charged, less refunds done and in flight). */
export async function refundableOnOrder(db: Executor, orderId: string): Promise<number> {
  return refundable(combine((await paymentsOfOrder(db, orderId)).map((p) => p.summary)));
}

/** Refund requests for `amount` in all; returns their ids. Refuses (409) more than can be refunded. */
export async function refundToOrderPayments(
  tx: Executor,
  ctx: RequestContext,
  orderId: string,
  amount: number,
  reference: { type: string; id: string; reason: string },
): Promise<string[]> {
  const payments = await paymentsOfOrder(tx, orderId, true);
  const left = refundable(combine(payments.map((p) => p.summary)));
  if (amount > left) {
    throw new DomainError(
      "refund-exceeds-charge",
      `At most ${formatMinor(left, payments[0]?.currency ?? "")} can be refunded to this order's payments`.trim(),
      { refundable: left, errors: [{ path: "body.amount", message: `At most ${left}` }] },
    );
  }
  const ids: string[] = [];
  let owed = amount;
  for (const p of payments) {
    const share = Math.min(owed, refundable(p.summary));
    if (share <= 0) continue;
    const request = await addRequest(tx, ctx, p, {
      kind: "refund",
      amount: share,
      reason: reference.reason,
      reference_type: reference.type,
      reference_id: reference.id,
    });
    ids.push(request.id);
    owed -= share;
  }
  return ids;
}
