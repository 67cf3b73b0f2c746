import { connect, type JetStreamClient, type NatsConnection } from "nats";
import { ulid } from "ulid";
import type { Database } from "../../db/database.js";
import type { Executor } from "../../db/transaction.js";
import { type BackoffPolicy, retryDelayMs } from "../../domain/backoff.js";
import { busSubject } from "../../domain/event-types.js";
import { nowIso } from "../../lib/ids.js";
import { claimDue } from "./claims.js";
import { eventPayload } from "./service.js";
import type { EventRow } from "./tables.js";

/** Fan-out: one bus message per event when a bus is configured (at most once per event). */
export async function createBusMessages(
  tx: Executor,
  events: readonly EventRow[],
  prefix = "ordo",
): Promise<void> {
  if (events.length === 0) return;
  const now = nowIso();
  await tx
    .insertInto("bus_messages")
    .values(
      events.map((ev) => ({
        id: ev.id,
        subject: busSubject(ev.type, prefix),
        status: "pending" as const,
        attempts: 0,
        next_attempt_at: now,
        claimed_by: null,
        claim_expires_at: null,
        last_error: null,
        published_at: null,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
}

/**
 * Publishes events to NATS JetStream, subject `ordo.<type>` (`NATS_SUBJECT_PREFIX`), into a
 * stream that captures `ordo.>`. The event id is the JetStream message id, so a message published twice (a retry after
 * a lost ack, a crash) is stored once within the stream's duplicate window.
 */
export class BusPublisher {
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private connecting: Promise<void> | null = null;
  private retryAfter = 0;

  constructor(
    private readonly url: string,
    private readonly stream: string,
    private readonly prefix = "ordo",
  ) {}

  private async ensure(): Promise<JetStreamClient | null> {
    if (this.js && this.nc && !this.nc.isClosed()) return this.js;
    if (Date.now() < this.retryAfter) return null;
    this.connecting ??= (async () => {
      try {
        const nc = await connect({
          servers: this.url,
          name: "ordo",
          maxReconnectAttempts: -1,
          timeout: 2_000,
        });
        const jsm = await nc.jetstreamManager();
        try {
          await jsm.streams.info(this.stream);
        } catch {
          await jsm.streams.add({ name: this.stream, subjects: [`${this.prefix}.>`] });
        }
        this.nc = nc;
        this.js = nc.jetstream();
      } catch {
        this.retryAfter = Date.now() + 2_000;
      } finally {
        this.connecting = null;
      }
    })();
    await this.connecting;
    return this.js;
  }

  async publish(subject: string, id: string, body: string): Promise<void> {
    const js = await this.ensure();
    if (!js) throw new Error(`NATS at ${this.url} is not reachable`);
    await js.publish(subject, new TextEncoder().encode(body), { msgID: id, timeout: 5_000 });
  }

  async close(): Promise<void> {
    await this.connecting;
    const nc = this.nc;
    this.nc = null;
    this.js = null;
    if (nc && !nc.isClosed()) await nc.drain().catch(() => nc.close());
  }
}

export interface PublishOptions {
  database: Database;
  publisher: BusPublisher;
  processId: string;
  claimTtlMs: number;
  backoff: BackoffPolicy;
}

/** Claims due bus messages and publishes them in event order. */
export async function publishDueBusMessages(opts: PublishOptions): Promise<number> {
  const { db } = opts.database;
  const token = `${opts.processId}:${ulid()}`;
  const ids = await claimDue(opts.database, "bus_messages", {
    token,
    now: new Date(),
    ttlMs: opts.claimTtlMs,
    limit: 100,
  });
  if (ids.length === 0) return 0;
  const rows = await db
    .selectFrom("bus_messages as b")
    .innerJoin("events as ev", "ev.id", "b.id")
    .select([
      "b.id",
      "b.subject",
      "b.attempts",
      "ev.type",
      "ev.resource_type",
      "ev.resource_id",
      "ev.data",
      "ev.created_at",
    ])
    .where("b.claimed_by", "=", token)
    .orderBy("b.id")
    .execute();
  for (const r of rows) {
    try {
      await opts.publisher.publish(r.subject, r.id, eventPayload(r));
      await db
        .updateTable("bus_messages")
        .set({
          status: "published",
          attempts: r.attempts + 1,
          published_at: nowIso(),
          last_error: null,
          claimed_by: null,
          claim_expires_at: null,
        })
        .where("id", "=", r.id)
        .where("claimed_by", "=", token)
        .execute();
    } catch (error) {
      const attempt = r.attempts + 1;
      const delay = retryDelayMs(opts.backoff, attempt);
      await db
        .updateTable("bus_messages")
        .set({
          status: delay === null ? "dead" : "pending",
          attempts: attempt,
          next_attempt_at: new Date(Date.now() + (delay ?? 0)).toISOString(),
          last_error: String((error as Error).message ?? error).slice(0, 500),
          claimed_by: null,
          claim_expires_at: null,
        })
        .where("id", "=", r.id)
        .where("claimed_by", "=", token)
        .execute();
    }
  }
  return rows.length;
}
