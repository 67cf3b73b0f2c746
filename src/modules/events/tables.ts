import type { Generated, Selectable } from "kysely";

export interface EventsTable {
  id: string;
  type: string;
  resource_type: string;
  resource_id: string;
  data: string;
  actor_type: string;
  actor_id: string | null;
  request_id: string | null;
  created_at: string;
  /** 1 once the dispatcher has turned the event into deliveries (webhooks, e-mail, bus). */
  fanned_out: Generated<number>;
}

/** An event as read back from the outbox. */
export type EventRow = Selectable<EventsTable>;

export interface BusMessagesTable {
  /** The event's id. */
  id: string;
  subject: string;
  status: "pending" | "published" | "dead";
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claim_expires_at: string | null;
  last_error: string | null;
  published_at: string | null;
  created_at: string;
}

export interface EventTables {
  events: EventsTable;
  bus_messages: BusMessagesTable;
}
