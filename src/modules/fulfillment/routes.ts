import { z } from "zod";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageSchema } from "../../http/pagination.js";
import { idParams } from "../../http/schemas.js";
import { scanItem } from "./picking.js";
import * as schemas from "./schemas.js";
import * as fulfillment from "./service.js";

const resourcingSchema = z
  .object({
    fulfillment_order: schemas.fulfillmentOrderSchema,
    resourced_to: z.array(schemas.fulfillmentOrderSchema),
    backordered: z.array(
      z.object({ order_line_id: z.string(), sku: z.string(), quantity: z.number().int() }),
    ),
  })
  .meta({ id: "ResourcingResult" });

export const fulfillmentRoutes: ModuleRoutes = (app, { database }) => {
  const { db } = database;
  const fo = { 200: schemas.fulfillmentOrderSchema };

  app.get("/v1/fulfillment_orders", {
    schema: {
      tags: ["fulfillment"],
      summary: "Work for locations: fulfillment orders, filtered by location, status or order",
      querystring: schemas.foListQuery,
      response: { 200: pageSchema(schemas.fulfillmentOrderSchema) },
    },
    config: { permission: "fulfillment:read" },
    handler: async (req) => fulfillment.listFulfillmentOrders(db, req.query, req.query),
  });

  app.get("/v1/fulfillment_orders/:id", {
    schema: {
      tags: ["fulfillment"],
      summary: "A fulfillment order with its lines",
      params: idParams,
      response: fo,
    },
    config: { permission: "fulfillment:read" },
    handler: async (req) => fulfillment.getFulfillmentOrder(db, req.params.id),
  });

  app.get("/v1/orders/:id/fulfillment_orders", {
    schema: {
      tags: ["fulfillment"],
      summary: "An order's fulfillment orders, oldest first",
      params: idParams,
      response: { 200: z.object({ data: z.array(schemas.fulfillmentOrderSchema) }) },
    },
    config: { permission: "fulfillment:read" },
    handler: async (req) => ({ data: await fulfillment.fulfillmentOrdersOfOrder(db, req.params.id) }),
  });

  app.post("/v1/fulfillment_orders/:id/accept", {
    schema: {
      tags: ["fulfillment"],
      summary: "The location accepts the work (open → accepted)",
      params: idParams,
      body: schemas.emptyBody,
      response: fo,
    },
    config: { permission: "fulfillment:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        fulfillment.acceptFulfillmentOrder(tx, contextOf(req), req.params.id),
      ),
  });

  app.post("/v1/fulfillment_orders/:id/start", {
    schema: {
      tags: ["fulfillment"],
      summary: "Picking has started (→ in_progress)",
      params: idParams,
      body: schemas.emptyBody,
      response: fo,
    },
    config: { permission: "fulfillment:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        fulfillment.startFulfillmentOrder(tx, contextOf(req), req.params.id),
      ),
  });

  app.post("/v1/fulfillment_orders/:id/fulfil", {
    schema: {
      tags: ["fulfillment"],
      summary: "Everything left has shipped (or been handed over): stock leaves the location (→ fulfilled)",
      params: idParams,
      body: schemas.emptyBody,
      response: fo,
    },
    config: { permission: "fulfillment:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        fulfillment.fulfilFulfillmentOrder(tx, contextOf(req), req.params.id),
      ),
  });

  app.post("/v1/fulfillment_orders/:id/scan", {
    schema: {
      tags: ["fulfillment"],
      summary:
        "A picked item scanned: its line's picked count goes up; an item on no line is refused (422 wrong-item)",
      params: idParams,
      body: schemas.scanBody,
      response: { 200: schemas.scanResultSchema },
    },
    config: { permission: "fulfillment:write" },
    handler: async (req) => scanItem(db, contextOf(req), req.params.id, req.body),
  });

  app.post("/v1/fulfillment_orders/:id/reject", {
    schema: {
      tags: ["fulfillment"],
      summary:
        "The location cannot do it: its stock is released and the lines are sourced again elsewhere (excluding it), or backordered",
      params: idParams,
      body: schemas.reasonBody,
      response: { 200: resourcingSchema },
    },
    config: { permission: "fulfillment:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        fulfillment.rejectFulfillmentOrder(tx, contextOf(req), req.params.id, req.body.reason),
      ),
  });

  app.post("/v1/fulfillment_orders/:id/shortage", {
    schema: {
      tags: ["fulfillment"],
      summary: "Some units are not there: they are released and sourced again elsewhere, or backordered",
      params: idParams,
      body: schemas.shortageBody,
      response: { 200: resourcingSchema },
    },
    config: { permission: "fulfillment:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        fulfillment.reportShortage(tx, contextOf(req), req.params.id, req.body),
      ),
  });

  app.post("/v1/fulfillment_orders/:id/cancel", {
    schema: {
      tags: ["fulfillment"],
      summary: "Stop the work: stock is released and the units go back to the order as backordered",
      params: idParams,
      body: schemas.optionalReasonBody,
      response: fo,
    },
    config: { permission: "fulfillment:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        fulfillment.cancelFulfillmentOrder(tx, contextOf(req), req.params.id, req.body?.reason),
      ),
  });
};
