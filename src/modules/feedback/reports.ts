// What the console reads: the summary per channel or location (response rate, average, CSAT,
// distribution) and the latest answers with their comments.
import type { Executor } from "../../db/transaction.js";
import { badRequest } from "../../domain/errors.js";
import { feedbackSummary } from "../../domain/feedback.js";
import type { FeedbackResponse, ResponsesQuery, SummaryQuery } from "./schemas.js";

const instant = (v: string | undefined) => (v ? new Date(v).toISOString() : null);

/** Surveys sent in [from, to), counted per group and score in the database, summarised here. */
export async function summarizeFeedback(db: Executor, query: SummaryQuery) {
  const from = instant(query.from);
  const to = instant(query.to);
  if (from && to && from >= to)
    throw badRequest("`from` must be before `to`", [
      { path: "querystring.to", message: "Must be after from" },
    ]);
  const column = query.group_by === "channel" ? "channel_id" : "location_id";
  let q = db
    .selectFrom("feedback_requests")
    .select((eb) => [eb.ref(column).as("key"), "score", eb.fn.countAll<number>().as("count")])
    .where("sent_at", "is not", null)
    .groupBy([column, "score"]);
  if (from) q = q.where("sent_at", ">=", from);
  if (to) q = q.where("sent_at", "<", to);
  const rows = await q.execute();
  const summary = feedbackSummary(
    rows.map((r) => ({
      key: r.key,
      score: r.score === null ? null : Number(r.score),
      count: Number(r.count),
    })),
  );
  return { group_by: query.group_by, from, to, ...summary };
}

// The cursor is the last answer seen (time and id), opaque to clients.
function encodeCursor(answeredAt: string, id: string): string {
  return Buffer.from(JSON.stringify([answeredAt, id])).toString("base64url");
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown;
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "string"))
      return v as [string, string];
  } catch {
    // reported below
  }
  throw badRequest("The cursor is not valid for this list", [
    { path: "querystring.cursor", message: "Invalid cursor" },
  ]);
}

/** Answers, newest first, with their comments (keyset pages on answer time and id). */
export async function listResponses(db: Executor, query: ResponsesQuery) {
  let q = db
    .selectFrom("feedback_requests")
    .select([
      "id",
      "order_id",
      "order_number",
      "channel_id",
      "location_id",
      "email",
      "score",
      "comment",
      "sent_at",
      "answered_at",
    ])
    .where("answered_at", "is not", null)
    .orderBy("answered_at", "desc")
    .orderBy("id", "desc")
    .limit(query.limit + 1);
  if (query.channel_id) q = q.where("channel_id", "=", query.channel_id);
  if (query.location_id) q = q.where("location_id", "=", query.location_id);
  if (query.score) q = q.where("score", "=", query.score);
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    q = q.where((eb) =>
      eb.or([eb("answered_at", "<", at), eb.and([eb("answered_at", "=", at), eb("id", "<", id)])]),
    );
  }
  const rows = await q.execute();
  const page = rows.slice(0, query.limit);
  const data: FeedbackResponse[] = page.map((r) => ({
    ...r,
    order_number: Number(r.order_number),
    score: Number(r.score),
    answered_at: r.answered_at as string,
  }));
  const last = data[data.length - 1];
  return {
    data,
    next_cursor: rows.length > query.limit && last ? encodeCursor(last.answered_at, last.id) : null,
  };
}
