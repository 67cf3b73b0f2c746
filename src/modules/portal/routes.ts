import type { ModuleRoutes } from "../../http/app-types.js";
import { problemSchema } from "../../http/schemas.js";
import { trackingLookupBody, trackingViewSchema } from "./schemas.js";
import { lookupOrder } from "./service.js";

export const portalRoutes: ModuleRoutes = (app, { database }) => {
  app.post("/v1/tracking/lookup", {
    schema: {
      tags: ["portal"],
      summary: "A customer's view of their order, by order number and the order's e-mail",
      description:
        "Public. The same 404 answers a wrong e-mail and an order number that does not exist. Rate-limited per client.",
      body: trackingLookupBody,
      response: { 200: trackingViewSchema, 404: problemSchema },
    },
    config: {
      public: true,
      rateLimit: { max: 20, timeWindow: 60_000, keyGenerator: (req) => req.ip },
    },
    handler: async (req) => lookupOrder(database.db, req.body),
  });
};
