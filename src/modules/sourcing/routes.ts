import { z } from "zod";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageSchema } from "../../http/pagination.js";
import { idParams } from "../../http/schemas.js";
import { getChannel } from "../channels/index.js";
import { getOrder } from "../orders/index.js";
import * as rules from "./rules.js";
import * as schemas from "./schemas.js";
import { orderSourcing } from "./service.js";

const costSchema = z.object({
  shipping: z.number(),
  handling: z.number(),
  split_penalty: z.number(),
  late_penalty: z.number(),
  total: z.number(),
});
const lineRef = z.object({ line_id: z.string(), sku: z.string(), quantity: z.number() });

export const sourcingDecisionSchema = z
  .object({
    id: z.string(),
    order_id: z.string(),
    trigger: z.string(),
    fulfillment_type: z.string(),
    rule_id: z.string().nullable(),
    destination: z
      .object({ lat: z.number(), lon: z.number(), country: z.string(), precision: z.string() })
      .nullable(),
    lines: z.array(lineRef),
    digital_lines: z.array(lineRef),
    excluded_location_ids: z.array(z.string()),
    chosen: z.object({
      location_ids: z.array(z.string()),
      package_count: z.number(),
      cost: costSchema,
      allocations: z.array(
        z.object({ line_id: z.string(), sku: z.string(), location_id: z.string(), quantity: z.number() }),
      ),
      packages: z.array(
        z.object({
          location_id: z.string(),
          weight_grams: z.number(),
          distance_km: z.number(),
          zone: z.string(),
          ship_date: z.string(),
          delivery_date: z.string(),
          late_days: z.number(),
          cost: costSchema,
        }),
      ),
      unfulfilled: z.array(lineRef),
    }),
    alternatives: z.array(
      z.object({
        name: z.string(),
        location_ids: z.array(z.string()),
        package_count: z.number(),
        unfulfilled_units: z.number(),
        cost: costSchema,
      }),
    ),
    candidates: z.array(
      z.object({
        location_id: z.string(),
        type: z.string(),
        distance_km: z.number(),
        zone: z.string(),
        coverable_units: z.number(),
        package_fixed_cost: z.number(),
        delivery_date: z.string(),
        chosen: z.boolean(),
      }),
    ),
    excluded: z.array(z.object({ location_id: z.string(), reason: z.string(), detail: z.string() })),
    solver: z.object({
      time_ms: z.number(),
      nodes_explored: z.number(),
      proven_optimal: z.boolean(),
      candidates_considered: z.number(),
      dropped_by_prefilter: z.number(),
    }),
    created_at: z.string(),
  })
  .meta({ id: "SourcingDecision" });

export const sourcingRoutes: ModuleRoutes = (app, { database }) => {
  const { db } = database;

  app.get("/v1/sourcing_rules", {
    schema: {
      tags: ["sourcing"],
      summary: "List sourcing rules (per channel and fulfillment type)",
      querystring: schemas.ruleListQuery,
      response: { 200: pageSchema(schemas.sourcingRuleSchema) },
    },
    config: { permission: "settings:read" },
    handler: async (req) => rules.listRules(db, req.query, req.query),
  });

  app.post("/v1/sourcing_rules", {
    schema: {
      tags: ["sourcing"],
      summary:
        "Create a sourcing rule; the most specific active rule (channel + type, channel, type, global) applies",
      body: schemas.createRuleBody,
      response: { 201: schemas.sourcingRuleSchema },
    },
    config: { permission: "settings:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => rules.createRule(tx, contextOf(req), req.body)),
  });

  app.get("/v1/sourcing_rules/effective", {
    schema: {
      tags: ["sourcing"],
      summary: "The settings sourcing uses for a channel and fulfillment type (rule over defaults)",
      querystring: schemas.effectiveQuery,
      response: { 200: schemas.effectiveRuleSchema },
    },
    config: { permission: "settings:read" },
    handler: async (req) => {
      const channelId = req.query.channel ? (await getChannel(db, req.query.channel)).id : null;
      return rules.resolveRule(db, channelId, req.query.fulfillment_type);
    },
  });

  app.get("/v1/sourcing_rules/:id", {
    schema: {
      tags: ["sourcing"],
      summary: "A sourcing rule",
      params: idParams,
      response: { 200: schemas.sourcingRuleSchema },
    },
    config: { permission: "settings:read" },
    handler: async (req) => rules.getRule(db, req.params.id),
  });

  app.patch("/v1/sourcing_rules/:id", {
    schema: {
      tags: ["sourcing"],
      summary: "Change a sourcing rule (settings are replaced as a whole)",
      params: idParams,
      body: schemas.updateRuleBody,
      response: { 200: schemas.sourcingRuleSchema },
    },
    config: { permission: "settings:write" },
    handler: async (req) => rules.updateRule(db, contextOf(req), req.params.id, req.body),
  });

  app.delete("/v1/sourcing_rules/:id", {
    schema: {
      tags: ["sourcing"],
      summary: "Delete a sourcing rule (the defaults, or a less specific rule, apply again)",
      params: idParams,
      response: { 204: z.null() },
    },
    config: { permission: "settings:write" },
    handler: async (req, reply) => {
      await rules.deleteRule(db, contextOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get("/v1/orders/:id/sourcing", {
    schema: {
      tags: ["sourcing"],
      summary:
        "Why the order is fulfilled where it is: every sourcing decision (capture, re-sourcing), newest first, with candidates, cost breakdowns, exclusions, the chosen plan and solver time",
      params: idParams,
      response: { 200: z.object({ data: z.array(sourcingDecisionSchema) }) },
    },
    config: { permission: "orders:read" },
    handler: async (req) => {
      await getOrder(db, req.params.id);
      return { data: await orderSourcing(db, req.params.id) };
    },
  });
};
