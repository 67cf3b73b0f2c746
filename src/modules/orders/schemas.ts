import { z } from "zod";
import { HOLD_TYPES, ORDER_ACTIONS, ORDER_STATUSES } from "../../domain/order.js";
import { text } from "../../http/schemas.js";
import { addressBody, addressSchema } from "../customers/schemas.js";

export const MAX_LINES = 100;
export const MAX_LINE_QUANTITY = 10_000;
export const MAX_UNIT_PRICE = 100_000_000;

const sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._\-/]+$/, "Letters, digits and . _ - / only");
const quantity = z.number().int("Must be a whole number").min(1).max(MAX_LINE_QUANTITY);
const tag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N} _:.-]+$/u, "Letters, digits, space, _ : . - only");

export const lineBody = z.strictObject({
  sku,
  quantity,
  unit_price: z.number().int().min(0).max(MAX_UNIT_PRICE).optional(),
  price_override_reason: text(200).pipe(z.string().min(1)).optional(),
});

export const fulfillmentKinds = ["ship", "pickup", "local_delivery", "digital"] as const;

/** How the order is paid: authorized right after capture; the order is held until it is. */
export const orderPaymentBody = z
  .strictObject({
    provider: z.string().trim().min(1).max(40).default("test"),
    /** The provider's payment-method token from the storefront (the test provider takes a test card number). */
    token: z.string().trim().min(1).max(200),
  })
  .meta({ id: "OrderPaymentInput" });
export type OrderPaymentInput = z.infer<typeof orderPaymentBody>;

export const createOrderBody = z.strictObject({
  channel: z.string().trim().min(1).max(64),
  external_ref: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .regex(/^[\x21-\x7E]+$/, "Printable ASCII without spaces")
    .optional(),
  customer_id: z.string().min(1).max(64).optional(),
  email: z.string().trim().max(254).optional(),
  phone: text(40).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "ISO 4217 code")
    .optional(),
  shipping_address: addressBody.optional(),
  billing_address: addressBody.optional(),
  lines: z.array(lineBody).min(1).max(MAX_LINES),
  promo_code: z.string().trim().min(1).max(40).optional(),
  requested_fulfillment: z.enum(fulfillmentKinds).default("ship"),
  pickup_location_id: z.string().min(1).max(64).optional(),
  requested_delivery_date: z.iso.date().optional(),
  notes: text(5000).optional(),
  tags: z.array(tag).max(20).optional(),
  draft: z.boolean().optional(),
  payment: orderPaymentBody.optional(),
});
export type CreateOrderInput = z.infer<typeof createOrderBody>;

export const editOrderBody = z.strictObject({
  expected_version: z.number().int().min(1).optional(),
  add_lines: z.array(lineBody).max(MAX_LINES).optional(),
  update_lines: z
    .array(
      z.strictObject({
        line_id: z.string().min(1).max(64),
        quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY),
      }),
    )
    .max(MAX_LINES)
    .optional(),
  remove_lines: z.array(z.string().min(1).max(64)).max(MAX_LINES).optional(),
  shipping_address: addressBody.optional(),
  billing_address: addressBody.optional(),
  notes: text(5000).optional(),
  tags: z.array(tag).max(20).optional(),
  reason: text(500).optional(),
});
export type EditOrderInput = z.infer<typeof editOrderBody>;

export const cancelOrderBody = z.strictObject({
  reason: text(500).pipe(z.string().min(1, "Required")),
  lines: z
    .array(
      z.strictObject({
        line_id: z.string().min(1).max(64),
        quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
      }),
    )
    .min(1)
    .max(MAX_LINES)
    .optional(),
});

export const holdBody = z.strictObject({
  type: z.enum(HOLD_TYPES),
  reason: text(500).pipe(z.string().min(1, "Required")),
});
export const releaseHoldBody = z.strictObject({ reason: text(500).pipe(z.string().min(1, "Required")) });
export const holdParams = z.strictObject({
  id: z.string().min(1).max(64),
  hold_id: z.string().min(1).max(64),
});

