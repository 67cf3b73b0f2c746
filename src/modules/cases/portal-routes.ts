// The customer's side of cases on the tracking portal: public, proven by the order's number and
// e-mail in every request (as the tracking lookup is), rate-limited per client.
import { z } from "zod";
import type { ModuleRoutes } from "../../http/app-types.js";
import { idempotent } from "../../http/idempotency.js";
import { problemSchema } from "../../http/schemas.js";
import { portalAddMessage, portalCase, portalCases, portalContext, portalOpenCase } from "./portal.js";
import * as schemas from "./schemas.js";

const tags = ["portal"];
const PROOF =
  "Public: proven by the order number and the order's e-mail. The same 404 answers a wrong e-mail and an unknown order. Rate-limited per client.";
const limited = (max: number) => ({
  public: true,
  rateLimit: { max, timeWindow: 60_000, keyGenerator: (req: { ip: string }) => req.ip },
});

export const portalCaseRoutes: ModuleRoutes = (app, { database, config }) => {
  const { db } = database;
  const policy = config.cases.sla;

  app.post("/v1/tracking/cases", {
    schema: {
      tags,
      operationId: "openPortalCase",
      summary: "A customer asks about their order: opens a case with their message",
      description: PROOF,
      body: schemas.portalCreateBody,
      response: { 201: schemas.portalCaseSchema, 404: problemSchema, 409: problemSchema },
    },
    config: { ...limited(10), idempotent: true, location: "/v1/tracking/cases/{reference}" },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => portalOpenCase(tx, portalContext(req.id), req.body, policy)),
  });

  app.post("/v1/tracking/cases/lookup", {
    schema: {
      tags,
      operationId: "listPortalCases",
      summary: "A customer's cases about their order, with the public conversation",
      description: PROOF,
      body: schemas.portalProofBody,
      response: { 200: z.object({ data: z.array(schemas.portalCaseSchema) }), 404: problemSchema },
    },
    config: limited(20),
    handler: async (req) => portalCases(db, req.body, policy),
  });

  app.post("/v1/tracking/cases/:reference", {
    schema: {
      tags,
      operationId: "getPortalCase",
      summary: "One of a customer's cases, with the public conversation",
      description: PROOF,
      params: schemas.portalCaseParams,
      body: schemas.portalProofBody,
      response: { 200: schemas.portalCaseSchema, 404: problemSchema },
    },
    config: limited(20),
    handler: async (req) => portalCase(db, req.params.reference, req.body, policy),
  });

  app.post("/v1/tracking/cases/:reference/messages", {
    schema: {
      tags,
      operationId: "addPortalCaseMessage",
      summary: "A customer writes to their case (one waiting for them, or resolved, opens again)",
      description: `${PROOF} A closed case takes no more messages (409): open a new one.`,
      params: schemas.portalCaseParams,
      body: schemas.portalMessageBody,
      response: { 201: schemas.portalCaseSchema, 404: problemSchema, 409: problemSchema },
    },
    config: { ...limited(20), idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) =>
        portalAddMessage(tx, portalContext(req.id), req.params.reference, req.body, policy),
      ),
  });
};
