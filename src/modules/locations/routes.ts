import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageSchema } from "../../http/pagination.js";
import * as schemas from "./schemas.js";
import * as locations from "./service.js";

export const locationRoutes: ModuleRoutes = (app, { database }) => {
  const { db } = database;

  app.get("/v1/locations", {
    schema: {
      tags: ["locations"],
      summary: "List warehouses, stores and drop-ship vendors",
      querystring: schemas.locationListQuery,
      response: { 200: pageSchema(schemas.locationSchema) },
    },
    config: { permission: "settings:read" },
    handler: async (req) => locations.listLocations(db, req.query, req.query),
  });

  app.post("/v1/locations", {
    schema: {
      tags: ["locations"],
      summary: "Create a location",
      body: schemas.createLocationBody,
      response: { 201: schemas.locationSchema },
    },
    config: { permission: "settings:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => locations.createLocation(tx, contextOf(req), req.body)),
  });

  app.get("/v1/locations/:ref", {
    schema: {
      tags: ["locations"],
      summary: "A location, by id or code",
      params: schemas.locationRefParams,
      response: { 200: schemas.locationSchema },
    },
    config: { permission: "settings:read" },
    handler: async (req) => locations.getLocation(db, req.params.ref),
  });

  app.patch("/v1/locations/:ref", {
    schema: {
      tags: ["locations"],
      summary: "Change a location (deactivate with `active: false`; locations are never deleted)",
      params: schemas.locationRefParams,
      body: schemas.updateLocationBody,
      response: { 200: schemas.locationSchema },
    },
    config: { permission: "settings:write" },
    handler: async (req) => locations.updateLocation(db, contextOf(req), req.params.ref, req.body),
  });
};
