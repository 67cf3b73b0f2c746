import { ulid } from "ulid";
import type { Config } from "../../config.js";
import { countByStatus } from "../../db/count.js";
import type { Database } from "../../db/database.js";
import { type Executor, inTransaction } from "../../db/transaction.js";
import { type BackoffPolicy, retryDelayMs } from "../../domain/backoff.js";
import { notFound } from "../../domain/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import { isSeedOrigin, type RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { EventRow } from "../events/index.js";
import { claimDue, emitEvent } from "../events/index.js";
import type { NotificationsTable } from "./tables.js";
import {
  type Branding,
  EVENT_TEMPLATES,
  messageData,
  type RenderedEmail,
  renderCustomerEmail,
  renderEndpointDisabledNotice,
  type TemplateName,
  templateFor,
} from "./templates.js";

// ── merchant settings (branding of customer messages) ──────────────────────

const BRANDING_KEYS = ["merchant_name", "logo_url", "brand_color", "support_email"] as const;

export async function getBranding(db: Executor, config: Config): Promise<Branding> {
  const rows = await db
    .selectFrom("settings")
    .selectAll()
    .where("key", "in", [...BRANDING_KEYS])
    .execute();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return {
    merchant_name: (stored.merchant_name as string | undefined) ?? config.delivery.merchantName,
    logo_url: (stored.logo_url as string | null | undefined) ?? null,
    brand_color: (stored.brand_color as string | undefined) ?? "#1f6feb",
    portal_url: `${config.publicUrl}/track`,
    support_email:
      (stored.support_email as string | null | undefined) ?? config.delivery.merchantEmail ?? null,
  };
}

export async function updateBranding(
  db: Executor,
  config: Config,
  ctx: RequestContext,
  patch: Partial<Branding>,
): Promise<Branding> {
  return inTransaction(db, async (tx) => {
    const now = nowIso();
    for (const key of BRANDING_KEYS) {
      if (patch[key] === undefined) continue;
      const value = JSON.stringify(patch[key]);
      await tx
        .insertInto("settings")
        .values({ key, value, updated_at: now })
        .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: now }))
        .execute();
    }
    const branding = await getBranding(tx, config);
    await recordAudit(tx, ctx, {
      action: "settings.updated",
      resourceType: "settings",
      resourceId: "merchant",
      data: patch,
    });
    await emitEvent(tx, ctx, {
      type: "settings.updated",
      resourceType: "settings",
      resourceId: "merchant",
      data: branding,
    });
    return branding;
  });
}

// ── fan-out: events → messages ───────────────────────────────────────────

const NOTIFICATION_CHUNK = 100;

/**
 * Names reserved so that they can never receive mail (RFC 2606, RFC 6761): `.example`,
 * `.invalid`, `.localhost`. The demo customers live there; a message to one is stored, never sent.
 */
export function isUndeliverableAddress(email: string): boolean {
  return /\.(example|invalid|localhost)$/i.test(email.trim().split("@").pop() ?? "");
}

/**
 * Whether a message is queued for SMTP or only stored for the console: never for what the demo
 * seed did (its orders would otherwise e-mail whoever the demo data names, by the hundred), nor
 * to an address that cannot exist.
 */
function sendable(ev: EventRow, to: string | null, smtpConfigured: boolean): boolean {
  return smtpConfigured && !!to && !isSeedOrigin(ev) && !isUndeliverableAddress(to);
}

export interface NotificationFanOut {
  config: Config;
  /** With no SMTP server, messages are stored for the console instead of sent. */
  smtpConfigured: boolean;
}

/**
 * Renders the customer message (and operator notices) each event calls for and stores it —
 * once per template and resource, however often the event is seen.
 */
