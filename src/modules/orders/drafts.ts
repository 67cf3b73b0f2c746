import type { Executor } from "../../db/transaction.js";
import type { FieldError, PostalAddress } from "../../domain/address.js";
import { conflict } from "../../domain/errors.js";
import { ruleHolds } from "../../domain/order.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { getChannel } from "../channels/index.js";
import { emitEvent } from "../events/index.js";
import { findUsablePromo, redeemPromoCode } from "../promotions/index.js";
import { allocateOrderLines } from "./allocation.js";
import { allocationRowsOf } from "./capture.js";
import { commitChange, markBusy, reprice } from "./change.js";
import type { OrderHoldsTable } from "./tables.js";
import { addTimeline } from "./timeline.js";
import { planLines, throwIf } from "./validation.js";
import { lockAndLoad, type OrderView } from "./view.js";

export async function placeDraft(tx: Executor, ctx: RequestContext, id: string): Promise<OrderView> {
  markBusy(tx, id);
  const loaded = await lockAndLoad(tx, id);
  const { order } = loaded;
  if (order.status !== "draft") throw conflict(`Order #${order.number} is ${order.status}, not a draft`);
  const at = nowIso();
  const channel = await getChannel(tx, order.channel_id);
  const errors: FieldError[] = [];
  const plan = await planLines(
    tx,
    channel,
    loaded.lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity - l.cancelled,
      unit_price: l.price_override_reason ? l.unit_price : undefined,
      price_override_reason: l.price_override_reason ?? undefined,
    })),
    "lines",
    at,
    errors,
  );
  let promoId: string | null = null;
  if (order.promo_code) {
    const found = await findUsablePromo(tx, order.promo_code, order.currency, at);
    if ("error" in found) errors.push({ path: "promo_code", message: found.error });
    else promoId = found.promo.id;
  }
  throwIf(errors, 422, "The draft cannot be placed");
  loaded.lines.forEach((l, i) => {
    l.unit_price = plan[i]!.unit_price;
  });
  const allocations = await allocateOrderLines(
    tx,
    ctx,
    { id, locationIds: JSON.parse(order.location_scope) as string[], at },
    loaded.lines.map((l, i) => ({
      lineId: l.id,
      sku: l.sku,
      quantity: l.pending,
      variant: plan[i]!.variant,
    })),
  );
  loaded.lines.forEach((l, i) => {
    const a = allocations[i]!;
    Object.assign(l, {
      pending: 0,
      committed: a.committed,
      backordered: a.backordered,
      preorder: a.preorder ? 1 : 0,
      location_id: a.locations[0]?.locationId ?? null,
    });
  });
  loaded.allocations = allocationRowsOf(
    id,
    loaded.lines,
    loaded.lines.map((l) => l.id),
    allocations,
  );
  if (loaded.allocations.length)
    await tx.insertInto("order_allocations").values(loaded.allocations).execute();
  if (promoId && !(await redeemPromoCode(tx, promoId)))
    throw conflict(`Promo code ${order.promo_code} has been used up`);
  reprice(loaded);
  const ship = order.shipping_address ? (JSON.parse(order.shipping_address) as PostalAddress) : null;
  const bill = order.billing_address ? (JSON.parse(order.billing_address) as PostalAddress) : null;
  const holds = ruleHolds({
    grand_total: order.grand_total,
    currency: order.currency,
    shipping_country: ship?.country ?? null,
    billing_country: bill?.country ?? null,
  }).map(
    (h): OrderHoldsTable => ({
      id: newId("hold"),
      order_id: id,
      type: h.type,
      reason: h.reason,
      source: "rule",
      placed_by: "rules",
      placed_at: at,
      released_at: null,
      released_by: null,
      release_reason: null,
    }),
  );
  if (holds.length) await tx.insertInto("order_holds").values(holds).execute();
  loaded.holds.push(...holds);
  order.placed_at = at;
  const view = await commitChange(tx, ctx, loaded, {
    action: "order.created",
    message: `Draft #${order.number} placed: ${order.grand_total} ${order.currency}`,
    data: { number: order.number, grand_total: order.grand_total },
    events: ["order.created"],
  });
  for (const h of holds)
    await addTimeline(tx, ctx, id, "order.held", `Held (${h.type}) by rule: ${h.reason}`, { hold_id: h.id });
  if (holds.length)
    await emitEvent(tx, ctx, { type: "order.held", resourceType: "order", resourceId: id, data: view });
  return view;
}
