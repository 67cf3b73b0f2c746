import { deliveryStatus } from "../../flows/delivery-status.js";
import type { ModuleRoutes } from "../../http/app-types.js";
import { pageSchema } from "../../http/pagination.js";
import { idParams } from "../../http/schemas.js";
import { eventTypeDocs } from "./catalogue.js";
import { deliveryStatusSchema, eventQuery, eventSchema, eventTypesSchema } from "./schemas.js";
import { getEvent, listEvents } from "./service.js";

export const eventRoutes: ModuleRoutes = (app, { database, config }) => {
  app.get("/v1/events", {
    schema: {
      tags: ["events"],
      summary: "Every state change, as written to the outbox (newest first)",
      querystring: eventQuery,
      response: { 200: pageSchema(eventSchema) },
    },
    config: { permission: "events:read" },
    handler: async (req) => {
      const { limit, cursor, order, ...filter } = req.query;
      return listEvents(database.db, filter, { limit, cursor }, order);
    },
  });

  app.get("/v1/event_types", {
    schema: {
      tags: ["events"],
      summary: "Every event type Ordo emits, what its resource is, and the JSON Schema of its data",
      response: { 200: eventTypesSchema },
    },
    config: { permission: "events:read" },
    handler: async () => ({ data: eventTypeDocs() }),
  });

  app.get("/v1/events/:id", {
    schema: {
      tags: ["events"],
      summary: "One event",
      params: idParams,
      response: { 200: eventSchema },
    },
    config: { permission: "events:read" },
    handler: async (req) => getEvent(database.db, req.params.id),
  });

  app.get("/v1/delivery_status", {
    schema: {
      tags: ["events"],
      summary:
        "Delivery backlog: events not yet fanned out; webhooks, e-mail and bus messages waiting, due and dead",
      response: { 200: deliveryStatusSchema },
    },
    config: { permission: "events:read" },
    handler: async () => deliveryStatus(database.db, Boolean(config.delivery.natsUrl)),
  });
};
