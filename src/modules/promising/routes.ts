import type { ModuleRoutes } from "../../http/app-types.js";
import * as schemas from "./schemas.js";
import { promiseCart } from "./service.js";

export const promisingRoutes: ModuleRoutes = (app, { database }) => {
  const { db } = database;

  app.post("/v1/promise", {
    schema: {
      tags: ["promising"],
      summary:
        "Delivery options for a cart (ship standard / express, local delivery, pickup at the nearest stores that have everything) with availability per line and earliest delivery or ready-by times. Commits nothing.",
      body: schemas.promiseBody,
      response: { 200: schemas.promiseResponse },
    },
    config: { permission: "orders:read" },
    handler: async (req) => promiseCart(db, req.body),
  });
};
