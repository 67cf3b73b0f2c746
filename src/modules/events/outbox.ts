import type { Executor } from "../../db/transaction.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/actor.js";

export interface DomainEvent {
  /** `order.created`, `inventory.level_changed`, … */
  type: string;
  resourceType: string;
  resourceId: string;
  /** The resource as integrators should see it after the change. */
  data: unknown;
}

/**
 * Writes an event to the transactional outbox. Call it inside the transaction that makes the
 * change: the event exists if and only if the change committed, and the dispatcher delivers it
 * afterwards (webhooks, e-mail, message bus), at least once.
 */
export async function emitEvent(tx: Executor, ctx: RequestContext, event: DomainEvent): Promise<string> {
  const id = newId("event");
  await tx
    .insertInto("events")
    .values({
      id,
      type: event.type,
      resource_type: event.resourceType,
      resource_id: event.resourceId,
      data: JSON.stringify(event.data),
      actor_type: ctx.actor.type,
      actor_id: ctx.actor.id,
      request_id: ctx.requestId,
      created_at: nowIso(),
    })
    .execute();
  return id;
}
