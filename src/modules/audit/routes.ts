import { z } from "zod";
import type { ModuleRoutes } from "../../http/app-types.js";
import { pageQuerySchema, pageSchema } from "../../http/pagination.js";
import { listAuditEvents } from "./service.js";

const auditEventSchema = z
  .object({
    id: z.string(),
    actor_type: z.string(),
    actor_id: z.string().nullable(),
    action: z.string(),
    resource_type: z.string(),
    resource_id: z.string(),
    data: z.unknown(),
    request_id: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: "AuditEvent" });

const auditQuery = pageQuerySchema.extend({
  resource_type: z.string().max(64).optional(),
  resource_id: z.string().max(64).optional(),
  actor_id: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
});

export const auditRoutes: ModuleRoutes = (app, { database }) => {
  app.get("/v1/audit_events", {
    schema: {
      tags: ["audit"],
      summary: "Who did what, when, to which resource (newest first)",
      querystring: auditQuery,
      response: { 200: pageSchema(auditEventSchema) },
    },
    config: { permission: "audit:read" },
    handler: async (req) => listAuditEvents(database.db, req.query, req.query),
  });
};
