import { z } from "zod";
import { hostOf } from "../../domain/webhook-url.js";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageQuerySchema, pageSchema } from "../../http/pagination.js";
import { idParams } from "../../http/schemas.js";
import { AddressGuard } from "./guard.js";
import * as schemas from "./schemas.js";
import * as webhooks from "./service.js";

export const webhookRoutes: ModuleRoutes = (app, { database, config }) => {
  const { db } = database;
  const guard = new AddressGuard(
    config.delivery.allowedHosts,
    process.env.PUBLIC_URL ? hostOf(new URL(config.publicUrl)) : null,
  );
  const tags = ["webhooks"];
  const permission = "webhooks:manage" as const;

  app.post("/v1/webhook_endpoints", {
    schema: {
      tags,
      summary:
        "Subscribe a URL to events; deliveries are signed (Standard Webhooks) with the returned secret",
      body: schemas.createEndpointBody,
      response: { 201: schemas.createdEndpointSchema },
    },
    config: { permission, idempotent: true },
    handler: async (req, reply) => {
      await webhooks.assertUrlAllowed(guard, req.body.url);
      return idempotent(db, req, reply, 201, (tx) => webhooks.createEndpoint(tx, contextOf(req), req.body));
    },
  });

  app.get("/v1/webhook_endpoints", {
    schema: {
      tags,
      summary: "List webhook endpoints",
      querystring: pageQuerySchema,
      response: { 200: pageSchema(schemas.endpointSchema) },
    },
    config: { permission },
    handler: async (req) => webhooks.listEndpoints(db, req.query),
  });

  app.get("/v1/webhook_endpoints/:id", {
    schema: {
      tags,
      summary: "A webhook endpoint",
      params: idParams,
      response: { 200: schemas.endpointSchema },
    },
    config: { permission },
    handler: async (req) => webhooks.getEndpoint(db, req.params.id),
  });

  app.get("/v1/webhook_endpoints/:id/secret", {
    schema: {
      tags,
      summary: "The endpoint's signing secret",
      params: idParams,
      response: { 200: schemas.secretSchema },
    },
    config: { permission },
    handler: async (req) => webhooks.getEndpointSecret(db, req.params.id),
  });

  app.post("/v1/webhook_endpoints/:id/rotate_secret", {
    schema: {
      tags,
      summary: "Replace the signing secret; the previous one keeps signing beside it for a while",
      description:
        "Until `previous_secret_expires_at`, every delivery carries two signatures (Standard Webhooks allows several): receivers verifying with either secret accept it.",
      params: idParams,
      body: schemas.rotateSecretBody,
      response: { 200: schemas.rotatedSecretSchema },
    },
    config: { permission, idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        webhooks.rotateEndpointSecret(tx, contextOf(req), req.params.id, req.body),
      ),
  });

  app.patch("/v1/webhook_endpoints/:id", {
    schema: {
      tags,
      summary: "Change the URL, event types or description; disable or enable",
      params: idParams,
      body: schemas.updateEndpointBody,
      response: { 200: schemas.endpointSchema },
    },
    config: { permission },
    handler: async (req) => {
      if (req.body.url !== undefined) await webhooks.assertUrlAllowed(guard, req.body.url);
      return webhooks.updateEndpoint(db, contextOf(req), req.params.id, req.body);
    },
  });

  app.delete("/v1/webhook_endpoints/:id", {
    schema: {
      tags,
      summary: "Delete the endpoint and its delivery history",
      params: idParams,
      response: { 204: z.null() },
    },
    config: { permission },
    handler: async (req, reply) => {
      await webhooks.deleteEndpoint(db, contextOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.post("/v1/webhook_endpoints/:id/ping", {
    schema: {
      tags,
      summary: "Send a signed `webhook.test` message to the endpoint",
      params: idParams,
      response: { 202: schemas.deliverySchema },
    },
    config: { permission },
    handler: async (req, reply) => {
      reply.code(202);
      return webhooks.pingEndpoint(db, contextOf(req), req.params.id);
    },
  });

  app.get("/v1/webhook_deliveries", {
    schema: {
      tags,
      summary: "Deliveries with status, attempts, last response code and time (newest first)",
      querystring: schemas.deliveryQuery,
      response: { 200: pageSchema(schemas.deliverySchema) },
    },
    config: { permission },
    handler: async (req) => {
      const { limit, cursor, ...filter } = req.query;
      return webhooks.listDeliveries(db, filter, { limit, cursor });
    },
  });

  app.get("/v1/webhook_deliveries/:id", {
    schema: {
      tags,
      summary: "A delivery and every attempt made",
      params: idParams,
      response: { 200: schemas.deliveryDetailSchema },
    },
    config: { permission },
    handler: async (req) => webhooks.getDelivery(db, req.params.id),
  });

  app.post("/v1/webhook_deliveries/:id/redeliver", {
    schema: {
      tags,
      summary: "Send a delivery again now, with the same webhook-id",
      params: idParams,
      response: { 202: schemas.deliverySchema },
    },
    config: { permission },
    handler: async (req, reply) => {
      reply.code(202);
      return webhooks.redeliver(db, contextOf(req), req.params.id);
    },
  });
};
