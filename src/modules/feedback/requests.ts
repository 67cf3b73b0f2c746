// Surveys come to exist when an order is delivered (in the order's own transaction, through the
// orders module's change hook, wired in src/flows/wiring.ts) and go out once due: the dispatcher's
// feedback step gives each due survey its random link and emits `feedback.requested`, which the
// notifications module turns into the survey e-mail.
import { createHash, randomBytes } from "node:crypto";
import type { Config } from "../../config.js";
import type { Database } from "../../db/database.js";
import { type Executor, inTransaction } from "../../db/transaction.js";
import { type DeliveredPackage, deliveryOf, feedbackDueAt } from "../../domain/feedback.js";
import { newId, nowIso } from "../../lib/ids.js";
import { isSeedOrigin, type RequestContext, systemContext } from "../access/index.js";
import { emitEvent } from "../events/index.js";
import { getOrder, type OrderChanged } from "../orders/index.js";
import { shipmentsOfOrders } from "../shipping/index.js";
import type { FeedbackRequestsTable } from "./tables.js";

/** The SHA-256 of a survey link's token: all that is stored of it. */
export const tokenHash = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

export const surveyUrl = (publicUrl: string, token: string): string =>
  `${publicUrl.replace(/\/$/, "")}/feedback/${token}`;

/**
 * The orders hook: an order that has just become delivered gets its survey, due `delayDays`
 * after the delivery, once (the order id is unique). Nothing when surveys are off, and nothing for
 * what the demo seed does (its customers must never be written to).
 */
export function requestFeedbackOnDelivery(settings: { delayDays: number }) {
  return async (tx: Executor, ctx: RequestContext, change: OrderChanged): Promise<void> => {
    const { before, after } = change;
    if (after.status !== "delivered" || before.status === "delivered") return;
    if (settings.delayDays <= 0 || !after.email) return;
    if (isSeedOrigin({ actor_type: ctx.actor.type, request_id: ctx.requestId })) return;
    const packages: DeliveredPackage[] = (await shipmentsOfOrders(tx, [after.id]))
      .filter((s) => s.status === "delivered")
      .map((s) => ({
        location_id: s.location_id,
        delivered_at: s.delivered_at,
        units: s.lines.reduce((n, l) => n + l.quantity, 0),
      }));
    // Without packages (nothing shipped through Ordo), the lines say where the units came from.
    if (packages.length === 0)
      for (const l of after.lines)
        packages.push({ location_id: l.location_id, delivered_at: null, units: l.delivered });
    const now = new Date();
    const delivery = deliveryOf(packages, now);
    const dueAt = feedbackDueAt(delivery.delivered_at, settings.delayDays, now);
    if (!dueAt) return;
    await tx
      .insertInto("feedback_requests")
      .values({
        id: newId("feedbackRequest"),
        order_id: after.id,
        order_number: after.number,
        channel_id: after.channel_id,
        location_id: delivery.location_id,
        email: after.email,
        token_hash: null,
        delivered_at: delivery.delivered_at,
        due_at: dueAt,
        sent_at: null,
        score: null,
        comment: null,
        answered_at: null,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column("order_id").doNothing())
      .execute();
  };
}

const SEND_BATCH = 50;

/**
 * The dispatcher's feedback step: every due survey not sent yet gets its link (a fresh random
 * token, of which only the hash is kept) and a `feedback.requested` event, in one transaction
 * per batch; a survey is marked sent by a conditional update, so two processes never send it twice.
 */
export async function sendDueFeedback(database: Database, config: Pick<Config, "feedback" | "publicUrl">) {
  if (config.feedback.delayDays <= 0) return 0;
  const { db } = database;
  const now = nowIso();
  // Most passes find nothing: one indexed read, outside any transaction.
  const any = await db
    .selectFrom("feedback_requests")
    .select("id")
    .where("sent_at", "is", null)
    .where("due_at", "<=", now)
    .limit(1)
    .execute();
  if (any.length === 0) return 0;
  return inTransaction(db, async (tx) => {
    let q = tx
      .selectFrom("feedback_requests")
      .selectAll()
      .where("sent_at", "is", null)
      .where("due_at", "<=", now)
      .orderBy("due_at")
      .orderBy("id")
      .limit(SEND_BATCH);
    if (database.dialect === "postgres") q = q.forUpdate().skipLocked();
    const rows: FeedbackRequestsTable[] = await q.execute();
    let sent = 0;
    for (const row of rows) {
      const token = randomBytes(32).toString("base64url");
      const marked = await tx
        .updateTable("feedback_requests")
        .set({ sent_at: now, token_hash: tokenHash(token) })
        .where("id", "=", row.id)
        .where("sent_at", "is", null)
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) !== 1) continue;
      const order = await getOrder(tx, row.order_id);
      await emitEvent(tx, systemContext(), {
        type: "feedback.requested",
        resourceType: "feedback_request",
        resourceId: row.id,
        data: {
          id: row.id,
          order_id: row.order_id,
          number: Number(row.order_number),
          email: row.email,
          customer_name: order.customer_name,
          channel_id: row.channel_id,
          location_id: row.location_id,
          survey_url: surveyUrl(config.publicUrl, token),
          delivered_at: row.delivered_at,
          due_at: row.due_at,
        },
      });
      sent++;
    }
    return sent;
  });
}
