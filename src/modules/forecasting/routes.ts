import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageSchema } from "../../http/pagination.js";
import { idParams } from "../../http/schemas.js";
import { createPurchaseOrder, createTransfer } from "../inventory/index.js";
import { getRun, listForecasts, skuForecast } from "./queries.js";
import { replenishmentSuggestions } from "./replenishment.js";
import { runForecasts } from "./run.js";
import * as schemas from "./schemas.js";

const tags = ["forecasting"];
const READ = { permission: "inventory:read" } as const;
const WRITE = { permission: "inventory:write", idempotent: true } as const;

export const forecastingRoutes: ModuleRoutes = (app, { database, config }) => {
  const { db } = database;

  app.post("/v1/forecasts/runs", {
    schema: {
      tags,
      summary: "Forecast demand for every SKU × location that shipped (h = 28 days) and store the latest",
      body: schemas.runBody,
      response: { 201: schemas.runSchema },
    },
    config: { permission: "inventory:write" },
    handler: async (req, reply) => {
      const run = await runForecasts(db, contextOf(req), {
        to: req.body.to,
        historyDays: req.body.history_days ?? config.forecasting.historyDays,
        skus: req.body.skus,
      });
      reply.code(201);
      return run;
    },
  });

  app.get("/v1/forecasts/runs/:id", {
    schema: {
      tags,
      summary: "One forecast run: the history it read and how many series it forecast",
      params: idParams,
      response: { 200: schemas.runSchema },
    },
    config: READ,
    handler: async (req) => getRun(db, req.params.id),
  });

  app.get("/v1/forecasts", {
    schema: {
      tags,
      summary: "Latest forecast per series (SKU × location, and each SKU's network), by series key",
      querystring: schemas.forecastQuery,
      response: { 200: pageSchema(schemas.forecastSchema) },
    },
    config: READ,
    handler: async (req) => {
      const { limit, cursor, ...filter } = req.query;
      return listForecasts(db, filter, { limit, cursor });
    },
  });

  app.get("/v1/forecasts/:sku", {
    schema: {
      tags,
      summary: "A SKU's forecast at each location and for the network, with the history behind it",
      params: schemas.skuParams,
      response: { 200: schemas.skuForecastSchema },
    },
    config: READ,
    handler: async (req) => skuForecast(db, req.params.sku),
  });

  app.get("/v1/replenishment/suggestions", {
    schema: {
      tags,
      summary: "Reorder points, order-up-to levels, purchases, transfers, over-stock and dead stock",
      querystring: schemas.suggestionsQuery,
      response: { 200: schemas.suggestionsSchema },
    },
    config: READ,
    handler: async (req) => replenishmentSuggestions(db, config.forecasting, req.query),
  });

  app.post("/v1/replenishment/suggestions/accept", {
    schema: {
      tags,
      summary: "Turn a suggestion into a purchase order or a draft transfer",
      body: schemas.acceptBody,
      response: { 201: schemas.acceptSchema },
    },
    // `/v1/purchase_orders/{id}` or `/v1/transfers/{id}`.
    config: { ...WRITE, location: "/v1/{kind}s/{id}" },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, async (tx) => {
        const ctx = contextOf(req);
        const b = req.body;
        if (b.kind === "purchase_order") {
          const po = await createPurchaseOrder(tx, ctx, {
            supplier: b.supplier ?? "default supplier",
            location_id: b.location_id,
            lines: b.lines,
            note: "From a replenishment suggestion",
          });
          return { kind: b.kind, id: po.id, purchase_order: po };
        }
        const transfer = await createTransfer(tx, ctx, {
          origin_location_id: b.origin_location_id,
          destination_location_id: b.destination_location_id,
          lines: b.lines,
          note: "From a replenishment suggestion",
        });
        return { kind: b.kind, id: transfer.id, transfer };
      }),
  });
};
