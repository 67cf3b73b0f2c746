import type { FastifyReply } from "fastify";
import { z } from "zod";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageSchema } from "../../http/pagination.js";
import { withRawJsonBody } from "../../http/raw-body.js";
import { idParams } from "../../http/schemas.js";
import { getBranding } from "../notifications/index.js";
import { carriersFor } from "./carriers/registry.js";
import { listShipmentExceptions } from "./exceptions.js";
import { buyLabel, ratesFor, voidLabel } from "./labels.js";
import { createPackageType, listPackageTypes, updatePackageType } from "./package-types.js";
import { packShipment, suggestPackage, unpackShipment } from "./packing.js";
import { pickList } from "./pick-lists.js";
import { labelDocument, packingSlip, pickListPdf } from "./printing.js";
import { publicTracking } from "./public-tracking.js";
import { getShipment, listShipments } from "./queries.js";
import * as schemas from "./schemas.js";
import { handOver, readyForPickup, shipShipment } from "./ship.js";
import { addTrackingEvent, ingestCarrierWebhook } from "./tracking.js";

const tags = ["shipping"];
const READ = { permission: "fulfillment:read" } as const;
const WRITE = { permission: "fulfillment:write", idempotent: true } as const;
const shipment = { 200: schemas.shipmentSchema };
const noBody = z.strictObject({}).optional();

const sendFile = (reply: FastifyReply, doc: { contentType: string; body: Buffer | string }, name: string) => {
  reply.header("content-type", doc.contentType);
  reply.header("content-disposition", `inline; filename="${name}"`);
  return reply.send(doc.body);
};

