import { z } from "zod";
import { DISPOSITIONS, REFUND_METHODS, RETURN_STATUSES } from "../../domain/returns.js";

const money = z.number().int().describe("Minor units of the order's currency");
const id = z.string().trim().min(1).max(64);
const reason = z.string().trim().min(1).max(500);

export const returnReasonSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9_]+$/, "lower_snake_case"),
  label: z.string().trim().min(1).max(120),
  merchant_fault: z.boolean(),
});

export const returnPolicySchema = z
  .strictObject({
    window_days: z.number().int().min(0).max(3650),
    non_returnable_skus: z.array(z.string().trim().min(1).max(64)).max(1000),
    restocking_fee_bps: z.number().int().min(0).max(10_000).describe("Basis points of the returned value"),
    return_shipping_fee: money.min(0),
    requires_approval: z.boolean(),
    reasons: z.array(returnReasonSchema).min(1).max(50),
  })
  .meta({ id: "ReturnPolicy" });

const returnLineBody = z.strictObject({
  order_line_id: id,
  quantity: z.number().int().min(1).max(100_000),
  reason: z.string().trim().min(1).max(40),
  note: z.string().trim().max(1000).optional(),
  exchange_sku: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe("Send this variant instead: ordered (stock committed) as the return is created"),
});

const returnRequest = {
  lines: z.array(returnLineBody).min(1).max(200),
  refund_method: z.enum(REFUND_METHODS).optional(),
  note: z.string().trim().max(2000).optional(),
};

export const createReturnBody = z.strictObject({
  order_id: id,
  ...returnRequest,
  location_id: id.optional().describe("Where it will be received; default: where the order shipped from"),
});

export const portalReturnBody = z.strictObject({
  number: z.string().trim().min(1).max(20),
  email: z.string().trim().min(3).max(254),
  ...returnRequest,
});

export const portalLookupBody = z.strictObject({
  number: z.string().trim().min(1).max(20),
  email: z.string().trim().min(3).max(254),
});

export const patchReturnBody = z.strictObject({
  location_id: id.optional().describe("Where it will be received (a warehouse or a store)"),
  refund_method: z.enum(REFUND_METHODS).optional(),
  note: z.string().trim().max(2000).nullable().optional(),
});

export const decisionBody = z.strictObject({ reason: reason.optional() }).optional();

export const receiveBody = z.strictObject({
  location_id: id,
  lines: z
    .array(
      z.strictObject({
        order_line_id: id,
        quantity: z.number().int().min(0).max(100_000),
        disposition: z.enum(DISPOSITIONS),
      }),
    )
    .min(1)
    .max(200),
});

export const refundBody = z
  .strictObject({
    amount: money
      .min(0)
      .optional()
      .describe("Default: the computed refund; another amount needs payments:adjust"),
    reason: reason.optional(),
  })
  .optional();

export const refundBreakdownSchema = z.object({
  lines: z.array(
    z.object({
      order_line_id: z.string(),
      quantity: z.number().int(),
      value: money,
      restocking_fee: money,
    }),
  ),
  shipping: money,
  return_shipping_fee: money,
  total: money,
});

export const returnSchema = z
  .object({
    id: z.string(),
    reference: z.string().describe("R<order number>-<n>: on the parcel and on the phone"),
    order_id: z.string(),
    order_number: z.number().int(),
    channel_id: z.string(),
    email: z.string(),
    status: z.enum(RETURN_STATUSES),
    source: z.enum(["portal", "console", "api"]),
    refund_method: z.enum(REFUND_METHODS),
    location_id: z.string().nullable(),
    note: z.string().nullable(),
    carrier: z.string().nullable(),
    service: z.string().nullable(),
    tracking_number: z.string().nullable(),
    tracking_url: z.string().nullable(),
    label_cost: money.nullable(),
    refund_breakdown: refundBreakdownSchema.nullable(),
    refund_due: money.nullable(),
    refunded_amount: money.nullable(),
    refund_adjustment_reason: z.string().nullable(),
    decision_reason: z.string().nullable(),
    exchange_order_id: z.string().nullable(),
    version: z.number().int(),
    created_by: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    received_at: z.string().nullable(),
    refunded_at: z.string().nullable(),
    lines: z.array(
      z.object({
        order_line_id: z.string(),
        sku: z.string(),
        quantity: z.number().int(),
        reason: z.string(),
        note: z.string().nullable(),
        received_quantity: z.number().int(),
        disposition: z.enum(DISPOSITIONS).nullable(),
        exchange_sku: z.string().nullable(),
      }),
    ),
    allowed_actions: z.array(z.string()),
  })
  .meta({ id: "Return" });

/** What a customer sees of a return: status, lines, the refund — no internal notes or tokens. */
export const portalReturnSchema = returnSchema
  .pick({
    reference: true,
    status: true,
    refund_method: true,
    tracking_number: true,
    tracking_url: true,
    refund_due: true,
    refunded_amount: true,
    created_at: true,
    received_at: true,
    refunded_at: true,
    exchange_order_id: true,
    lines: true,
  })
  .meta({ id: "PortalReturn" });

export const portalReturnsSchema = z.object({
  order_number: z.number().int(),
  currency: z.string(),
  window_days: z.number().int(),
  reasons: z.array(returnReasonSchema),
  returnable: z.array(
    z.object({
      order_line_id: z.string(),
      sku: z.string(),
      title: z.string(),
      quantity: z.number().int().describe("Units that can still be returned"),
      returnable: z.boolean().describe("False for SKUs the policy does not take back"),
    }),
  ),
  returns: z.array(portalReturnSchema),
});

/** A `return.*` / `refund.issued` event: the return, the order it belongs to, what comes back. */
export const returnEventSchema = returnSchema.extend({
  order: z.object({
    id: z.string(),
    number: z.number().int(),
    email: z.string(),
    customer_name: z.string().nullable(),
  }),
  items: z.array(
    z.object({
      sku: z.string(),
      product_title: z.string().nullable(),
      variant_title: z.string().nullable(),
      quantity: z.number().int(),
    }),
  ),
  currency: z.string(),
  amount: money.nullable(),
  label_url: z.string().nullable(),
});

export const storeCreditSchema = z.object({
  email: z.string(),
  balances: z.array(z.object({ currency: z.string(), balance: money })),
});

export const returnListQuery = z.object({
  status: z.enum(RETURN_STATUSES).optional(),
  order_id: id.optional(),
  location_id: id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
