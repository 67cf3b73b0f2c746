import { countByStatus } from "../../db/count.js";
import type { Executor } from "../../db/transaction.js";
import { notFound } from "../../domain/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import type { EventsTable } from "./tables.js";

export interface EventFilter {
  /** An exact type, or a prefix ending in `.*` (`order.*`). */
  type?: string | undefined;
  resource_type?: string | undefined;
  resource_id?: string | undefined;
  /** ISO 8601; inclusive. */
  created_after?: string | undefined;
  /** ISO 8601; exclusive. */
  created_before?: string | undefined;
}

export interface EventView {
  id: string;
  type: string;
  resource_type: string;
  resource_id: string;
  data: unknown;
  actor_type: string;
  actor_id: string | null;
  request_id: string | null;
  created_at: string;
}

export function eventView(row: Omit<EventsTable, "fanned_out"> & { fanned_out?: unknown }): EventView {
  return {
    id: row.id,
    type: row.type,
    resource_type: row.resource_type,
    resource_id: row.resource_id,
    data: JSON.parse(row.data) as unknown,
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    request_id: row.request_id,
    created_at: row.created_at,
  };
}

const COLUMNS = [
  "id",
  "type",
  "resource_type",
  "resource_id",
  "data",
  "actor_type",
  "actor_id",
  "request_id",
  "created_at",
] as const;

/** The outbox, newest first (or oldest first with `order: "asc"`, to replay from a point). */
export async function listEvents(
  db: Executor,
  filter: EventFilter,
  page: PageRequest,
  order: "asc" | "desc" = "desc",
) {
  let q = db.selectFrom("events").select(COLUMNS);
  if (filter.type?.endsWith(".*")) {
    // A range on the prefix: index-friendly, and `_` is not a LIKE wildcard here.
    const prefix = filter.type.slice(0, -1);
    q = q.where("type", ">=", prefix).where("type", "<", `${prefix.slice(0, -1)}/`);
  } else if (filter.type) q = q.where("type", "=", filter.type);
  if (filter.resource_type) q = q.where("resource_type", "=", filter.resource_type);
  if (filter.resource_id) q = q.where("resource_id", "=", filter.resource_id);
  if (filter.created_after) q = q.where("created_at", ">=", new Date(filter.created_after).toISOString());
  if (filter.created_before) q = q.where("created_at", "<", new Date(filter.created_before).toISOString());
  const result = await keysetPage(q, "id", page, order);
  return { data: result.data.map(eventView), next_cursor: result.next_cursor };
}

export async function getEvent(db: Executor, id: string): Promise<EventView> {
  const row = await db.selectFrom("events").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Event", id);
  return eventView(row);
}

/**
 * The JSON body integrators receive for an event (webhooks and the message bus), built as text
 * from the stored JSON so that every retry sends the very same bytes.
 */
export function eventPayload(
  ev: Pick<EventsTable, "id" | "type" | "resource_type" | "resource_id" | "data" | "created_at">,
): string {
  return `{"id":${JSON.stringify(ev.id)},"type":${JSON.stringify(ev.type)},"timestamp":${JSON.stringify(ev.created_at)},"resource":{"type":${JSON.stringify(ev.resource_type)},"id":${JSON.stringify(ev.resource_id)}},"data":${ev.data}}`;
}

/** The delivery bodies (see eventPayload) of these events, by event id; unknown ids are absent. */
export async function eventPayloads(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const payloads = new Map<string, string>();
  if (ids.length === 0) return payloads;
  const rows = await db
    .selectFrom("events")
    .select(["id", "type", "resource_type", "resource_id", "data", "created_at"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  for (const row of rows) payloads.set(row.id, eventPayload(row));
  return payloads;
}

/** Events not yet fanned out to their deliveries (the outbox's backlog). */
export async function outboxBacklog(db: Executor) {
  const outbox = await db
    .selectFrom("events")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("created_at").as("oldest")])
    .where("fanned_out", "=", 0)
    .executeTakeFirstOrThrow();
  return { pending_fan_out: Number(outbox.n), oldest_pending_at: outbox.oldest ?? null };
}

/** Messages waiting for the bus, and those it gave up on. */
export async function busBacklog(db: Executor) {
  return {
    pending: await countByStatus(db, "bus_messages", "pending"),
    dead: await countByStatus(db, "bus_messages", "dead"),
  };
}
