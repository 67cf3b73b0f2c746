import { z } from "zod";
import type { ModuleRoutes } from "../../http/app-types.js";
import { idempotent } from "../../http/idempotency.js";
import { problemSchema } from "../../http/schemas.js";
import { listResponses, summarizeFeedback } from "./reports.js";
import * as schemas from "./schemas.js";
import { answerSurvey, getSurvey, surveyContext } from "./survey.js";

const tags = ["feedback"];
const READ = { permission: "orders:read" } as const;
const PROOF =
  "Public: the link's token (from the survey e-mail) is the proof. A link that does not exist is a 404. Rate-limited per client.";
const limited = (max: number) => ({
  public: true,
  rateLimit: { max, timeWindow: 60_000, keyGenerator: (req: { ip: string }) => req.ip },
});

export const feedbackRoutes: ModuleRoutes = (app, { database, config }) => {
  const { db } = database;

  // Static paths first in the document; the router prefers them to `:token` anyway.
  app.get("/v1/feedback/summary", {
    schema: {
      tags,
      summary:
        "Feedback per channel or location: sent, answered, response rate, average score, CSAT, distribution",
      description: "Counts the surveys sent in [from, to); CSAT is the share of answers scoring 4 or 5.",
      querystring: schemas.summaryQuery,
      response: { 200: schemas.summarySchema },
    },
    config: READ,
    handler: async (req) => summarizeFeedback(db, req.query),
  });

  app.get("/v1/feedback/responses", {
    schema: {
      tags,
      summary: "Survey answers, newest first, with their comments",
      querystring: schemas.responsesQuery,
      response: {
        200: z.object({ data: z.array(schemas.responseSchema), next_cursor: z.string().nullable() }),
      },
    },
    config: READ,
    handler: async (req) => listResponses(db, req.query),
  });

  app.get("/v1/feedback/:token", {
    schema: {
      tags,
      operationId: "getFeedbackSurvey",
      summary: "The survey behind a feedback link: order number, merchant, answered or not",
      description: PROOF,
      params: schemas.tokenParams,
      response: { 200: schemas.surveySchema, 404: problemSchema },
    },
    config: limited(60),
    handler: async (req) => getSurvey(db, config, req.params.token),
  });

  app.post("/v1/feedback/:token", {
    schema: {
      tags,
      operationId: "answerFeedbackSurvey",
      summary: "Answer the survey: a score from 1 to 5 and an optional comment, once",
      description: `${PROOF} A survey already answered is a 409.`,
      params: schemas.tokenParams,
      body: schemas.answerBody,
      response: { 200: schemas.surveySchema, 404: problemSchema, 409: problemSchema },
    },
    config: { ...limited(20), idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        answerSurvey(tx, surveyContext(req.id), config, req.params.token, req.body),
      ),
  });
};
