// Units leaving a location (a package shipped, a pickup handed over, or the whole work order
// marked fulfilled): stock moves out, the fulfillment order's lines count them, and the order's
// lines show them shipped — in the caller's transaction, so a shipment is one change of state.
import type { Executor } from "../../db/transaction.js";
import { unprocessable } from "../../domain/errors.js";
import { nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { shipStockBatch } from "../inventory/index.js";
import type { OrderView } from "./order-side.js";
import * as orderSide from "./order-side.js";
import { type FulfillmentOrder, lockFulfillmentOrder } from "./queries.js";
import { announce, remaining, transition } from "./transitions.js";

export interface DispatchUnit {
  order_line_id: string;
  sku: string;
  quantity: number;
}

export interface DispatchRecord {
  action: string;
  message: string;
  data?: Record<string, unknown>;
}

/** Units of `units` that the fulfillment order does not have left to ship, as field errors. */
export function undispatchable(fo: FulfillmentOrder, units: readonly DispatchUnit[]) {
  const errors: { path: string; message: string }[] = [];
  units.forEach((u, i) => {
    const line = fo.lines.find((l) => l.order_line_id === u.order_line_id && l.sku === u.sku);
    if (!line) errors.push({ path: `lines.${i}`, message: `${u.sku} is not on ${fo.id}` });
    else if (u.quantity > remaining(line))
      errors.push({
        path: `lines.${i}.quantity`,
        message: `only ${remaining(line)} of ${u.sku} left to ship`,
      });
  });
  return errors;
}

/**
 * Ships `units` of an open fulfillment order: stock leaves its location (`ship` movements), the
 * lines count them fulfilled, and the order's lines shipped. The fulfillment order becomes
 * fulfilled when nothing is left, or stays in progress for the rest (partial shipment).
 */
export async function dispatchUnits(
  tx: Executor,
  ctx: RequestContext,
  fo: FulfillmentOrder,
  units: readonly DispatchUnit[],
  record: DispatchRecord,
): Promise<{ fulfillmentOrder: FulfillmentOrder; order: OrderView | null }> {
  const errors = undispatchable(fo, units);
  if (errors.length) throw unprocessable(`${fo.id} does not have these units left to ship`, errors);
  const now = nowIso();
  const after = new Map(fo.lines.map((l) => [`${l.order_line_id}|${l.sku}`, { ...l }]));
  for (const u of units) {
    const line = after.get(`${u.order_line_id}|${u.sku}`)!;
    line.fulfilled_quantity += u.quantity;
    line.picked_quantity = Math.max(0, line.picked_quantity - u.quantity);
  }
  const done = [...after.values()].every((l) => remaining(l) <= 0);
  const next = done
    ? await transition(tx, fo, "fulfil", "fulfilled", {
        fulfilled_at: now,
        closed_at: now,
        accepted_at: fo.accepted_at ?? now,
      })
    : fo.status === "in_progress"
      ? fo
      : await transition(tx, fo, "start", "in_progress", { accepted_at: fo.accepted_at ?? now });
  const location = fo.location_id;
  if (location) {
    await shipStockBatch(
      tx,
      ctx,
      units
        .filter((u) => u.quantity > 0)
        .map((u) => ({
          sku: u.sku,
          locationId: location,
          quantity: u.quantity,
          reference: { type: "order_line", id: u.order_line_id },
        })),
    );
  }
  // Every changed line in one statement: an upsert on the line's key only ever updates here.
  const changed = units.map((u) => after.get(`${u.order_line_id}|${u.sku}`)!);
  if (changed.length) {
    await tx
      .insertInto("fulfillment_order_lines")
      .values(changed.map((l) => ({ fulfillment_order_id: fo.id, ...l })))
      .onConflict((oc) =>
        oc.columns(["fulfillment_order_id", "order_line_id", "sku"]).doUpdateSet((eb) => ({
          fulfilled_quantity: eb.ref("excluded.fulfilled_quantity"),
          picked_quantity: eb.ref("excluded.picked_quantity"),
        })),
      )
      .execute();
  }
  const result: FulfillmentOrder = {
    ...next,
    lines: fo.lines.map((l) => after.get(`${l.order_line_id}|${l.sku}`)!),
  };
  if (done) await announce(tx, ctx, result, "fulfilled");
  const order = await orderSide.changeOrder(tx, ctx, fo.order_id, {
    refuseIfHeld: true,
    shipped: units.map((u) => ({
      lineId: u.order_line_id,
      locationId: fo.location_id,
      quantity: u.quantity,
    })),
    action: record.action,
    message: record.message,
    data: { fulfillment_order_id: fo.id, ...record.data },
  });
  return { fulfillmentOrder: result, order };
}

/** Everything left on the fulfillment order ships at once. */
export async function dispatchRemaining(
  tx: Executor,
  ctx: RequestContext,
  id: string,
  record: DispatchRecord,
) {
  const fo = await lockFulfillmentOrder(tx, id);
  const units = fo.lines
    .map((l) => ({ order_line_id: l.order_line_id, sku: l.sku, quantity: remaining(l) }))
    .filter((u) => u.quantity > 0);
  return (await dispatchUnits(tx, ctx, fo, units, record)).fulfillmentOrder;
}
