import { z } from "zod";
import { CASE_ACTIONS, type CasePublicAction } from "../../domain/cases.js";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageSchema } from "../../http/pagination.js";
import { idParams } from "../../http/schemas.js";
import { getOrder } from "../orders/index.js";
import { portalCaseRoutes } from "./portal-routes.js";
import { casesOfOrder, getCase, listCases } from "./queries.js";
import * as schemas from "./schemas.js";
import { addMessage, assignCase, authorOf, createCase, transitionCase, updateCase } from "./service.js";

const tags = ["cases"];
const READ = { permission: "cases:read" } as const;
const WRITE = { permission: "cases:write", idempotent: true } as const;
const noBody = z.strictObject({}).optional();
const detail = { 200: schemas.caseDetailSchema };

const ACTIONS: Record<CasePublicAction, { summary: string; operationId: string }> = {
  open: { summary: "Start working a new case, or one the customer answered", operationId: "openCase" },
  await_customer: {
    summary: "Wait for the customer: the resolution clock stops until they write",
    operationId: "awaitCaseCustomer",
  },
  resolve: { summary: "Resolve the case (case.resolved)", operationId: "resolveCase" },
  close: {
    summary: "Close a resolved case: nothing more can be added (case.closed)",
    operationId: "closeCase",
  },
  reopen: { summary: "Reopen a resolved case", operationId: "reopenCase" },
};

export const caseRoutes: ModuleRoutes = (app, deps) => {
  const { db } = deps.database;
  const policy = deps.config.cases.sla;

  app.post("/v1/cases", {
    schema: {
      tags,
      summary: "Open a case, about an order or not; its SLA targets follow from its priority",
      body: schemas.createCaseBody,
      response: { 201: schemas.caseDetailSchema },
    },
    config: WRITE,
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) =>
        createCase(tx, contextOf(req), req.body, req.viaSession ? "console" : "api", policy),
      ),
  });

  app.get("/v1/cases", {
    schema: {
      tags,
      summary: "Cases, newest first, by status, type, priority, order, assignee, customer or SLA breach",
      querystring: schemas.caseListQuery,
      response: { 200: pageSchema(schemas.caseSchema) },
    },
    config: READ,
    handler: async (req) => listCases(db, req.query, req.query, policy),
  });

  app.get("/v1/cases/:id", {
    schema: {
      tags,
      summary: "A case with its messages (internal notes included); by id or reference (CS-1042)",
      params: idParams,
      response: detail,
    },
    config: READ,
    handler: async (req) => getCase(db, req.params.id, policy),
  });

  app.patch("/v1/cases/:id", {
    schema: {
      tags,
      summary: "Change a case's type, subject, lines, customer name or priority (which moves its SLA)",
      params: idParams,
      body: schemas.updateCaseBody,
      response: detail,
    },
    config: { permission: "cases:write" },
    handler: async (req) => updateCase(db, contextOf(req), req.params.id, req.body, policy),
  });

  app.post("/v1/cases/:id/messages", {
    schema: {
      tags,
      operationId: "addCaseMessage",
      summary: "Reply to the customer (public: the first one is the first response) or add an internal note",
      params: idParams,
      body: schemas.messageBody,
      response: { 201: schemas.caseDetailSchema },
    },
    config: WRITE,
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => {
        const ctx = contextOf(req);
        return addMessage(tx, ctx, req.params.id, req.body, authorOf(ctx), policy);
      }),
  });

  app.post("/v1/cases/:id/assign", {
    schema: {
      tags,
      summary: "Give the case to a staff user (a new case becomes open), or unassign it (null)",
      params: idParams,
      body: schemas.assignBody,
      response: detail,
    },
    config: WRITE,
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        assignCase(tx, contextOf(req), req.params.id, req.body.assignee_id, policy),
      ),
  });

  for (const action of CASE_ACTIONS) {
    const { summary, operationId } = ACTIONS[action];
    app.post(`/v1/cases/:id/${action}`, {
      schema: { tags, operationId, summary, params: idParams, body: noBody, response: detail },
      config: WRITE,
      handler: async (req, reply) =>
        idempotent(db, req, reply, 200, (tx) =>
          transitionCase(tx, contextOf(req), req.params.id, action, policy),
        ),
    });
  }

  app.get("/v1/orders/:id/cases", {
    schema: {
      tags,
      operationId: "listOrderCases",
      summary: "The cases about an order, newest first",
      params: idParams,
      response: { 200: z.object({ data: z.array(schemas.caseSchema) }) },
    },
    config: READ,
    handler: async (req) => {
      const order = await getOrder(db, req.params.id);
      return { data: await casesOfOrder(db, order.id, policy) };
    },
  });

  portalCaseRoutes(app, deps);
};