export const shippingRoutes: ModuleRoutes = (app, { database, config }) => {
  const { db } = database;
  const carriers = carriersFor(config);

  // ------------------------------------------------------------ package types

  app.get("/v1/package_types", {
    schema: {
      tags,
      summary: "Boxes offered at a location (its own and the shared ones), or all",
      querystring: schemas.packageTypeQuery,
      response: { 200: z.object({ data: z.array(schemas.packageTypeSchema) }) },
    },
    config: READ,
    handler: async (req) => ({ data: await listPackageTypes(db, req.query.location_id) }),
  });

  app.post("/v1/package_types", {
    schema: {
      tags,
      summary: "Add a box type",
      body: schemas.packageTypeBody,
      response: { 201: schemas.packageTypeSchema },
    },
    config: { permission: "settings:write" },
    handler: async (req, reply) =>
      reply.code(201).send(await createPackageType(db, contextOf(req), req.body)),
  });

  app.patch("/v1/package_types/:id", {
    schema: {
      tags,
      summary: "Change or retire (active false) a box type",
      params: idParams,
      body: schemas.packageTypePatch,
      response: { 200: schemas.packageTypeSchema },
    },
    config: { permission: "settings:write" },
    handler: async (req) => updatePackageType(db, contextOf(req), req.params.id, req.body),
  });

  // ------------------------------------------------------------ picking and packing

  app.get("/v1/pick_list", {
    schema: {
      tags,
      summary: "What to pick for one fulfillment order or a batch, a line per SKU in bin order",
      querystring: schemas.pickListQuery,
      response: { 200: schemas.pickListSchema },
    },
    config: READ,
    handler: async (req) => pickList(db, req.query.fulfillment_order_ids),
  });

  app.get("/v1/pick_list.pdf", {
    schema: { tags, summary: "The pick list, printable (PDF)", querystring: schemas.pickListQuery },
    config: { ...READ, produces: ["application/pdf"] },
    handler: async (req, reply) =>
      sendFile(
        reply,
        { contentType: "application/pdf", body: await pickListPdf(db, req.query.fulfillment_order_ids) },
        "pick-list.pdf",
      ),
  });

  app.get("/v1/fulfillment_orders/:id/package_suggestion", {
    schema: {
      tags,
      summary: "The box the units still to pack fit best (by volume and weight)",
      params: idParams,
      response: { 200: schemas.suggestionSchema },
    },
    config: READ,
    handler: async (req) => suggestPackage(db, req.params.id),
  });

  app.post("/v1/fulfillment_orders/:id/shipments", {
    schema: {
      tags,
      summary: "Pack units of a fulfillment order into a new package",
      params: idParams,
      body: schemas.packBody,
      response: { 201: schemas.shipmentSchema },
    },
    config: WRITE,
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => packShipment(tx, contextOf(req), req.params.id, req.body)),
  });

  // ------------------------------------------------------------ shipments

  app.get("/v1/shipments", {
    schema: {
      tags,
      summary: "Packages, newest first, by location, order, fulfillment order, status or tracking number",
      querystring: schemas.shipmentListQuery,
      response: { 200: pageSchema(schemas.shipmentSchema) },
    },
    config: READ,
    handler: async (req) => listShipments(db, req.query, req.query),
  });

  app.get("/v1/shipments/exceptions", {
    schema: {
      tags,
      summary: "Shipped packages needing attention: late, stuck without carrier events, failed deliveries",
      querystring: schemas.exceptionsQuery,
      response: { 200: z.object({ data: z.array(schemas.exceptionSchema) }) },
    },
    config: READ,
    handler: async (req) => ({
      data: await listShipmentExceptions(db, {
        location_id: req.query.location_id,
        stuck_hours: req.query.stuck_hours ?? config.shipping.stuckHours,
      }),
    }),
  });

  app.get("/v1/shipments/:id", {
    schema: {
      tags,
      summary: "A package with its lines, labels and tracking events",
      params: idParams,
      response: shipment,
    },
    config: READ,
    handler: async (req) => getShipment(db, req.params.id),
  });

  app.get("/v1/shipments/:id/rates", {
    schema: {
      tags,
      summary: "Every carrier's rates for the package; `chosen` is the cheapest that meets the promise",
      params: idParams,
      response: { 200: z.object({ data: z.array(schemas.rateSchema) }) },
    },
    config: READ,
    handler: async (req) => ({
      data: (await ratesFor(db, carriers, req.params.id)).map((r) => ({
        carrier: r.carrier,
        service: r.service,
        service_name: r.serviceName,
        amount: r.amount,
        currency: r.currency,
        ship_date: r.shipDate,
        estimated_delivery_date: r.estimatedDeliveryDate,
        transit_days: r.transitDays,
        meets_promise: r.meetsPromise,
        chosen: r.chosen,
      })),
    }),
  });

  app.post("/v1/shipments/:id/label", {
    schema: {
      tags,
      summary: "Buy a label: the service given, or the cheapest that meets the promised date",
      params: idParams,
      body: schemas.labelBody,
      response: shipment,
    },
    config: WRITE,
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        buyLabel(tx, contextOf(req), carriers, req.params.id, req.body ?? {}),
      ),
  });

  app.get("/v1/shipments/:id/label", {
    schema: {
      tags,
      summary: "The active label, 4×6: PDF or ZPL II (reprint)",
      params: idParams,
      querystring: schemas.labelFormatQuery,
    },
    config: { ...READ, produces: ["application/pdf", "application/zpl"] },
    handler: async (req, reply) => {
      const doc = await labelDocument(db, carriers, req.params.id, req.query.format);
      return sendFile(reply, doc, `label-${req.params.id}.${req.query.format}`);
    },
  });

  app.post("/v1/shipments/:id/void_label", {
    schema: {
      tags,
      summary: "Void the unused label; the package is packed again",
      params: idParams,
      body: noBody,
      response: shipment,
    },
    config: WRITE,
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) => voidLabel(tx, contextOf(req), carriers, req.params.id)),
  });

  app.get("/v1/shipments/:id/packing_slip", {
    schema: { tags, summary: "The packing slip of a package (PDF)", params: idParams },
    config: { ...READ, produces: ["application/pdf"] },
    handler: async (req, reply) => {
      const branding = await getBranding(db, config);
      const body = await packingSlip(db, req.params.id, {
        name: branding.merchant_name,
        supportEmail: branding.support_email,
      });
      return sendFile(reply, { contentType: "application/pdf", body }, `packing-slip-${req.params.id}.pdf`);
    },
  });

  app.post("/v1/shipments/:id/ship", {
    schema: {
      tags,
      summary:
        "The package leaves: stock out, order lines shipped, shipment.created with its tracking number",
      params: idParams,
      body: schemas.shipBody,
      response: shipment,
    },
    config: WRITE,
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        shipShipment(tx, contextOf(req), req.params.id, req.body?.tracking),
      ),
  });

  const action = (path: string, summary: string, run: typeof unpackShipment) =>
    app.post(`/v1/shipments/:id/${path}`, {
      schema: { tags, summary, params: idParams, body: noBody, response: shipment },
      config: WRITE,
      handler: async (req, reply) =>
        idempotent(db, req, reply, 200, (tx) => run(tx, contextOf(req), req.params.id)),
    });
  action(
    "unpack",
    "Take an unshipped package without a label apart; its units are to pack again",
    unpackShipment,
  );
  action(
    "ready_for_pickup",
    "A pickup order waits at the counter; the customer gets a pickup code",
    readyForPickup,
  );

  app.post("/v1/shipments/:id/hand_over", {
    schema: {
      tags,
      summary: "Hand a pickup order to the customer: order number plus pickup code or last name",
      params: idParams,
      body: schemas.handOverBody,
      response: shipment,
    },
    config: WRITE,
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) => handOver(tx, contextOf(req), req.params.id, req.body)),
  });

  app.post("/v1/shipments/:id/tracking_events", {
    schema: {
      tags,
      summary: "Record a tracking event (the same carrier_event_id twice is recorded once)",
      params: idParams,
      body: schemas.trackingEventBody,
      response: shipment,
    },
    config: WRITE,
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) => addTrackingEvent(tx, contextOf(req), req.params.id, req.body)),
  });

  app.get("/v1/tracking/shipments/:tracking_number", {
    schema: {
      tags: ["portal"],
      summary: "Public: where a package is, by tracking number (no personal data)",
      params: z.strictObject({ tracking_number: z.string().min(6).max(64) }),
      response: { 200: schemas.publicTrackingSchema },
    },
    config: { public: true, rateLimit: { max: 60, timeWindow: 60_000, keyGenerator: (req) => req.ip } },
    handler: async (req) => publicTracking(db, req.params.tracking_number),
  });

  // Carrier webhooks are verified against the exact bytes sent, so this scope keeps the raw body.
  withRawJsonBody(app, (scope) => {
    scope.post("/v1/carriers/:code/webhooks", {
      schema: {
        tags,
        summary: "A carrier's tracking events, signed (Standard Webhooks headers for the built-in carrier)",
        params: z.strictObject({
          code: z
            .string()
            .min(1)
            .max(64)
            .regex(/^[a-z0-9_]+$/),
        }),
        response: {
          200: z.object({
            received: z.number().int(),
            applied: z.number().int(),
            unknown_tracking_numbers: z.array(z.string()),
          }),
        },
      },
      config: { public: true },
      handler: async (req) =>
        ingestCarrierWebhook(
          db,
          req.id,
          carriers,
          req.params.code,
          req.headers as Record<string, string | undefined>,
          typeof req.body === "string" ? req.body : "",
        ),
    });
  });
};
