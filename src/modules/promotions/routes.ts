import { z } from "zod";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageQuerySchema, pageSchema } from "../../http/pagination.js";
import { idParams, isoDateTime, text } from "../../http/schemas.js";
import * as promos from "./service.js";

const promoSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    kind: z.enum(["percentage", "fixed", "free_shipping"]),
    value: z.number().int(),
    currency: z.string().nullable(),
    skus: z.array(z.string()),
    min_subtotal: z.number().int(),
    starts_at: z.string().nullable(),
    ends_at: z.string().nullable(),
    usage_limit: z.number().int().nullable(),
    used_count: z.number().int(),
    active: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "PromoCode" });

const createPromoBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,40}$/, "2 to 40 letters, digits, - or _"),
  kind: z.enum(["percentage", "fixed", "free_shipping"]),
  value: z.number().int().min(0).max(100_000_000).default(0),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  skus: z.array(z.string().max(64)).max(1000).optional(),
  min_subtotal: z.number().int().min(0).max(1_000_000_000).optional(),
  starts_at: isoDateTime.optional(),
  ends_at: isoDateTime.optional(),
  usage_limit: z.number().int().min(1).max(1_000_000_000).optional(),
});

const taxRateSchema = z
  .object({
    id: z.string(),
    country: z.string(),
    region: z.string(),
    rate_bps: z.number().int(),
    name: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "TaxRate" });

const taxRateBody = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2"),
  region: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,10}$/)
    .optional(),
  rate_bps: z.number().int().min(0).max(10_000),
  name: text(80).pipe(z.string().min(1)),
});

export const promotionRoutes: ModuleRoutes = (app, { database }) => {
  const { db } = database;

  app.get("/v1/promo_codes", {
    schema: {
      tags: ["promotions"],
      summary: "List promo codes",
      querystring: pageQuerySchema,
      response: { 200: pageSchema(promoSchema) },
    },
    config: { permission: "settings:read" },
    handler: async (req) => promos.listPromoCodes(db, req.query),
  });

  app.post("/v1/promo_codes", {
    schema: {
      tags: ["promotions"],
      summary: "Create a promo code (percentage in basis points, fixed in minor units, or free shipping)",
      body: createPromoBody,
      response: { 201: promoSchema },
    },
    config: { permission: "settings:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => promos.createPromoCode(tx, contextOf(req), req.body)),
  });

  app.get("/v1/promo_codes/:id", {
    schema: {
      tags: ["promotions"],
      summary: "One promo code",
      params: idParams,
      response: { 200: promoSchema },
    },
    config: { permission: "settings:read" },
    handler: async (req) => promos.getPromoCode(db, req.params.id),
  });

  app.get("/v1/tax_rates", {
    schema: {
      tags: ["promotions"],
      summary: "Tax rates by country and region",
      response: { 200: z.object({ data: z.array(taxRateSchema) }) },
    },
    config: { permission: "settings:read" },
    handler: async () => ({ data: await promos.listTaxRates(db) }),
  });

  app.put("/v1/tax_rates", {
    schema: {
      tags: ["promotions"],
      summary: "Set the tax rate of a country or one of its regions",
      body: taxRateBody,
      response: { 200: taxRateSchema },
    },
    config: { permission: "settings:write" },
    handler: async (req) => promos.upsertTaxRate(db, contextOf(req), req.body),
  });
};
