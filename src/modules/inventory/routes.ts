import { Readable } from "node:stream";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { acceptCsvUploads, csvBody } from "../../http/csv-upload.js";
import { idempotent } from "../../http/idempotency.js";
import { pageSchema } from "../../http/pagination.js";
import { idParams } from "../../http/schemas.js";
import { exportLevelsCsv, importInventoryCsv } from "./csv.js";
import * as purchaseOrders from "./purchase-orders.js";
import * as schemas from "./schemas.js";
import * as inventory from "./service.js";
import * as transfers from "./transfers.js";

const READ = { permission: "inventory:read" } as const;
const WRITE = { permission: "inventory:write" } as const;
const tags = ["inventory"];

export const inventoryRoutes: ModuleRoutes = (app, { database }) => {
  const { db } = database;

  const csvReply = (reply: { header(k: string, v: string): unknown }, filter: inventory.LevelFilter) => {
    reply.header("content-type", "text/csv; charset=utf-8");
    reply.header("content-disposition", 'attachment; filename="inventory_levels.csv"');
    return Readable.from(exportLevelsCsv(db, filter));
  };

  app.get("/v1/inventory_levels", {
    schema: {
      tags,
      summary: "Inventory levels per SKU × location (`?format=csv` exports them all as CSV)",
      querystring: schemas.levelQuery,
      response: { 200: pageSchema(schemas.levelSchema) },
    },
    config: READ,
    handler: async (req, reply) => {
      const { format, sku, location_id, ...page } = req.query;
      if (format === "csv") return reply.send(csvReply(reply, { sku, location_id }) as never);
      return inventory.listLevels(db, { sku, location_id }, page);
    },
  });

  app.get("/v1/inventory_levels.csv", {
    schema: {
      tags,
      summary: "Export inventory levels as CSV",
      querystring: z.object({
        sku: z.string().max(100).optional(),
        location_id: z.string().max(64).optional(),
      }),
    },
    config: { ...READ, produces: ["text/csv"] },
    handler: async (req, reply) => reply.send(csvReply(reply, req.query)),
  });

  app.get("/v1/inventory_availability", {
    schema: {
      tags,
      summary: "Available-to-promise per SKU across the network, a channel's locations, or given locations",
      querystring: schemas.availabilityQuery,
      response: { 200: schemas.availabilitySchema },
    },
    config: READ,
    handler: async (req) =>
      inventory.networkAvailability(db, {
        skus: req.query.sku,
        channel: req.query.channel,
        location_ids: req.query.location_id,
      }),
  });

  app.get("/v1/inventory_movements", {
    schema: {
      tags,
      summary: "The inventory ledger, newest first",
      querystring: schemas.movementQuery,
      response: { 200: pageSchema(schemas.movementSchema) },
    },
    config: READ,
    handler: async (req) => {
      const { limit, cursor, ...filter } = req.query;
      return inventory.listMovements(db, filter, { limit, cursor });
    },
  });

  app.get("/v1/inventory_movements/:id", {
    schema: {
      tags,
      summary: "One entry of the inventory ledger",
      params: idParams,
      response: { 200: schemas.movementSchema },
    },
    config: READ,
    handler: async (req) => inventory.getMovement(db, req.params.id),
  });

  app.post("/v1/inventory_adjustments", {
    schema: {
      tags,
      summary: "Add to or remove from on_hand with a reason code",
      body: schemas.adjustmentBody,
      response: { 201: schemas.changeResultSchema },
    },
    config: { ...WRITE, idempotent: true, location: "/v1/inventory_movements/{movement.id}" },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => inventory.adjustInventory(tx, contextOf(req), req.body)),
  });

  app.post("/v1/inventory_counts", {
    schema: {
      tags,
      summary: "Record a cycle count: on_hand becomes the counted quantity, the difference is a movement",
      body: schemas.countBody,
      response: { 201: schemas.countResultSchema },
    },
    // A count may move nothing; what it sets is the location's levels.
    config: { ...WRITE, idempotent: true, location: "/v1/inventory_levels?location_id={location_id}" },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => inventory.recordCount(tx, contextOf(req), req.body)),
  });

  app.post("/v1/inventory_state_moves", {
    schema: {
      tags,
      summary:
        "Move units between available and damaged / quality_control / safety_stock, or discard unavailable units",
      body: schemas.stateMoveBody,
      response: { 201: schemas.changeResultSchema },
    },
    config: { ...WRITE, idempotent: true, location: "/v1/inventory_movements/{movement.id}" },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => inventory.moveBetweenStates(tx, contextOf(req), req.body)),
  });

  app.put("/v1/inventory_reorder_points", {
    schema: {
      tags,
      summary: "Set (or clear with null) the reorder point of a SKU at a location",
      body: schemas.reorderPointBody,
      response: { 200: schemas.levelSchema },
    },
    config: WRITE,
    handler: async (req) => inventory.setReorderPoint(db, contextOf(req), req.body),
  });

  app.put("/v1/inventory_bins", {
    schema: {
      tags,
      summary: "Set (or clear with null) the bin where a SKU is kept at a location",
      body: schemas.binBody,
      response: { 200: schemas.levelSchema },
    },
    config: WRITE,
    handler: async (req) => inventory.setBin(db, contextOf(req), req.body),
  });

  app.get("/v1/inventory_alerts", {
    schema: {
      tags,
      summary: "Levels at or below their reorder point",
      querystring: schemas.levelFilterQuery,
      response: { 200: pageSchema(schemas.alertSchema) },
    },
    config: READ,
    handler: async (req) => {
      const { limit, cursor, ...filter } = req.query;
      return inventory.listAlerts(db, filter, { limit, cursor });
    },
  });

  app.get("/v1/inventory_checks", {
    schema: {
      tags,
      summary: "Recompute every level from the ledger and report any difference",
      response: { 200: schemas.verificationSchema },
    },
    config: READ,
    handler: async () => inventory.verifyInventory(db),
  });

  // CSV upload: a stream parser scoped to this route, so no other module's parser is touched.
  app.register(async (scope) => {
    acceptCsvUploads(scope);
    scope.withTypeProvider<ZodTypeProvider>().post("/v1/inventory_imports", {
      schema: {
        tags,
        summary:
          "Import `sku,location_id,on_hand[,reorder_point,reorder_quantity]` CSV (Content-Type: text/csv); all or nothing, every bad value reported",
        response: { 200: schemas.importResultSchema },
      },
      config: WRITE,
      handler: async (req) => importInventoryCsv(db, contextOf(req), csvBody(req)),
    });
  });

  // ---------------------------------------------------------------- transfers

  app.post("/v1/transfers", {
    schema: {
      tags,
      summary: "Create a draft transfer between two locations",
      body: schemas.transferBody,
      response: { 201: schemas.transferSchema },
    },
    config: { ...WRITE, idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => transfers.createTransfer(tx, contextOf(req), req.body)),
  });

  app.get("/v1/transfers", {
    schema: {
      tags,
      summary: "List transfers, newest first",
      querystring: schemas.transferQuery,
      response: { 200: pageSchema(schemas.transferSchema) },
    },
    config: READ,
    handler: async (req) => {
      const { limit, cursor, ...filter } = req.query;
      return transfers.listTransfers(db, filter, { limit, cursor });
    },
  });

  app.get("/v1/transfers/:id", {
    schema: { tags, summary: "A transfer", params: idParams, response: { 200: schemas.transferSchema } },
    config: READ,
    handler: async (req) => transfers.getTransfer(db, req.params.id),
  });

  app.post("/v1/transfers/:id/ship", {
    schema: {
      tags,
      summary: "Ship: stock leaves the origin and is incoming at the destination",
      params: idParams,
      response: { 200: schemas.transferSchema },
    },
    config: { ...WRITE, idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) => transfers.shipTransfer(tx, contextOf(req), req.params.id)),
  });

  app.post("/v1/transfers/:id/receive", {
    schema: {
      tags,
      summary: "Receive at the destination, in parts, over or short (`close` ends the transfer)",
      params: idParams,
      body: schemas.receiveBody,
      response: { 200: schemas.transferSchema },
    },
    config: { ...WRITE, idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        transfers.receiveTransfer(tx, contextOf(req), req.params.id, req.body),
      ),
  });

  app.post("/v1/transfers/:id/cancel", {
    schema: {
      tags,
      summary: "Cancel a draft transfer",
      params: idParams,
      response: { 200: schemas.transferSchema },
    },
    config: { ...WRITE, idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) => transfers.cancelTransfer(tx, contextOf(req), req.params.id)),
  });

  // ---------------------------------------------------------------- purchase orders

  app.post("/v1/purchase_orders", {
    schema: {
      tags,
      summary: "Create a purchase order; its quantities show as incoming at the location",
      body: schemas.purchaseOrderBody,
      response: { 201: schemas.purchaseOrderSchema },
    },
    config: { ...WRITE, idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) =>
        purchaseOrders.createPurchaseOrder(tx, contextOf(req), req.body),
      ),
  });

  app.get("/v1/purchase_orders", {
    schema: {
      tags,
      summary: "List purchase orders, newest first",
      querystring: schemas.purchaseOrderQuery,
      response: { 200: pageSchema(schemas.purchaseOrderSchema) },
    },
    config: READ,
    handler: async (req) => {
      const { limit, cursor, ...filter } = req.query;
      return purchaseOrders.listPurchaseOrders(db, filter, { limit, cursor });
    },
  });

  app.get("/v1/purchase_orders/:id", {
    schema: {
      tags,
      summary: "A purchase order",
      params: idParams,
      response: { 200: schemas.purchaseOrderSchema },
    },
    config: READ,
    handler: async (req) => purchaseOrders.getPurchaseOrder(db, req.params.id),
  });

  app.post("/v1/purchase_orders/:id/receive", {
    schema: {
      tags,
      summary: "Receive (part of) a purchase order; `close` ends it and drops what is still outstanding",
      params: idParams,
      body: schemas.receiveBody,
      response: { 200: schemas.purchaseOrderSchema },
    },
    config: { ...WRITE, idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        purchaseOrders.receivePurchaseOrder(tx, contextOf(req), req.params.id, req.body),
      ),
  });

  app.post("/v1/purchase_orders/:id/close", {
    schema: {
      tags,
      summary:
        "Close (or cancel, if nothing arrived) a purchase order; outstanding quantities stop being incoming",
      params: idParams,
      response: { 200: schemas.purchaseOrderSchema },
    },
    config: { ...WRITE, idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) =>
        purchaseOrders.closePurchaseOrder(tx, contextOf(req), req.params.id),
      ),
  });
};
