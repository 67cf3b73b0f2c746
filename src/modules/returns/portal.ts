// The customer's side of returns on the portal: having proved the order (number + e-mail), what
// can still go back, why, and how their returns are doing.
import type { Executor } from "../../db/transaction.js";
import { lineTitle } from "../../domain/line-title.js";
import { returnableUnits } from "../../domain/returns.js";
import type { OrderView } from "../orders/index.js";
import { returnPolicy } from "./policies.js";
import { returnsOfOrder, returnView } from "./queries.js";

export async function portalReturns(db: Executor, order: OrderView) {
  const policy = await returnPolicy(db, order.channel_id);
  const returns = await returnsOfOrder(db, order.id);
  const open = new Map<string, number>();
  for (const r of returns)
    if (r.status === "requested" || r.status === "approved")
      for (const l of r.lines) open.set(l.order_line_id, (open.get(l.order_line_id) ?? 0) + l.quantity);
  return {
    order_number: order.number,
    currency: order.currency,
    window_days: policy.window_days,
    reasons: policy.reasons,
    returnable: order.lines.map((l) => ({
      order_line_id: l.id,
      sku: l.sku,
      title:
        lineTitle({ product_title: l.product_title, variant_title: l.variant_title }) || l.title || l.sku,
      quantity: returnableUnits(l, open.get(l.id) ?? 0),
      returnable: !policy.non_returnable_skus.includes(l.sku),
    })),
    returns: returns.map((r) => {
      const v = returnView(r);
      return {
        reference: v.reference,
        status: v.status,
        refund_method: v.refund_method,
        tracking_number: v.tracking_number,
        tracking_url: v.tracking_url,
        refund_due: v.refund_due,
        refunded_amount: v.refunded_amount,
        created_at: v.created_at,
        received_at: v.received_at,
        refunded_at: v.refunded_at,
        exchange_order_id: v.exchange_order_id,
        lines: v.lines,
      };
    }),
  };
}
