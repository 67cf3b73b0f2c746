// Every change of a return told once: the order's timeline, the audit trail and a typed event
// (which the notifications module turns into the customer's e-mail where one is due).
import type { Executor } from "../../db/transaction.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { type EventType, emitEvent } from "../events/index.js";
import { addTimeline, getOrder } from "../orders/index.js";
import { returnView, type StoredReturn } from "./queries.js";

export type ReturnEvent = Extract<EventType, `return.${string}` | "refund.issued">;

export async function announce(
  tx: Executor,
  ctx: RequestContext,
  r: StoredReturn,
  type: ReturnEvent,
  message: string,
  extra: { amount?: number; label_url?: string | null; quiet?: boolean } = {},
): Promise<void> {
  const order = await getOrder(tx, r.order_id);
  const view = returnView(r);
  if (!extra.quiet) {
    await addTimeline(tx, ctx, r.order_id, type, message, { return_id: r.id, reference: r.reference });
    await recordAudit(tx, ctx, { action: type, resourceType: "return", resourceId: r.id, data: { message } });
  }
  await emitEvent(tx, ctx, {
    type,
    resourceType: "return",
    resourceId: r.id,
    data: {
      ...view,
      order: { id: order.id, number: order.number, email: order.email, customer_name: order.customer_name },
      // What the e-mail lists: the units coming back, by the order line's titles.
      items: r.lines.map((l) => {
        const line = order.lines.find((x) => x.id === l.order_line_id);
        return {
          sku: l.sku,
          product_title: line?.product_title ?? null,
          variant_title: line?.variant_title ?? null,
          quantity: l.received_quantity || l.quantity,
        };
      }),
      currency: order.currency,
      amount: extra.amount ?? null,
      label_url: extra.label_url ?? null,
    },
  });
}
