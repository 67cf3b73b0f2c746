import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { pageSchema } from "../../http/pagination.js";
import { idParams } from "../../http/schemas.js";
import * as schemas from "./schemas.js";
import * as notifications from "./service.js";

export const notificationRoutes: ModuleRoutes = (app, { database, config }) => {
  const { db } = database;

  app.get("/v1/notifications", {
    schema: {
      tags: ["notifications"],
      summary: "Customer e-mail sent (or stored, without SMTP), newest first",
      querystring: schemas.notificationQuery,
      response: { 200: pageSchema(schemas.notificationSchema) },
    },
    config: { permission: "orders:read" },
    handler: async (req) => {
      const { limit, cursor, ...filter } = req.query;
      return notifications.listNotifications(db, filter, { limit, cursor });
    },
  });

  app.get("/v1/notifications/:id", {
    schema: {
      tags: ["notifications"],
      summary: "One message with its text and HTML",
      params: idParams,
      response: { 200: schemas.notificationDetailSchema },
    },
    config: { permission: "orders:read" },
    handler: async (req) => notifications.getNotification(db, req.params.id),
  });

  app.get("/v1/settings", {
    schema: {
      tags: ["settings"],
      summary: "Merchant name, logo and colour used in customer messages",
      response: { 200: schemas.brandingSchema },
    },
    config: { permission: "settings:read" },
    handler: async () => notifications.getBranding(db, config),
  });

  app.patch("/v1/settings", {
    schema: {
      tags: ["settings"],
      summary: "Change the merchant name, logo, colour or support address",
      body: schemas.updateBrandingBody,
      response: { 200: schemas.brandingSchema },
    },
    config: { permission: "settings:write" },
    handler: async (req) => notifications.updateBranding(db, config, contextOf(req), req.body),
  });
};
