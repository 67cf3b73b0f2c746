import type { Insertable } from "kysely";
import type { Executor } from "../../db/transaction.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/actor.js";
import type { EventsTable } from "./tables.js";

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
  const [id] = await emitEvents(tx, ctx, [event]);
  return id as string;
}

type NewEvent = Insertable<EventsTable>;

/** Events held back per open transaction by `withBufferedEvents`, written in one insert at its end. */
const buffers = new WeakMap<Executor, NewEvent[]>();

/**
 * Runs `work` with the outbox events it emits on `tx` held back and written, when it returns,
 * as ONE multi-row insert — still inside `tx`, so they commit (or roll back) with the change,
 * and in emission order (ids are taken when emitted). For hot paths that emit many events in
 * one transaction. If `work` throws, nothing is written (the transaction rolls back anyway).
 */
export async function withBufferedEvents<T>(tx: Executor, work: () => Promise<T>): Promise<T> {
  if (buffers.has(tx)) return work();
  const buffer: NewEvent[] = [];
  buffers.set(tx, buffer);
  try {
    const result = await work();
    await insertEvents(tx, buffer);
    return result;
  } finally {
    buffers.delete(tx);
  }
}

const EVENT_CHUNK = 200;

/**
 * Writes several events to the outbox in one multi-row insert (same guarantees as `emitEvent`;
 * ids are taken in the given order, so the events sort as given). Returns their ids.
 */
export async function emitEvents(
  tx: Executor,
  ctx: RequestContext,
  events: readonly DomainEvent[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const now = nowIso();
  const rows: NewEvent[] = events.map((event) => ({
    id: newId("event"),
    type: event.type,
    resource_type: event.resourceType,
    resource_id: event.resourceId,
    data: JSON.stringify(event.data),
    actor_type: ctx.actor.type,
    actor_id: ctx.actor.id,
    request_id: ctx.requestId,
    created_at: now,
  }));
  const buffer = buffers.get(tx);
  if (buffer) buffer.push(...rows);
  else await insertEvents(tx, rows);
  return rows.map((r) => r.id as string);
}

async function insertEvents(tx: Executor, rows: readonly NewEvent[]): Promise<void> {
  for (let i = 0; i < rows.length; i += EVENT_CHUNK) {
    await tx
      .insertInto("events")
      .values(rows.slice(i, i + EVENT_CHUNK))
      .execute();
  }
}
