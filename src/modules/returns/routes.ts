import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { inTransaction } from "../../db/transaction.js";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageSchema } from "../../http/pagination.js";
import { idParams, problemSchema } from "../../http/schemas.js";
import { systemContext } from "../access/index.js";
import { provenOrder } from "../portal/index.js";
import { createReturn } from "./create.js";
import { putReturnPolicy, returnPolicy } from "./policies.js";
import { portalReturns } from "./portal.js";
import { getStoredReturn, listReturns, returnsOfOrder, returnView, storeCreditBalance } from "./queries.js";
import * as schemas from "./schemas.js";
import {
  buyReturnLabelFor,
  decideReturn,
  receiveReturn,
  refundReturn,
  returnByLabelToken,
  returnLabelDocument,
  updateReturn,
} from "./workflow.js";

const tags = ["returns"];
const READ = { permission: "returns:read" } as const;
const WRITE = { permission: "returns:write", idempotent: true } as const;
const one = { 200: schemas.returnSchema };
const DONE = { approve: "approved", reject: "rejected", cancel: "cancelled" } as const;
const PUBLIC_LIMIT = { max: 20, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => req.ip };

export const returnRoutes: ModuleRoutes = (app, { database, config }) => {
  const { db } = database;
  const under =
    (req: FastifyRequest, reply: FastifyReply, status = 200) =>
    <T>(work: Parameters<typeof idempotent<T>>[4]) =>
      idempotent(db, req, reply, status, work);

  app.get("/v1/channels/:id/return_policy", {
    schema: {
      tags,
      summary: "A channel's return policy (the default when none is set)",
      params: idParams,
      response: { 200: schemas.returnPolicySchema },
    },
    config: { permission: "settings:read" },
    handler: async (req) => returnPolicy(db, req.params.id),
  });

  app.put("/v1/channels/:id/return_policy", {
    schema: {
      tags,
      summary: "Set a channel's return policy: window, non-returnable SKUs, fees, approval, reasons",
      params: idParams,
      body: schemas.returnPolicySchema,
      response: { 200: schemas.returnPolicySchema },
    },
    config: { permission: "settings:write" },
    handler: async (req) => putReturnPolicy(db, req.params.id, req.body),
  });

  app.post("/v1/returns", {
    schema: {
      tags,
      summary: "Start a return for an order (console or integration)",
      body: schemas.createReturnBody,
      response: { 201: schemas.returnSchema },
    },
    config: WRITE,
    handler: async (req, reply) =>
      returnView(await under(req, reply, 201)((tx) => createReturn(tx, contextOf(req), req.body, "console"))),
  });

  app.get("/v1/returns", {
    schema: {
      tags,
      summary: "Returns, newest first, by status, order or receiving location",
      querystring: schemas.returnListQuery,
      response: { 200: pageSchema(schemas.returnSchema) },
    },
    config: READ,
    handler: async (req) => listReturns(db, req.query, req.query),
  });

  app.get("/v1/returns/:id", {
    schema: { tags, summary: "One return with its lines and refund", params: idParams, response: one },
    config: READ,
    handler: async (req) => returnView(await getStoredReturn(db, req.params.id)),
  });

  app.get("/v1/orders/:id/returns", {
    schema: {
      tags,
      summary: "An order's returns",
      params: idParams,
      response: { 200: z.object({ data: z.array(schemas.returnSchema) }) },
    },
    config: READ,
    handler: async (req) => ({ data: (await returnsOfOrder(db, req.params.id)).map(returnView) }),
  });

  app.patch("/v1/returns/:id", {
    schema: {
      tags,
      summary: "Change where a return will be received, how it is refunded, or its note (before it arrives)",
      params: idParams,
      body: schemas.patchReturnBody,
      response: one,
    },
    config: { permission: "returns:write" },
    handler: async (req) =>
      returnView(await inTransaction(db, (tx) => updateReturn(tx, contextOf(req), req.params.id, req.body))),
  });

  for (const decision of ["approve", "reject", "cancel"] as const) {
    app.post(`/v1/returns/:id/${decision}`, {
      schema: {
        tags,
        summary: `${decision[0]!.toUpperCase()}${decision.slice(1)} a return`,
        params: idParams,
        body: schemas.decisionBody,
        response: one,
      },
      config: WRITE,
      handler: async (req, reply) =>
        returnView(
          await under(
            req,
            reply,
          )((tx) =>
            decideReturn(
              tx,
              contextOf(req),
              req.params.id,
              decision,
              req.body?.reason ?? `${DONE[decision]} by ${contextOf(req).actor.name}`,
            ),
          ),
        ),
    });
  }

  app.post("/v1/returns/:id/label", {
    schema: {
      tags,
      summary: "Buy the return label (customer → receiving location); the customer is e-mailed a link to it",
      params: idParams,
      response: one,
    },
    config: { permission: "returns:write" },
    handler: async (req) =>
      returnView(await buyReturnLabelFor(database, config, contextOf(req), req.params.id)),
  });

  app.get("/v1/returns/:id/label", {
    schema: { tags, summary: "The return label as a 4×6 PDF", params: idParams },
    config: { ...READ, produces: ["application/pdf"] },
    handler: async (req, reply) => {
      const pdf = await returnLabelDocument(db, config, await getStoredReturn(db, req.params.id));
      return reply.type("application/pdf").send(pdf);
    },
  });

  app.post("/v1/returns/:id/receive", {
    schema: {
      tags,
      summary:
        "Receive a return at a warehouse or a store: restock, set aside as damaged, or dispose of each line",
      params: idParams,
      body: schemas.receiveBody,
      response: one,
    },
    config: WRITE,
    handler: async (req, reply) =>
      returnView(await under(req, reply)((tx) => receiveReturn(tx, contextOf(req), req.params.id, req.body))),
  });

  app.post("/v1/returns/:id/refund", {
    schema: {
      tags,
      summary: "Refund a received return as computed (to the original payment or as store credit)",
      params: idParams,
      body: schemas.refundBody,
      response: one,
    },
    config: WRITE,
    handler: async (req, reply) =>
      returnView(
        await refundReturn(database, under(req, reply), contextOf(req), req.params.id, req.body ?? {}),
      ),
  });

  app.get("/v1/store_credit", {
    schema: {
      tags,
      summary: "A customer's store credit balance",
      querystring: z.object({ email: z.string().trim().min(3).max(254) }),
      response: { 200: schemas.storeCreditSchema },
    },
    config: { permission: "payments:read" },
    handler: async (req) => ({
      email: req.query.email.toLowerCase(),
      balances: await storeCreditBalance(db, req.query.email),
    }),
  });

  // ── the customer's side (public: the order number and its e-mail are the proof) ──

  app.post("/v1/tracking/returns/lookup", {
    schema: {
      tags: ["portal"],
      summary: "Public: what of an order can be returned, and its returns, by order number and e-mail",
      body: schemas.portalLookupBody,
      response: { 200: schemas.portalReturnsSchema, 404: problemSchema },
    },
    config: { public: true, rateLimit: PUBLIC_LIMIT },
    handler: async (req) => portalReturns(db, await provenOrder(db, req.body)),
  });

  app.post("/v1/tracking/returns", {
    schema: {
      tags: ["portal"],
      summary: "Public: start a return of an order, by order number and e-mail",
      body: schemas.portalReturnBody,
      response: { 200: schemas.portalReturnsSchema, 404: problemSchema },
    },
    config: { public: true, rateLimit: PUBLIC_LIMIT },
    handler: async (req) => {
      const order = await provenOrder(db, req.body);
      const { number: _, email: __, ...request } = req.body;
      const ctx = {
        ...systemContext(req.id),
        actor: { ...systemContext(req.id).actor, name: "customer (portal)" },
      };
      await inTransaction(db, (tx) => createReturn(tx, ctx, { ...request, order_id: order.id }, "portal"));
      return portalReturns(db, order);
    },
  });

  app.get("/v1/return_labels/:token", {
    schema: {
      tags: ["portal"],
      summary: "Public: the return label PDF from the link in the customer's e-mail",
      params: z.strictObject({
        token: z
          .string()
          .min(20)
          .max(64)
          .regex(/^[A-Za-z0-9_-]+$/),
      }),
    },
    config: {
      public: true,
      produces: ["application/pdf"],
      rateLimit: { max: 60, timeWindow: 60_000, keyGenerator: (req) => req.ip },
    },
    handler: async (req, reply) => {
      const r = await returnByLabelToken(db, req.params.token);
      return reply.type("application/pdf").send(await returnLabelDocument(db, config, r));
    },
  });
};
