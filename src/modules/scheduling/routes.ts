import { z } from "zod";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { idParams } from "../../http/schemas.js";
import {
  cancelBooking,
  confirmHold,
  getBooking,
  holdSlot,
  listSlots,
  rescheduleBooking,
} from "./bookings.js";
import { getRoutePlan, listRoutePlans, solveRoutePlan, storeRoutePlan } from "./route-plans.js";
import * as schemas from "./schemas.js";
import {
  createResource,
  createTemplate,
  getResource,
  getTemplateView,
  locationOf,
  resourcesOf,
  templatesOf,
  templateView,
} from "./setup.js";
import { routeSheetPdf } from "./sheet.js";

const tags = ["scheduling"];
const FULFILLMENT_READ = { permission: "fulfillment:read" } as const;
const booking = { 200: schemas.bookingSchema };

export const schedulingRoutes: ModuleRoutes = (app, { database, config }) => {
  const { db } = database;
  const holdMinutes = config.scheduling.holdMinutes;

  app.post("/v1/slot_templates", {
    schema: {
      tags,
      summary: "A weekly delivery or service slot at a location (local time, capacity, cut-off, holidays)",
      body: schemas.templateBody,
      response: { 201: schemas.templateSchema },
    },
    config: { permission: "settings:write", idempotent: true },
    handler: async (req, reply) => idempotent(db, req, reply, 201, (tx) => createTemplate(tx, req.body)),
  });

  app.get("/v1/slot_templates", {
    schema: {
      tags,
      summary: "A location's slot templates",
      querystring: schemas.templateQuery,
      response: { 200: schemas.templateList },
    },
    config: FULFILLMENT_READ,
    handler: async (req) => ({ data: (await templatesOf(db, req.query.location_id)).map(templateView) }),
  });

  app.get("/v1/slot_templates/:id", {
    schema: {
      tags,
      summary: "One slot template",
      params: idParams,
      response: { 200: schemas.templateSchema },
    },
    config: FULFILLMENT_READ,
    handler: async (req) => getTemplateView(db, req.params.id),
  });

  app.post("/v1/scheduling_resources", {
    schema: {
      tags,
      summary:
        "A driver or technician (skills, working hours) or a vehicle (weight, volume, stops) at a location",
      body: schemas.resourceBody,
      response: { 201: schemas.resourceSchema },
    },
    config: { permission: "fulfillment:write", idempotent: true },
    handler: async (req, reply) => idempotent(db, req, reply, 201, (tx) => createResource(tx, req.body)),
  });

  app.get("/v1/scheduling_resources", {
    schema: {
      tags,
      summary: "A location's resources",
      querystring: schemas.templateQuery,
      response: { 200: schemas.resourceList },
    },
    config: FULFILLMENT_READ,
    handler: async (req) => ({
      data: await resourcesOf(db, (await locationOf(db, req.query.location_id)).id),
    }),
  });

  app.get("/v1/scheduling_resources/:id", {
    schema: { tags, summary: "One resource", params: idParams, response: { 200: schemas.resourceSchema } },
    config: FULFILLMENT_READ,
    handler: async (req) => getResource(db, req.params.id),
  });

  app.get("/v1/slots", {
    schema: {
      tags,
      summary:
        "Bookable slots with their free capacity (past cut-off, lead time, holidays, full and unstaffed left out)",
      querystring: schemas.slotQuery,
      response: { 200: schemas.slotList },
    },
    config: { permission: "orders:read" },
    handler: async (req) => listSlots(db, req.query),
  });

  app.get("/v1/slot_calendar", {
    schema: {
      tags,
      summary:
        "Every slot of a location in a date range with booked (held + booked) and capacity, bookable or not",
      querystring: schemas.slotQuery,
      response: { 200: schemas.slotList },
    },
    config: FULFILLMENT_READ,
    handler: async (req) => listSlots(db, req.query, new Date(), true),
  });

  app.post("/v1/slot_holds", {
    schema: {
      tags,
      summary: "Hold a place in a slot (expires unless confirmed); 409 when the slot is full",
      body: schemas.holdBody,
      response: { 201: schemas.bookingSchema },
    },
    config: { permission: "orders:write", idempotent: true, location: "/v1/bookings/{id}" },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => holdSlot(tx, contextOf(req), req.body, holdMinutes)),
  });

  app.post("/v1/slot_holds/:id/confirm", {
    schema: {
      tags,
      summary: "Book a held place for an order",
      params: idParams,
      body: schemas.confirmBody,
      response: booking,
    },
    config: { permission: "orders:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) => confirmHold(tx, req.params.id, req.body.order_id)),
  });

  app.get("/v1/bookings/:id", {
    schema: { tags, summary: "One booking or hold", params: idParams, response: booking },
    config: { permission: "orders:read" },
    handler: async (req) => getBooking(db, req.params.id),
  });

  app.post("/v1/bookings/:id/reschedule", {
    schema: {
      tags,
      summary: "Move a booking to another slot",
      params: idParams,
      body: schemas.rescheduleBody,
      response: booking,
    },
    config: { permission: "orders:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) => rescheduleBooking(tx, req.params.id, req.body.slot_id)),
  });

  app.post("/v1/bookings/:id/cancel", {
    schema: {
      tags,
      summary: "Cancel a booking or hold; its place is freed",
      params: idParams,
      body: schemas.cancelBody,
      response: booking,
    },
    config: { permission: "orders:write", idempotent: true },
    handler: async (req, reply) => idempotent(db, req, reply, 200, (tx) => cancelBooking(tx, req.params.id)),
  });

  app.post("/v1/route_plans", {
    schema: {
      tags,
      summary:
        "Plan the day's local-delivery routes at a location from its booked stops, vehicles and drivers",
      body: schemas.routePlanBody,
      response: { 201: schemas.routePlanSchema },
    },
    config: { permission: "fulfillment:write", idempotent: true },
    handler: async (req, reply) => {
      // Solved before the transaction: the planner's second must not hold a write lock. A replayed
      // Idempotency-Key answers with the first plan (the fresh solve is dropped).
      const row = await solveRoutePlan(db, contextOf(req), req.body, config.scheduling.routeBudgetMs);
      return idempotent(db, req, reply, 201, (tx) => storeRoutePlan(tx, row));
    },
  });

  app.get("/v1/route_plans", {
    schema: {
      tags,
      summary: "A location's latest route plans",
      querystring: z.strictObject({ location_id: z.string().min(1).max(64), date: z.iso.date().optional() }),
      response: { 200: z.object({ data: z.array(schemas.routePlanSchema) }) },
    },
    config: FULFILLMENT_READ,
    handler: async (req) => listRoutePlans(db, req.query.location_id, req.query.date),
  });

  app.get("/v1/route_plans/:id", {
    schema: {
      tags,
      summary: "A route plan: routes, stop order, ETAs and explanations",
      params: idParams,
      response: { 200: schemas.routePlanSchema },
    },
    config: FULFILLMENT_READ,
    handler: async (req) => getRoutePlan(db, req.params.id),
  });

  app.get("/v1/route_plans/:id/sheet.pdf", {
    schema: {
      operationId: "getRoutePlanSheet",
      tags,
      summary: "The printable route sheet (one page per vehicle)",
      params: idParams,
    },
    config: { ...FULFILLMENT_READ, produces: ["application/pdf"] },
    handler: async (req, reply) => {
      const plan = await getRoutePlan(db, req.params.id);
      const location = await locationOf(db, plan.location_id);
      const pdf = await routeSheetPdf(plan, location.name, location.time_zone);
      return reply.type("application/pdf").send(pdf);
    },
  });
};
