// The feedback module's shapes, inferred from its Zod schemas (type-only: nothing of the server
// ends up in the bundle).
import type * as feedback from "@ordo/modules/feedback/schemas.js";
import type { z } from "zod";

export type FeedbackSurvey = z.output<typeof feedback.surveySchema>;
export type FeedbackAnswer = z.input<typeof feedback.answerBody>;
export type FeedbackSummary = z.output<typeof feedback.summarySchema>;
export type FeedbackStats = FeedbackSummary["total"];
export type FeedbackGroupBy = FeedbackSummary["group_by"];
export type FeedbackResponse = z.output<typeof feedback.responseSchema>;
