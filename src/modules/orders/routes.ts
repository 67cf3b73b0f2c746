import { z } from "zod";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageQuerySchema, pageSchema } from "../../http/pagination.js";
import { idParams } from "../../http/schemas.js";
import { cancelOrder } from "./cancel.js";
import { captureOrder, DuplicateExternalRef } from "./capture.js";
import { placeDraft } from "./drafts.js";
import { editOrder, listVersions } from "./edit.js";
import { placeHold, releaseHold } from "./holds.js";
import * as schemas from "./schemas.js";
import { listOrders } from "./search.js";
import { getTimeline } from "./timeline.js";
import { getOrder } from "./view.js";

// Order views are built by our own code from typed rows; the schemas above document them, and
// re-validating every (large) order on the way out would cost the capture hot path more than
// the rest of HTTP handling together.
const plainJson = () => (data: unknown) => JSON.stringify(data);

export const orderRoutes: ModuleRoutes = (app, { database }) => {
  const { db } = database;

  app.post("/v1/orders", {
    schema: {
      tags: ["orders"],
      summary: "Capture an order from a channel (or a draft for agents); stock is committed atomically",
      description:
        "Send an `Idempotency-Key`. An `external_ref` already known in the channel returns that order (200) instead of creating another.",
      body: schemas.createOrderBody,
      response: { 200: schemas.orderSchema, 201: schemas.orderSchema },
    },
    serializerCompiler: plainJson,
    config: { permission: "orders:write", idempotent: true },
    handler: async (req, reply) => {
      try {
        const result = await idempotent(db, req, reply, 201, (tx) =>
          captureOrder(tx, contextOf(req), req.body),
        );
        if (!result.created) reply.code(200);
        return result.order;
      } catch (error) {
        if (!(error instanceof DuplicateExternalRef)) throw error;
        reply.code(200);
        return getOrder(db, error.orderId);
      }
    },
  });

  app.get("/v1/orders", {
    schema: {
      tags: ["orders"],
      summary:
        "Search orders (number, e-mail, customer, name prefix, status, channel, SKU, tag, hold, dates), newest first",
      querystring: schemas.orderListQuery,
      response: { 200: pageSchema(schemas.orderSummarySchema) },
    },
    config: { permission: "orders:read" },
    handler: async (req) => {
      const { limit, cursor, ...filter } = req.query;
      return listOrders(db, filter, { limit, cursor });
    },
  });

  app.get("/v1/orders/:id", {
    schema: {
      tags: ["orders"],
      summary: "An order with lines, holds, totals and fulfillment state",
      params: idParams,
      response: { 200: schemas.orderSchema },
    },
    config: { permission: "orders:read" },
    handler: async (req) => getOrder(db, req.params.id),
  });

  app.get("/v1/orders/:id/timeline", {
    schema: {
      tags: ["orders"],
      summary: "Every change to the order, oldest first, with who made it and when",
      params: idParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(schemas.timelineEntrySchema) },
    },
    config: { permission: "orders:read" },
    handler: async (req) => getTimeline(db, req.params.id, req.query),
  });

  app.get("/v1/orders/:id/versions", {
    schema: {
      tags: ["orders"],
      summary: "Previous versions of an edited order",
      params: idParams,
      response: {
        200: z.object({
          data: z.array(z.object({ version: z.number(), created_at: z.string(), order: z.unknown() })),
        }),
      },
    },
    config: { permission: "orders:read" },
    handler: async (req) => listVersions(db, req.params.id),
  });

  app.post("/v1/orders/:id/edit", {
    schema: {
      tags: ["orders"],
      summary:
        "Edit an order before fulfillment: lines, quantities, addresses (re-priced and re-committed at once)",
      params: idParams,
      body: schemas.editOrderBody,
      response: { 200: schemas.orderSchema },
    },
    config: { permission: "orders:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) => editOrder(tx, contextOf(req), req.params.id, req.body)),
  });

  app.post("/v1/orders/:id/cancel", {
    schema: {
      tags: ["orders"],
      summary: "Cancel an order, or some units of some lines; committed stock is released",
      params: idParams,
      body: schemas.cancelOrderBody,
      response: { 200: schemas.orderSchema },
    },
    config: { permission: "orders:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) => cancelOrder(tx, contextOf(req), req.params.id, req.body)),
  });

  app.post("/v1/orders/:id/place", {
    schema: {
      tags: ["orders"],
      summary: "Place a draft order: re-price, commit stock, apply hold rules",
      params: idParams,
      response: { 200: schemas.orderSchema },
    },
    config: { permission: "orders:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) => placeDraft(tx, contextOf(req), req.params.id)),
  });

  app.post("/v1/orders/:id/holds", {
    schema: {
      tags: ["orders"],
      summary:
        "Put the order on hold (fraud, payment, address, manual…); a held order is not released to fulfillment",
      params: idParams,
      body: schemas.holdBody,
      response: { 201: schemas.orderSchema },
    },
    config: { permission: "orders:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => placeHold(tx, contextOf(req), req.params.id, req.body)),
  });

  app.post("/v1/orders/:id/holds/:hold_id/release", {
    schema: {
      tags: ["orders"],
      summary: "Release a hold, with a reason",
      params: schemas.holdParams,
      body: schemas.releaseHoldBody,
      response: { 200: schemas.orderSchema },
    },
    config: { permission: "orders:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        releaseHold(tx, contextOf(req), req.params.id, req.params.hold_id, req.body.reason),
      ),
  });
};
