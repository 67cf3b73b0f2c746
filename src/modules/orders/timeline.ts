import { insertRows } from "../../db/buffered-inserts.js";
import type { Executor } from "../../db/transaction.js";
import { notFound } from "../../domain/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import type { OrderEventsTable } from "./tables.js";

export async function addTimeline(
  tx: Executor,
  ctx: RequestContext,
  orderId: string,
  type: string,
  message: string,
  data?: unknown,
): Promise<void> {
  const row: OrderEventsTable = {
    id: newId("orderEvent"),
    order_id: orderId,
    type,
    message,
    data: data === undefined ? null : JSON.stringify(data),
    actor_type: ctx.actor.type,
    actor_id: ctx.actor.id,
    actor_name: ctx.actor.name,
    request_id: ctx.requestId,
    created_at: nowIso(),
  };
  await insertRows(tx, "order_events", [row]);
}

export async function getTimeline(db: Executor, id: string, page: PageRequest) {
  const exists = await db.selectFrom("orders").select("id").where("id", "=", id).executeTakeFirst();
  if (!exists) throw notFound("Order", id);
  const r = await keysetPage(
    db.selectFrom("order_events").selectAll().where("order_id", "=", id),
    "id",
    page,
    "asc",
  );
  return {
    data: r.data.map((e) => ({
      id: e.id,
      type: e.type,
      message: e.message,
      data: e.data === null ? null : (JSON.parse(e.data) as unknown),
      actor: { type: e.actor_type, id: e.actor_id, name: e.actor_name },
      request_id: e.request_id,
      created_at: e.created_at,
    })),
    next_cursor: r.next_cursor,
  };
}
