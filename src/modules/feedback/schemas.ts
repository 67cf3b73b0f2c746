import { z } from "zod";
import { FEEDBACK_COMMENT_MAX } from "../../domain/feedback.js";
import { isoDateTime, text } from "../../http/schemas.js";

// ── public: the survey page ─────────────────────────────────────────────

/** The link's token: random, URL-safe. Anything else is simply not a survey (404). */
export const tokenParams = z.strictObject({ token: z.string().min(1).max(200) });

export const surveySchema = z
  .object({
    order_number: z.number().int(),
    merchant_name: z.string(),
    answered: z.boolean().describe("True once the customer has answered: a survey is answered once"),
  })
  .describe("What the survey page shows: nothing personal beyond the order number")
  .meta({ id: "FeedbackSurvey" });

export const answerBody = z
  .strictObject({
    score: z.number().int().min(1).max(5).describe("1 (very unhappy) to 5 (very happy)"),
    comment: text(FEEDBACK_COMMENT_MAX).optional(),
  })
  .meta({ id: "FeedbackAnswer" });
export type AnswerInput = z.infer<typeof answerBody>;

// ── console: summary and responses ──────────────────────────────────────

const dateOrInstant = z.union([z.iso.date(), isoDateTime]);

export const summaryQuery = z.object({
  from: dateOrInstant.optional().describe("Surveys sent from (inclusive; a date is its midnight UTC)"),
  to: dateOrInstant.optional().describe("Surveys sent until (exclusive)"),
  group_by: z.enum(["channel", "location"]).default("channel"),
});
export type SummaryQuery = z.infer<typeof summaryQuery>;

const statsShape = {
  sent: z.number().int().describe("Surveys sent in the period"),
  answered: z.number().int(),
  response_rate_percent: z.number().nullable().describe("Answered of sent, in percent"),
  average_score: z.number().nullable(),
  csat_percent: z.number().nullable().describe("Share of answers scoring 4 or 5, in percent"),
  distribution: z
    .object({
      "1": z.number().int(),
      "2": z.number().int(),
      "3": z.number().int(),
      "4": z.number().int(),
      "5": z.number().int(),
    })
    .describe("Answers per score"),
};

export const summarySchema = z
  .object({
    group_by: z.enum(["channel", "location"]),
    from: z.string().nullable(),
    to: z.string().nullable(),
    total: z.object(statsShape),
    groups: z.array(
      z.object({
        key: z
          .string()
          .nullable()
          .describe("The channel's or location's id (null: shipped from no location)"),
        ...statsShape,
      }),
    ),
  })
  .meta({ id: "FeedbackSummary" });

export const responsesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
  channel_id: z.string().max(64).optional(),
  location_id: z.string().max(64).optional(),
  score: z.coerce.number().int().min(1).max(5).optional(),
});
export type ResponsesQuery = z.infer<typeof responsesQuery>;

export const responseSchema = z
  .object({
    id: z.string(),
    order_id: z.string(),
    order_number: z.number().int(),
    channel_id: z.string(),
    location_id: z.string().nullable(),
    email: z.string(),
    score: z.number().int(),
    comment: z.string().nullable(),
    sent_at: z.string().nullable(),
    answered_at: z.string(),
  })
  .meta({ id: "FeedbackResponse" });
export type FeedbackResponse = z.infer<typeof responseSchema>;

// ── events ───────────────────────────────────────────────────────────────

export const feedbackRequestedSchema = z.object({
  id: z.string(),
  order_id: z.string(),
  number: z.number().int().describe("The order's number"),
  email: z.string(),
  customer_name: z.string().nullable(),
  channel_id: z.string(),
  location_id: z.string().nullable(),
  survey_url: z.string().describe("The one link that answers the survey (no login)"),
  delivered_at: z.string(),
  due_at: z.string(),
});

export const feedbackAnsweredSchema = z.object({
  id: z.string(),
  order_id: z.string(),
  number: z.number().int(),
  channel_id: z.string(),
  location_id: z.string().nullable(),
  score: z.number().int().min(1).max(5),
  comment: z.string().nullable(),
  answered_at: z.string(),
});
