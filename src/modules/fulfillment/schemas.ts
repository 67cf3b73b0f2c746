import { z } from "zod";
import {
  FULFILLMENT_ORDER_ACTIONS,
  FULFILLMENT_ORDER_STATUSES,
  type FulfillmentOrderAction,
} from "../../domain/fulfillment-order.js";
import { text } from "../../http/schemas.js";

export const fulfillmentOrderLineSchema = z.object({
  order_line_id: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  fulfilled_quantity: z.number().int(),
  picked_quantity: z.number().int().describe("Scanned off the shelf, not shipped yet"),
  shortage_quantity: z.number().int(),
});

export const fulfillmentOrderSchema = z
  .object({
    id: z.string(),
    order_id: z.string(),
    location_id: z.string().nullable(),
    fulfillment_type: z.enum(["ship", "pickup", "local_delivery", "digital"]),
    status: z.enum(FULFILLMENT_ORDER_STATUSES),
    promised_ship_date: z.string().nullable(),
    promised_delivery_date: z.string().nullable(),
    sourcing_decision_id: z.string().nullable(),
    reason: z.string().nullable(),
    version: z.number().int(),
    lines: z.array(fulfillmentOrderLineSchema),
    allowed_actions: z
      .array(z.enum(FULFILLMENT_ORDER_ACTIONS as [FulfillmentOrderAction, ...FulfillmentOrderAction[]]))
      .describe("What can be done with it now"),
    accepted_at: z.string().nullable(),
    fulfilled_at: z.string().nullable(),
    closed_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "FulfillmentOrder" });

export const foListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  location_id: z.string().max(64).optional(),
  status: z.enum(FULFILLMENT_ORDER_STATUSES).optional(),
  order_id: z.string().max(64).optional(),
});

export const emptyBody = z.strictObject({}).optional();

export const reasonBody = z.strictObject({ reason: text(500).pipe(z.string().min(1)) });

export const optionalReasonBody = z.strictObject({ reason: text(500).optional() }).optional();

export const shortageBody = z.strictObject({
  reason: text(500).optional(),
  lines: z
    .array(
      z.strictObject({
        order_line_id: z.string().min(1).max(64),
        sku: z.string().min(1).max(100).optional(),
        quantity: z.number().int().min(1).max(1_000_000),
      }),
    )
    .min(1)
    .max(500),
});

export const scanBody = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1)
    .max(100)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a scanner's control characters are refused
    .regex(/^[^\u0000-\u001f\u007f]+$/, "printable characters only")
    .describe("What the scanner read: the SKU or the variant's barcode (GTIN)"),
  quantity: z.number().int().min(1).max(10_000).optional(),
});

export const scanResultSchema = z
  .object({
    fulfillment_order: fulfillmentOrderSchema,
    order_line_id: z.string(),
    sku: z.string(),
    picked_quantity: z.number().int(),
    to_pick: z.number().int().describe("Units of this line still to pick"),
  })
  .meta({ id: "ScanResult" });

export type ShortageInput = z.infer<typeof shortageBody>;
