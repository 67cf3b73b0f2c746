import { z } from "zod";
import { isoDateTime, text } from "../../http/schemas.js";
import { currencySchema } from "../catalog/price-list-schemas.js";
import { codeSchema } from "../locations/schemas.js";

export const CHANNEL_TYPES = ["web", "mobile", "pos", "call_center", "marketplace", "b2b", "kiosk"] as const;

export const channelSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    type: z.enum(CHANNEL_TYPES),
    currency: z.string(),
    price_list_id: z.string().nullable(),
    active: z.boolean(),
    location_ids: z.array(z.string()),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "Channel" });

const refs = z
  .array(z.string().min(1).max(64))
  .max(1000)
  .refine((a) => new Set(a).size === a.length, "Each location once")
  .describe("Location ids or codes allowed to serve this channel");

export const createChannelBody = z.strictObject({
  code: codeSchema,
  name: text(120).pipe(z.string().min(1)),
  type: z.enum(CHANNEL_TYPES),
  currency: currencySchema,
  price_list_id: z.string().min(1).max(64).nullable().optional().describe("Price list id or code"),
  location_ids: refs.optional(),
  active: z.boolean().optional(),
});

export const updateChannelBody = z.strictObject({
  name: text(120).pipe(z.string().min(1)).optional(),
  type: z.enum(CHANNEL_TYPES).optional(),
  currency: currencySchema.optional(),
  price_list_id: z.string().min(1).max(64).nullable().optional(),
  location_ids: refs.optional(),
  active: z.boolean().optional(),
});

export type CreateChannelInput = z.infer<typeof createChannelBody>;
export type UpdateChannelInput = z.infer<typeof updateChannelBody>;

export const channelRefParams = z.strictObject({ ref: z.string().min(1).max(64) });

export const priceLookupQuery = z.object({
  sku: z.string().min(1).max(64),
  quantity: z.coerce.number().int().min(1).max(1_000_000_000).default(1),
  at: isoDateTime.optional().describe("When (default: now)"),
});

export const priceLookupSchema = z
  .object({
    channel: z.string(),
    sku: z.string(),
    quantity: z.number().int(),
    at: z.string(),
    currency: z.string(),
    price_list_id: z.string(),
    unit_amount: z.number().int().describe("Unit price in minor units for this quantity tier"),
    amount: z.number().int().describe("unit_amount × quantity"),
  })
  .meta({ id: "PriceQuote" });
