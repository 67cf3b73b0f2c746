// The customer's side: the survey behind the e-mail's link. No login: the link's token is the
// proof, and it shows nothing personal beyond the order number. A survey is answered once.
import type { Config } from "../../config.js";
import type { Executor } from "../../db/transaction.js";
import { conflict, DomainError } from "../../domain/errors.js";
import { nowIso } from "../../lib/ids.js";
import type { Actor, RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { emitEvent } from "../events/index.js";
import { getBranding } from "../notifications/index.js";
import { addTimeline } from "../orders/index.js";
import { tokenHash } from "./requests.js";
import type { AnswerInput } from "./schemas.js";
import type { FeedbackRequestsTable } from "./tables.js";

/** Who answers a survey: the customer holding its link (no one signs in). */
const SURVEY_ACTOR: Actor = {
  type: "system",
  id: "feedback",
  name: "Customer (feedback survey)",
  role: null,
  permissions: new Set(),
};

export const surveyContext = (requestId: string): RequestContext => ({ actor: SURVEY_ACTOR, requestId });

async function surveyByToken(db: Executor, token: string): Promise<FeedbackRequestsTable> {
  const row = await db
    .selectFrom("feedback_requests")
    .selectAll()
    .where("token_hash", "=", tokenHash(token))
    .executeTakeFirst();
  // The same answer for a mistyped, made-up or never-sent link.
  if (!row) throw new DomainError("not-found", "There is no survey at this link");
  return row;
}

export async function getSurvey(db: Executor, config: Config, token: string) {
  const row = await surveyByToken(db, token);
  const branding = await getBranding(db, config);
  return {
    order_number: Number(row.order_number),
    merchant_name: branding.merchant_name,
    answered: row.answered_at !== null,
  };
}

/** Records the customer's score and comment, once: a second answer is a 409. */
export async function answerSurvey(
  tx: Executor,
  ctx: RequestContext,
  config: Config,
  token: string,
  input: AnswerInput,
) {
  const row = await surveyByToken(tx, token);
  const refuse = () =>
    conflict("This survey has already been answered: thank you", { answered_at: row.answered_at });
  if (row.answered_at !== null) throw refuse();
  const answeredAt = nowIso();
  const comment = input.comment ? input.comment : null;
  const updated = await tx
    .updateTable("feedback_requests")
    .set({ score: input.score, comment, answered_at: answeredAt })
    .where("id", "=", row.id)
    .where("answered_at", "is", null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw refuse();
  const answer = {
    id: row.id,
    order_id: row.order_id,
    number: Number(row.order_number),
    channel_id: row.channel_id,
    location_id: row.location_id,
    score: input.score,
    comment,
    answered_at: answeredAt,
  };
  await addTimeline(tx, ctx, row.order_id, "feedback.answered", `Customer rated the order ${input.score}/5`, {
    feedback_request_id: row.id,
    score: input.score,
  });
  await recordAudit(tx, ctx, {
    action: "feedback.answered",
    resourceType: "feedback_request",
    resourceId: row.id,
    data: { order_id: row.order_id, score: input.score },
  });
  await emitEvent(tx, ctx, {
    type: "feedback.answered",
    resourceType: "feedback_request",
    resourceId: row.id,
    data: answer,
  });
  const branding = await getBranding(tx, config);
  return { order_number: answer.number, merchant_name: branding.merchant_name, answered: true };
}
