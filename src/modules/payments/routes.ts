import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { withRawJsonBody } from "../../http/raw-body.js";
import { idParams } from "../../http/schemas.js";
import { systemContext } from "../access/index.js";
import * as schemas from "./schemas.js";
import {
  addPayment,
  capturePayment,
  ingestProviderWebhook,
  orderPayments,
  type Run,
  refundPayment,
  verifyPayments,
  voidPayment,
} from "./service.js";

const tags = ["payments"];
const READ = { permission: "payments:read" } as const;
const WRITE = { permission: "payments:write", idempotent: true } as const;
const payment = { 200: schemas.paymentSchema };

export const paymentRoutes: ModuleRoutes = (app, { database, config }) => {
  const { db } = database;
  const under =
    (req: FastifyRequest, reply: FastifyReply, status = 200): Run =>
    (work) =>
      idempotent(db, req, reply, status, work);

  app.get("/v1/orders/:id/payments", {
    schema: {
      tags,
      summary: "The order's payments, their transaction ledgers and its payment status",
      params: idParams,
      response: { 200: schemas.orderPaymentsSchema },
    },
    config: READ,
    handler: async (req) => orderPayments(db, req.params.id),
  });

  app.post("/v1/orders/:id/payments", {
    schema: {
      tags,
      summary: "Pay an order with another payment method (after a decline): authorized at once",
      params: idParams,
      body: schemas.addPaymentBody,
      response: { 201: schemas.paymentSchema },
    },
    config: WRITE,
    handler: async (req, reply) =>
      addPayment(database, under(req, reply, 201), contextOf(req), req.params.id, req.body),
  });

  app.post("/v1/payments/:id/capture", {
    schema: {
      tags,
      summary: "Capture (part of) what is authorized — packages are captured as they ship without this",
      params: idParams,
      body: schemas.captureBody,
      response: payment,
    },
    config: WRITE,
    handler: async (req, reply) =>
      capturePayment(database, under(req, reply), contextOf(req), req.params.id, req.body ?? {}),
  });

  app.post("/v1/payments/:id/void", {
    schema: {
      tags,
      summary: "Release what is left of the authorization (cancelled orders are released without this)",
      params: idParams,
      body: schemas.voidBody,
      response: payment,
    },
    config: WRITE,
    handler: async (req, reply) =>
      voidPayment(database, under(req, reply), contextOf(req), req.params.id, req.body?.reason ?? "Released"),
  });

  app.post("/v1/payments/:id/refunds", {
    schema: {
      tags,
      summary: "Refund part or all of what was charged; never more than charged less refunds in flight",
      params: idParams,
      body: schemas.refundBody,
      response: payment,
    },
    config: WRITE,
    handler: async (req, reply) =>
      refundPayment(database, under(req, reply), contextOf(req), req.params.id, req.body),
  });

  app.get("/v1/payments/verification", {
    schema: {
      tags,
      summary:
        "Check every payment's ledger: answers match requests, refunds within charges within authorizations",
      response: { 200: schemas.verificationSchema },
    },
    config: READ,
    handler: async () => verifyPayments(db),
  });

  // Provider webhooks are verified against the exact bytes sent, so this scope keeps the raw body.
  withRawJsonBody(app, (scope) => {
    scope.post("/v1/payment_providers/:code/webhooks", {
      schema: {
        tags,
        summary: "A payment provider's answers, signed (Standard Webhooks headers for the test provider)",
        params: z.strictObject({
          code: z
            .string()
            .min(1)
            .max(64)
            .regex(/^[a-z0-9_]+$/),
        }),
        response: { 200: schemas.webhookResultSchema },
      },
      config: { public: true },
      handler: async (req) =>
        ingestProviderWebhook(
          db,
          // Nobody signs in here: the signature is the caller's proof, and the system acts on it.
          systemContext(req.id),
          req.params.code,
          req.headers as Record<string, string | undefined>,
          typeof req.body === "string" ? req.body : "",
          config.payments.webhookSecret,
        ),
    });
  });
};