const quantities = {
  quantity: z.number().int(),
  pending: z.number().int(),
  committed: z.number().int(),
  backordered: z.number().int(),
  shipped: z.number().int(),
  delivered: z.number().int(),
  returned: z.number().int(),
  cancelled: z.number().int(),
};

export const orderLineSchema = z.object({
  id: z.string(),
  sku: z.string(),
  title: z
    .string()
    .describe(
      'What people read: the product title, then the variant title when it tells variants apart ("Trail Tent 2P — Green")',
    ),
  product_title: z
    .string()
    .describe(
      "The catalog product's title when the line was added ('' on lines older than this field whose SKU was gone)",
    ),
  variant_title: z
    .string()
    .nullable()
    .describe('The variant\'s title when the line was added; null when the catalog only called it "Default"'),
  ...quantities,
  preorder: z.boolean(),
  unit_price: z.number().int(),
  price_override_reason: z.string().nullable(),
  subtotal: z.number().int(),
  discount: z.number().int(),
  tax: z.number().int(),
  total: z.number().int(),
  location_id: z.string().nullable(),
  allocations: z.array(z.object({ location_id: z.string(), quantity: z.number().int() })),
});

export const holdSchema = z.object({
  id: z.string(),
  type: z.string(),
  reason: z.string(),
  source: z.enum(["rule", "agent", "payments"]),
  placed_by: z.string(),
  placed_at: z.string(),
  released_at: z.string().nullable(),
  released_by: z.string().nullable(),
  release_reason: z.string().nullable(),
});

export const totalsSchema = z.object({
  subtotal: z.number().int(),
  discount_total: z.number().int(),
  shipping_total: z.number().int(),
  tax_total: z.number().int(),
  grand_total: z.number().int(),
});

const orderBase = {
  id: z.string(),
  number: z.number().int(),
  channel_id: z.string(),
  external_ref: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  email: z.string(),
  phone: z.string().nullable(),
  customer_id: z.string().nullable(),
  customer_name: z.string().nullable(),
  currency: z.string(),
  totals: totalsSchema,
  on_hold: z.boolean(),
  requested_fulfillment: z.enum(fulfillmentKinds),
  pickup_location_id: z.string().nullable(),
  requested_delivery_date: z.string().nullable(),
  tags: z.array(z.string()),
  version: z.number().int(),
  placed_at: z.string().nullable(),
  cancelled_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
};

export const orderSummarySchema = z.object(orderBase).meta({ id: "OrderSummary" });

export const orderSchema = z
  .object({
    ...orderBase,
    shipping_address: addressSchema.nullable(),
    billing_address: addressSchema.nullable(),
    promo_code: z.string().nullable(),
    notes: z.string().nullable(),
    tax_rate_bps: z.number().int(),
    releasable_to_fulfillment: z.boolean(),
    allowed_actions: z.array(z.enum(ORDER_ACTIONS)).describe("What can be done with the order now"),
    fulfillment: z.object(quantities),
    lines: z.array(orderLineSchema),
    holds: z.array(holdSchema),
  })
  .meta({ id: "Order" });

export const timelineEntrySchema = z.object({
  id: z.string(),
  type: z.string(),
  message: z.string(),
  data: z.unknown().nullable(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string() }),
  request_id: z.string().nullable(),
  created_at: z.string(),
});

export const orderListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  number: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  email: z.string().max(254).optional(),
  customer_id: z.string().max(64).optional(),
  name: z.string().max(120).optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  channel: z.string().max(64).optional(),
  sku: z.string().max(64).optional(),
  tag: z.string().max(40).optional(),
  hold: z.union([z.enum(HOLD_TYPES), z.literal("any")]).optional(),
  created_from: z.iso.datetime({ offset: true }).optional(),
  created_to: z.iso.datetime({ offset: true }).optional(),
  external_ref: z.string().max(120).optional(),
});
