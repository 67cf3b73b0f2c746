import type { Insertable } from "kysely";
import { insertRows } from "../../db/buffered-inserts.js";
import type { Executor } from "../../db/transaction.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { type EventType, eventDataProblem } from "./catalogue.js";
import type { EventsTable } from "./tables.js";

export interface DomainEvent {
  /** `order.created`, `inventory.level_changed`, … (see catalogue.ts) */
  type: EventType;
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

// Checking every event's data costs CPU on the hot path; tests (and anyone who asks) pay it.
const CHECK_EVENTS = process.env.NODE_ENV === "test" || process.env.ORDO_CHECK_EVENTS === "true";

function assertInCatalogue(event: DomainEvent): void {
  const problem = eventDataProblem(event.type, event.data);
  if (problem) throw new Error(`Event ${event.type} does not match its schema in the catalogue: ${problem}`);
}

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
  if (CHECK_EVENTS) for (const event of events) assertInCatalogue(event);
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
  // Held back with the rest of the transaction's inserts inside withBufferedInserts.
  await insertRows(tx, "events", rows);
  return rows.map((r) => r.id as string);
}
