// What is kept, and for how long, of the write path's bookkeeping: delivered events and
// finished deliveries go after the retention period, stored idempotent responses after their
// time to live. Orders, their timelines, the audit trail, ledger and notifications stay.
import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.js";
import { type Executor, inTransaction } from "../../db/transaction.js";

export interface RetentionPolicy {
  /** Delivered events, finished webhook deliveries (with their attempts) and bus messages; 0 keeps them. */
  eventRetentionDays: number;
  /** Stored responses of Idempotency-Key requests: a retry after this creates anew. */
  idempotencyKeyTtlHours: number;
}

export interface Pruned {
  events: number;
  webhook_deliveries: number;
  bus_messages: number;
  idempotency_keys: number;
}

const BATCH = 1000;
/** Most batches per table in one call, so one call never runs for long; the next call goes on. */
const MAX_BATCHES = 20;

/**
 * Deletes what the policy no longer keeps, in batches of short transactions (a big backlog never
 * holds the write lock for long). Safe to run in several processes at once.
 */
export async function pruneExpired(
  db: Kysely<DB>,
  policy: RetentionPolicy,
  now = new Date(),
): Promise<Pruned> {
  const pruned: Pruned = { events: 0, webhook_deliveries: 0, bus_messages: 0, idempotency_keys: 0 };
  const batches = async (key: keyof Pruned, deleteBatch: (tx: Executor) => Promise<number>) => {
    for (let i = 0; i < MAX_BATCHES; i++) {
      const n = await inTransaction(db, deleteBatch);
      pruned[key] += n;
      if (n < BATCH) return;
    }
  };
  const deleted = (result: { numDeletedRows: bigint }[]) => Number(result[0]?.numDeletedRows ?? 0);

  if (policy.eventRetentionDays > 0) {
    const cutoff = new Date(now.getTime() - policy.eventRetentionDays * 86_400_000).toISOString();
    // Deliveries that succeeded or gave up (a webhook delivery's attempts go with it).
    const finished = (table: "webhook_deliveries" | "bus_messages", done: string[]) =>
      batches(table, async (tx) =>
        deleted(
          await tx
            .deleteFrom(table)
            .where("id", "in", (eb) =>
              eb
                .selectFrom(table)
                .select("id")
                .where("status", "in", done as never)
                .where("created_at", "<", cutoff)
                .limit(BATCH),
            )
            .execute(),
        ),
      );
    await finished("webhook_deliveries", ["succeeded", "dead"]);
    await finished("bus_messages", ["published", "dead"]);
    // An event goes once it has been fanned out and no bus message still waits to publish it
    // (webhook deliveries and e-mails carry their own copy).
    await batches("events", async (tx) =>
      deleted(
        await tx
          .deleteFrom("events")
          .where("id", "in", (eb) =>
            eb
              .selectFrom("events")
              .select("id")
              .where("fanned_out", "=", 1)
              .where("created_at", "<", cutoff)
              .where(({ not, exists, selectFrom }) =>
                not(
                  exists(
                    selectFrom("bus_messages")
                      .select("bus_messages.id")
                      .whereRef("bus_messages.id", "=", "events.id")
                      .where("bus_messages.status", "=", "pending"),
                  ),
                ),
              )
              .limit(BATCH),
          )
          .execute(),
      ),
    );
  }
  const keyCutoff = new Date(now.getTime() - policy.idempotencyKeyTtlHours * 3_600_000).toISOString();
  await batches("idempotency_keys", async (tx) =>
    deleted(
      await tx
        .deleteFrom("idempotency_keys")
        .where(({ eb, refTuple, selectFrom }) =>
          eb(
            refTuple("scope", "key"),
            "in",
            selectFrom("idempotency_keys")
              .select(["scope", "key"])
              .where("created_at", "<", keyCutoff)
              .limit(BATCH)
              .$asTuple("scope", "key"),
          ),
        )
        .execute(),
    ),
  );
  return pruned;
}
