import { sql, type Transaction } from "kysely";
import { ulid } from "ulid";
import type { Database } from "../../db/database.js";
import type { DB } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { type BackoffPolicy, retryDelayMs } from "../../domain/backoff.js";
import { signWebhookWithEach } from "../../domain/webhook-signature.js";
import { newId, nowIso } from "../../lib/ids.js";
import { systemContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { claimDue, emitEvent, eventPayloads } from "../events/index.js";
import type { AddressGuard } from "./guard.js";
import { postWebhook, type SendResult } from "./sender.js";
import { endpointView, signingSecrets } from "./service.js";

export interface WebhookDeliveryOptions {
  database: Database;
  processId: string;
  guard: AddressGuard;
  timeoutMs: number;
  claimTtlMs: number;
  backoff: BackoffPolicy;
  batchSize?: number;
  log?: { warn(obj: object, msg: string): void };
  /** Called after each attempt (for metrics). */
  onAttempt?: (result: SendResult & { ok: boolean }) => void;
}

// The claimable rows: pending, due, their endpoint enabled, and no earlier event for the same
// resource still pending to the same endpoint — so one resource's events arrive in order.
const deliverable = sql`exists (select 1 from webhook_endpoints e where e.id = d.endpoint_id and e.status = 'enabled')
  and not exists (select 1 from webhook_deliveries p where p.endpoint_id = d.endpoint_id
    and p.resource_key = d.resource_key and p.status = 'pending' and p.event_id < d.event_id)`;

/** Claims due webhook deliveries, sends them concurrently, records each outcome. Returns how many were sent. */
export async function deliverDueWebhooks(opts: WebhookDeliveryOptions): Promise<number> {
  const { db } = opts.database;
  const token = `${opts.processId}:${ulid()}`;
  const ids = await claimDue(opts.database, "webhook_deliveries", {
    token,
    now: new Date(),
    ttlMs: opts.claimTtlMs,
    limit: opts.batchSize ?? 32,
    where: deliverable,
  });
  if (ids.length === 0) return 0;
  const rows = await db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhook_endpoints as e", "e.id", "d.endpoint_id")
    .select([
      "d.id",
      "d.attempts",
      "d.payload",
      "e.id as endpoint_id",
      "e.consecutive_failures",
      "e.url",
      "e.secret",
      "e.previous_secret",
      "e.previous_secret_expires_at",
      "d.event_id",
    ])
    .where("d.claimed_by", "=", token)
    .execute();
  const payloads = await eventPayloads(
    db,
    rows.flatMap((r) => (r.payload === null && r.event_id ? [r.event_id] : [])),
  );
  const outcomes = await Promise.all(
    rows.map(async (r) => {
      const body = r.payload ?? (r.event_id ? payloads.get(r.event_id) : undefined) ?? "{}";
      const timestamp = Math.floor(Date.now() / 1000);
      const attemptedAt = nowIso();
      const result = await postWebhook(
        r.url,
        {
          "content-type": "application/json",
          "user-agent": "Ordo-Webhooks/1",
          "webhook-id": r.id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signWebhookWithEach(signingSecrets(r, attemptedAt), r.id, timestamp, body),
        },
        body,
        opts.timeoutMs,
        opts.guard,
      );
      const ok = result.status !== null && result.status >= 200 && result.status < 300;
      opts.onAttempt?.({ ...result, ok });
      return { d: r, attemptedAt, result, ok };
    }),
  );
  // One short transaction records the whole batch.
  await inTransaction(db, async (tx) => {
    await tx
      .insertInto("webhook_delivery_attempts")
      .values(
        outcomes.map((o) => ({
          id: newId("webhookAttempt"),
          delivery_id: o.d.id,
          attempt: o.d.attempts + 1,
          attempted_at: o.attemptedAt,
          response_status: o.result.status,
          duration_ms: o.result.durationMs,
          error: o.ok ? null : (o.result.error ?? `HTTP ${o.result.status}`),
          process_id: opts.processId,
        })),
      )
      .execute();
    for (const o of outcomes) await recordAttempt(tx, opts, token, o.d, o.attemptedAt, o.result, o.ok);
  });
  return rows.length;
}

async function recordAttempt(
  tx: Transaction<DB>,
  opts: WebhookDeliveryOptions,
  token: string,
  d: { id: string; attempts: number; endpoint_id: string; consecutive_failures: number },
  attemptedAt: string,
  result: SendResult,
  ok: boolean,
): Promise<void> {
  const attempt = d.attempts + 1;
  const error = ok ? null : (result.error ?? `HTTP ${result.status}`);
  {
    const now = nowIso();
    const common = {
      attempts: attempt,
      last_attempt_at: attemptedAt,
      last_response_status: result.status,
      last_response_ms: result.durationMs,
      last_error: error,
      claimed_by: null,
      claim_expires_at: null,
      updated_at: now,
    };
    if (ok) {
      const updated = await tx
        .updateTable("webhook_deliveries")
        .set({ ...common, status: "succeeded", delivered_at: now })
        .where("id", "=", d.id)
        .where("claimed_by", "=", token)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return; // our claim lapsed; another process owns it now
      if (d.consecutive_failures === 0) return;
      await tx
        .updateTable("webhook_endpoints")
        .set({ consecutive_failures: 0, failing_since: null })
        .where("id", "=", d.endpoint_id)
        .where("consecutive_failures", ">", 0)
        .execute();
      return;
    }
    const delay = retryDelayMs(opts.backoff, attempt);
    const updated = await tx
      .updateTable("webhook_deliveries")
      .set(
        delay === null
          ? { ...common, status: "dead" }
          : { ...common, next_attempt_at: new Date(Date.now() + delay).toISOString() },
      )
      .where("id", "=", d.id)
      .where("claimed_by", "=", token)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return;
    await tx
      .updateTable("webhook_endpoints")
      .set({
        consecutive_failures: sql<number>`consecutive_failures + 1`,
        failing_since: sql<string>`coalesce(failing_since, ${attemptedAt})`,
      })
      .where("id", "=", d.endpoint_id)
      .execute();
    if (delay !== null) return;
    // Dead letter. An endpoint that has not succeeded once during this delivery's whole retry
    // window (about a day by default) is switched off, with an event and a notice.
    const endpoint = await tx
      .selectFrom("webhook_endpoints")
      .selectAll()
      .where("id", "=", d.endpoint_id)
      .executeTakeFirst();
    const first = await tx
      .selectFrom("webhook_delivery_attempts")
      .select((eb) => eb.fn.min("attempted_at").as("first"))
      .where("delivery_id", "=", d.id)
      .executeTakeFirst();
    if (endpoint?.status !== "enabled" || !endpoint.failing_since) return;
    if (first?.first && endpoint.failing_since > first.first) return;
    const reason = `every attempt failed since ${endpoint.failing_since} (${endpoint.consecutive_failures} in a row); last: ${error}`;
    await tx
      .updateTable("webhook_endpoints")
      .set({ status: "disabled", disabled_reason: reason, updated_at: now })
      .where("id", "=", endpoint.id)
      .execute();
    const view = endpointView({ ...endpoint, status: "disabled", disabled_reason: reason, updated_at: now });
    const ctx = systemContext();
    await recordAudit(tx, ctx, {
      action: "webhook_endpoint.disabled",
      resourceType: "webhook_endpoint",
      resourceId: endpoint.id,
      data: { reason },
    });
    await emitEvent(tx, ctx, {
      type: "webhook_endpoint.disabled",
      resourceType: "webhook_endpoint",
      resourceId: endpoint.id,
      data: view,
    });
    opts.log?.warn({ endpoint_id: endpoint.id, url: endpoint.url, reason }, "webhook endpoint disabled");
  }
}
