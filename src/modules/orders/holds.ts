import type { Executor } from "../../db/transaction.js";
import { conflict, notFound } from "../../domain/errors.js";
import { isHoldable, type OrderStatus } from "../../domain/order.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { commitChange } from "./change.js";
import type { OrderHoldsTable } from "./tables.js";
import { lockAndLoad, type OrderView } from "./view.js";

export async function placeHold(
  tx: Executor,
  ctx: RequestContext,
  id: string,
  input: { type: string; reason: string },
): Promise<OrderView> {
  const loaded = await lockAndLoad(tx, id);
  const status = loaded.order.status as OrderStatus;
  if (!isHoldable(status)) {
    throw conflict(`Order #${loaded.order.number} is ${status}: there is nothing left to hold`);
  }
  const hold: OrderHoldsTable = {
    id: newId("hold"),
    order_id: id,
    type: input.type,
    reason: input.reason,
    source: "agent",
    placed_by: ctx.actor.name,
    placed_at: nowIso(),
    released_at: null,
    released_by: null,
    release_reason: null,
  };
  await tx.insertInto("order_holds").values(hold).execute();
  loaded.holds.push(hold);
  return commitChange(tx, ctx, loaded, {
    action: "order.held",
    message: `Held (${hold.type}): ${hold.reason}`,
    data: { hold_id: hold.id, type: hold.type, reason: hold.reason },
    events: ["order.held"],
  });
}

export async function releaseHold(
  tx: Executor,
  ctx: RequestContext,
  id: string,
  holdId: string,
  reason: string,
): Promise<OrderView> {
  const loaded = await lockAndLoad(tx, id);
  const hold = loaded.holds.find((h) => h.id === holdId);
  if (!hold) throw notFound("Hold", holdId);
  if (hold.released_at) throw conflict(`Hold ${holdId} was already released`);
  Object.assign(hold, { released_at: nowIso(), released_by: ctx.actor.name, release_reason: reason });
  await tx
    .updateTable("order_holds")
    .set({ released_at: hold.released_at, released_by: hold.released_by, release_reason: reason })
    .where("id", "=", holdId)
    .where("released_at", "is", null)
    .execute();
  return commitChange(tx, ctx, loaded, {
    action: "order.released",
    message: `Hold (${hold.type}) released: ${reason}`,
    data: { hold_id: hold.id, type: hold.type, reason },
    events: ["order.released"],
  });
}
