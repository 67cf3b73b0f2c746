import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageQuerySchema, pageSchema } from "../../http/pagination.js";
import * as schemas from "./schemas.js";
import * as channels from "./service.js";

export const channelRoutes: ModuleRoutes = (app, { database }) => {
  const { db } = database;

  app.get("/v1/channels", {
    schema: {
      tags: ["channels"],
      summary: "List sales channels",
      querystring: pageQuerySchema,
      response: { 200: pageSchema(schemas.channelSchema) },
    },
    config: { permission: "settings:read" },
    handler: async (req) => channels.listChannels(db, req.query),
  });

  app.post("/v1/channels", {
    schema: {
      tags: ["channels"],
      summary: "Create a sales channel (its currency must equal its price list's)",
      body: schemas.createChannelBody,
      response: { 201: schemas.channelSchema },
    },
    config: { permission: "settings:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => channels.createChannel(tx, contextOf(req), req.body)),
  });

  app.get("/v1/channels/:ref", {
    schema: {
      tags: ["channels"],
      summary: "A channel, by id or code",
      params: schemas.channelRefParams,
      response: { 200: schemas.channelSchema },
    },
    config: { permission: "settings:read" },
    handler: async (req) => channels.getChannel(db, req.params.ref),
  });

  app.patch("/v1/channels/:ref", {
    schema: {
      tags: ["channels"],
      summary: "Change a channel; `location_ids` replaces the set of serving locations",
      params: schemas.channelRefParams,
      body: schemas.updateChannelBody,
      response: { 200: schemas.channelSchema },
    },
    config: { permission: "settings:write" },
    handler: async (req) => channels.updateChannel(db, contextOf(req), req.params.ref, req.body),
  });

  app.get("/v1/channels/:ref/price", {
    schema: {
      tags: ["channels"],
      summary: "The price of a SKU in this channel for a quantity at a moment",
      params: schemas.channelRefParams,
      querystring: schemas.priceLookupQuery,
      response: { 200: schemas.priceLookupSchema },
    },
    config: { permission: "catalog:read" },
    handler: async (req) =>
      channels.quotePrice(db, req.params.ref, req.query.sku, req.query.quantity, req.query.at),
  });
};
