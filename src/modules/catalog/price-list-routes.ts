import { z } from "zod";
import { changePriceList } from "../../flows/price-lists.js";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageQuerySchema, pageSchema } from "../../http/pagination.js";
import * as schemas from "./price-list-schemas.js";
import * as priceLists from "./price-lists.js";

export const priceListRoutes: ModuleRoutes = (app, { database }) => {
  const { db } = database;

  app.get("/v1/price_lists", {
    schema: {
      tags: ["price lists"],
      summary: "List price lists",
      querystring: pageQuerySchema,
      response: { 200: pageSchema(schemas.priceListSchema) },
    },
    config: { permission: "settings:read" },
    handler: async (req) => priceLists.listPriceLists(db, req.query),
  });

  app.post("/v1/price_lists", {
    schema: {
      tags: ["price lists"],
      summary: "Create a price list in one currency",
      body: schemas.createPriceListBody,
      response: { 201: schemas.priceListSchema },
    },
    config: { permission: "settings:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => priceLists.createPriceList(tx, contextOf(req), req.body)),
  });

  app.get("/v1/price_lists/:ref", {
    schema: {
      tags: ["price lists"],
      summary: "A price list, by id or code",
      params: schemas.priceListRefParams,
      response: { 200: schemas.priceListSchema },
    },
    config: { permission: "settings:read" },
    handler: async (req) => priceLists.getPriceList(db, req.params.ref),
  });

  app.patch("/v1/price_lists/:ref", {
    schema: {
      tags: ["price lists"],
      summary: "Rename a price list or change its currency (not while a channel uses it)",
      params: schemas.priceListRefParams,
      body: schemas.updatePriceListBody,
      response: { 200: schemas.priceListSchema },
    },
    config: { permission: "settings:write" },
    handler: async (req) => changePriceList(db, contextOf(req), req.params.ref, req.body),
  });

  app.get("/v1/price_lists/:ref/prices", {
    schema: {
      tags: ["price lists"],
      summary: "Prices in a price list (optionally of one SKU)",
      params: schemas.priceListRefParams,
      querystring: schemas.priceQuery,
      response: { 200: pageSchema(schemas.priceSchema) },
    },
    config: { permission: "settings:read" },
    handler: async (req) => priceLists.listPrices(db, req.params.ref, req.query.sku, req.query),
  });

  app.post("/v1/price_lists/:ref/prices", {
    schema: {
      tags: ["price lists"],
      summary: "Set prices: each SKU named gets exactly the tiers given (others keep theirs)",
      params: schemas.priceListRefParams,
      body: schemas.setPricesBody,
      response: { 200: z.object({ data: z.array(schemas.priceSchema) }) },
    },
    config: { permission: "settings:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        priceLists.setPrices(tx, contextOf(req), req.params.ref, req.body.prices),
      ),
  });

  app.delete("/v1/price_lists/:ref/prices/:sku", {
    schema: {
      tags: ["price lists"],
      summary: "Remove every price of a SKU from a price list",
      params: schemas.priceListSkuParams,
      response: { 204: z.null() },
    },
    config: { permission: "settings:write" },
    handler: async (req, reply) => {
      await priceLists.deletePrices(db, contextOf(req), req.params.ref, req.params.sku);
      return reply.code(204).send(null);
    },
  });
};