export async function createNotifications(
  tx: Executor,
  events: readonly EventRow[],
  opts: NotificationFanOut,
): Promise<number> {
  // Which messages the events call for (cheap), then which of those do not exist yet (one read):
  // only those are rendered, and they go in as multi-row inserts.
  const wanted: Array<{ ev: EventRow; template: TemplateName; data: unknown; dedupe: string }> = [];
  const seen = new Set<string>();
  for (const ev of events) {
    if (!EVENT_TEMPLATES[ev.type]) continue;
    const data = JSON.parse(ev.data) as unknown;
    const template = templateFor(ev.type, data);
    if (!template) continue;
    // A customer gets each message once per resource; an operator notice once per event.
    const dedupe =
      template === "webhook_endpoint_disabled"
        ? `${template}:${ev.id}`
        : `${template}:${ev.resource_type}:${ev.resource_id}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    wanted.push({ ev, template, data, dedupe });
  }
  if (wanted.length === 0) return 0;
  const existing = new Set<string>();
  for (let i = 0; i < wanted.length; i += NOTIFICATION_CHUNK) {
    const rows = await tx
      .selectFrom("notifications")
      .select("dedupe_key")
      .where(
        "dedupe_key",
        "in",
        wanted.slice(i, i + NOTIFICATION_CHUNK).map((w) => w.dedupe),
      )
      .execute();
    for (const r of rows) existing.add(r.dedupe_key);
  }
  const fresh = wanted.filter((w) => !existing.has(w.dedupe));
  if (fresh.length === 0) return 0;
  const branding = await getBranding(tx, opts.config);
  const now = nowIso();
  const rows: NotificationsTable[] = [];
  for (const { ev, template, data, dedupe } of fresh) {
    let to: string | null;
    let locale = "en";
    let rendered: RenderedEmail;
    if (template === "webhook_endpoint_disabled") {
      to = opts.config.delivery.merchantEmail ?? null;
      rendered = renderEndpointDisabledNotice(data, branding);
    } else {
      const m = messageData(data);
      if (!m) continue;
      to = m.email;
      locale = m.locale;
      rendered = renderCustomerEmail(template, m, branding);
    }
    rows.push({
      id: newId("notification"),
      event_id: ev.id,
      template,
      channel: "email",
      dedupe_key: dedupe,
      to_address: to ?? "",
      locale,
      subject: rendered.subject,
      text_body: rendered.text,
      html_body: rendered.html,
      resource_type: ev.resource_type,
      resource_id: ev.resource_id,
      status: sendable(ev, to, opts.smtpConfigured) ? "pending" : "stored",
      attempts: 0,
      next_attempt_at: now,
      claimed_by: null,
      claim_expires_at: null,
      last_error: null,
      message_id: null,
      sent_at: null,
      created_at: now,
      updated_at: now,
    });
  }
  let created = 0;
  for (let i = 0; i < rows.length; i += NOTIFICATION_CHUNK) {
    const result = await tx
      .insertInto("notifications")
      .values(rows.slice(i, i + NOTIFICATION_CHUNK))
      // Another process may have created the same message meanwhile.
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .executeTakeFirst();
    created += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return created;
}

// ── sending ──────────────────────────────────────────────────────────────

export interface Mailer {
  send(message: {
    from: string;
    to: string;
    /** Where the customer's answer goes: the shop's support address. */
    replyTo?: string;
    subject: string;
    text: string;
    html: string;
  }): Promise<{ messageId: string }>;
}

export interface SendOptions {
  database: Database;
  config: Config;
  mailer: Mailer;
  processId: string;
  claimTtlMs: number;
  backoff: BackoffPolicy;
}

/** MAIL_FROM: the configuration refuses SMTP_URL without it, so no made-up sender is ever used. */
function fromAddress(config: Config): string {
  if (!config.delivery.mailFrom) throw new Error("MAIL_FROM is not set: it is required to send e-mail");
  return config.delivery.mailFrom;
}

/** Customers who answer a message reach the shop's support address, not the sending mailbox. */
function replyToFor(template: string, branding: Branding): string | undefined {
  if (template === "webhook_endpoint_disabled") return undefined; // an operator notice
  return branding.support_email ?? undefined;
}

/** Claims due messages and sends them over SMTP; failures are retried with backoff. */
export async function sendDueNotifications(opts: SendOptions): Promise<number> {
  const { db } = opts.database;
  const token = `${opts.processId}:${ulid()}`;
  const ids = await claimDue(opts.database, "notifications", {
    token,
    now: new Date(),
    ttlMs: opts.claimTtlMs,
    limit: 16,
  });
  if (ids.length === 0) return 0;
  const rows = await db.selectFrom("notifications").selectAll().where("claimed_by", "=", token).execute();
  const from = fromAddress(opts.config);
  const branding = await getBranding(db, opts.config);
  await Promise.all(
    rows.map(async (n) => {
      const now = () => nowIso();
      const replyTo = replyToFor(n.template, branding);
      try {
        const info = await opts.mailer.send({
          from,
          to: n.to_address,
          ...(replyTo ? { replyTo } : {}),
          subject: n.subject,
          text: n.text_body,
          html: n.html_body,
        });
        await db
          .updateTable("notifications")
          .set({
            status: "sent",
            attempts: n.attempts + 1,
            message_id: info.messageId,
            sent_at: now(),
            last_error: null,
            claimed_by: null,
            claim_expires_at: null,
            updated_at: now(),
          })
          .where("id", "=", n.id)
          .where("claimed_by", "=", token)
          .execute();
      } catch (error) {
        const attempt = n.attempts + 1;
        const delay = retryDelayMs(opts.backoff, attempt);
        await db
          .updateTable("notifications")
          .set({
            status: delay === null ? "failed" : "pending",
            attempts: attempt,
            next_attempt_at: delay === null ? n.next_attempt_at : new Date(Date.now() + delay).toISOString(),
            last_error: String((error as Error).message ?? error).slice(0, 500),
            claimed_by: null,
            claim_expires_at: null,
            updated_at: now(),
          })
          .where("id", "=", n.id)
          .where("claimed_by", "=", token)
          .execute();
      }
    }),
  );
  return rows.length;
}

// ── the log ──────────────────────────────────────────────────────────────

export function notificationView(n: NotificationsTable) {
  return {
    id: n.id,
    event_id: n.event_id,
    template: n.template,
    channel: n.channel,
    to: n.to_address,
    locale: n.locale,
    subject: n.subject,
    resource_type: n.resource_type,
    resource_id: n.resource_id,
    status: n.status,
    attempts: n.attempts,
    last_error: n.last_error,
    message_id: n.message_id,
    sent_at: n.sent_at,
    created_at: n.created_at,
  };
}

export interface NotificationFilter {
  resource_type?: string | undefined;
  resource_id?: string | undefined;
  status?: NotificationsTable["status"] | undefined;
  template?: string | undefined;
  to?: string | undefined;
}

export async function listNotifications(db: Executor, filter: NotificationFilter, page: PageRequest) {
  let q = db.selectFrom("notifications").selectAll();
  if (filter.resource_type) q = q.where("resource_type", "=", filter.resource_type);
  if (filter.resource_id) q = q.where("resource_id", "=", filter.resource_id);
  if (filter.status) q = q.where("status", "=", filter.status);
  if (filter.template) q = q.where("template", "=", filter.template);
  if (filter.to) q = q.where("to_address", "=", filter.to);
  const result = await keysetPage(q, "id", page);
  return { data: result.data.map(notificationView), next_cursor: result.next_cursor };
}

export async function getNotification(db: Executor, id: string) {
  const n = await db.selectFrom("notifications").selectAll().where("id", "=", id).executeTakeFirst();
  if (!n) throw notFound("Notification", id);
  return { ...notificationView(n), text: n.text_body, html: n.html_body };
}

/** E-mail waiting to be sent, given up on, and kept without SMTP. */
export async function notificationBacklog(db: Executor) {
  return {
    pending: await countByStatus(db, "notifications", "pending"),
    failed: await countByStatus(db, "notifications", "failed"),
    stored: await countByStatus(db, "notifications", "stored"),
  };
}
