import type { ModuleRoutes } from "../../http/app-types.js";
import { dashboardQuery, dashboardSchema } from "./schemas.js";
import { dashboard } from "./service.js";

export const dashboardRoutes: ModuleRoutes = (app, { database }) => {
  app.get("/v1/dashboard", {
    schema: {
      tags: ["dashboard"],
      summary: "Today's orders and revenue, holds, backorders, low stock, orders per day by channel",
      querystring: dashboardQuery,
      response: { 200: dashboardSchema },
    },
    config: { permission: "authenticated" },
    handler: async (req) => dashboard(database.db, req.query),
  });
};
