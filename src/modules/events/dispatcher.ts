import { hostname } from "node:os";
import { ulid } from "ulid";
import type { Config } from "../../config.js";
import type { Database } from "../../db/database.js";
import { inTransaction } from "../../db/transaction.js";
import { defaultBackoff } from "../../domain/backoff.js";
import { hostOf } from "../../domain/webhook-url.js";
import { sendDueFeedback } from "../feedback/index.js";
import { createNotifications, sendDueNotifications, smtpMailer } from "../notifications/index.js";
import { processPaymentRequests } from "../payments/index.js";
import { expireHolds } from "../scheduling/index.js";
import { AddressGuard, createDeliveries, deliverDueWebhooks } from "../webhooks/index.js";
import { BusPublisher, createBusMessages, publishDueBusMessages } from "./bus.js";
import { pruneExpired } from "./retention.js";

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface Dispatcher {
  readonly processId: string;
  /** One pass over every kind of work; returns how many items it handled. */
  runOnce(): Promise<number>;
  /** Finishes the pass in progress (in-flight requests end within the webhook timeout), then stops. */
  stop(): Promise<void>;
}

const PRUNE_EVERY_MS = 10 * 60_000;
const FAN_OUT_BATCH = 200;
const BACKLOG = 32;

/**
 * The outbox dispatcher that runs inside every Ordo process: turns new events into webhook
 * deliveries, e-mail and bus messages (fan-out), then sends what is due. Processes coordinate
 * only through claims in the database, so any number can run side by side, and work claimed by
 * a process that died is taken again once its claim expires. Polls every `DISPATCH_INTERVAL_MS`
 * (at once while there is a backlog), backing off to four times that when idle.
 */
export function startDispatcher(deps: { database: Database; config: Config; log: Log }): Dispatcher {
  const { database, config, log } = deps;
  const d = config.delivery;
  const processId = `${hostname()}:${process.pid}:${ulid().slice(-8)}`;
  const backoff = defaultBackoff(d.webhookRetryBaseMs, d.webhookMaxAttempts);
  const guard = new AddressGuard(
    d.allowedHosts,
    process.env.PUBLIC_URL ? hostOf(new URL(config.publicUrl)) : null,
  );
  const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl) : null;
  const bus = d.natsUrl ? new BusPublisher(d.natsUrl, d.natsStream, d.natsSubjectPrefix) : null;

  async function fanOut(): Promise<number> {
    const { db } = database;
    const any = await db.selectFrom("events").select("id").where("fanned_out", "=", 0).limit(1).execute();
    if (any.length === 0) return 0;
    return inTransaction(db, async (tx) => {
      let q = tx
        .selectFrom("events")
        .selectAll()
        .where("fanned_out", "=", 0)
        .orderBy("id")
        .limit(FAN_OUT_BATCH);
      if (database.dialect === "postgres") q = q.forUpdate().skipLocked();
      const events = await q.execute();
      if (events.length === 0) return 0;
      await createDeliveries(tx, events);
      await createNotifications(tx, events, { config, smtpConfigured: mailer !== null });
      if (bus) await createBusMessages(tx, events, d.natsSubjectPrefix);
      await tx
        .updateTable("events")
        .set({ fanned_out: 1 })
        .where(
          "id",
          "in",
          events.map((e) => e.id),
        )
        .execute();
      return events.length;
    });
  }

  // Retention runs in the dispatcher's loop: soon after start, then every ten minutes.
  let nextPrune = Date.now() + 5_000;

  async function runOnce(): Promise<number> {
    let handled = 0;
    const step = async (name: string, work: () => Promise<number>) => {
      try {
        handled += await work();
      } catch (error) {
        log.error({ err: error, step: name }, "dispatcher step failed");
      }
    };
    await step("fan-out", fanOut);
    if (Date.now() >= nextPrune) {
      nextPrune = Date.now() + PRUNE_EVERY_MS;
      await step("retention", async () => {
        const pruned = await pruneExpired(database.db, config.retention);
        if (Object.values(pruned).some((n) => n > 0)) log.info({ pruned }, "pruned expired records");
        return 0;
      });
    }
    // Provider calls the ledger asks for (captures as packages ship, releases, retries).
    await step("payments", () => processPaymentRequests(database));
    // Feedback surveys that have come due: each gets its link and a `feedback.requested` event.
    await step("feedback", () => sendDueFeedback(database, config));
    await step("slot-holds", () => expireHolds(database.db));
    await step("webhooks", () =>
      deliverDueWebhooks({
        database,
        processId,
        guard,
        timeoutMs: d.webhookTimeoutMs,
        claimTtlMs: d.claimTtlMs,
        backoff,
        log,
      }),
    );
    if (mailer) {
      await step("e-mail", () =>
        sendDueNotifications({ database, config, mailer, processId, claimTtlMs: d.claimTtlMs, backoff }),
      );
    }
    if (bus) {
      await step("bus", () =>
        publishDueBusMessages({ database, publisher: bus, processId, claimTtlMs: d.claimTtlMs, backoff }),
      );
    }
    return handled;
  }

  let stopped = false;
  let wake: (() => void) | null = null;
  const idleMax = d.intervalMs * 4;
  const loop = (async () => {
    let delay = d.intervalMs;
    while (!stopped) {
      const handled = await runOnce();
      if (stopped) break;
      // A backlog is drained at once; a trickle is collected for one interval, so that a steady
      // stream of orders costs a few batched queries per interval rather than several per event.
      delay =
        handled >= BACKLOG
          ? 0
          : handled > 0
            ? d.intervalMs
            : Math.min(idleMax, Math.max(d.intervalMs, Math.round(delay * 1.5)));
      if (delay > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      } else await new Promise((r) => setImmediate(r));
    }
  })();
  log.info(
    { process_id: processId, interval_ms: d.intervalMs, nats: Boolean(bus), smtp: Boolean(mailer) },
    "dispatcher started",
  );

  return {
    processId,
    runOnce,
    async stop() {
      stopped = true;
      (wake as (() => void) | null)?.();
      await loop;
      mailer?.close();
      await bus?.close();
    },
  };
}
