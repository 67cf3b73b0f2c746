import { z } from "zod";
import { PAYMENT_STATUSES, TRANSACTION_KINDS, TRANSACTION_STATES } from "../../domain/payments/ledger.js";
import { orderPaymentBody } from "../orders/schemas.js";

const money = z.number().int().describe("Minor units of the currency");
const reason = z.string().trim().min(1).max(500);

const summaryShape = {
  authorized: money.describe("Authorized and not yet captured or released"),
  authorize_pending: money,
  charged: money.describe("Captured, gross of refunds"),
  charge_pending: money,
  refunded: money,
  refund_pending: money,
  canceled: money.describe("Authorization released without capturing"),
  cancel_pending: money,
};

export const transactionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(TRANSACTION_KINDS),
    state: z.enum(TRANSACTION_STATES).describe("A request to the provider, or its answer"),
    amount: money,
    currency: z.string(),
    answers: z.string().nullable().describe("For an answer: the request it answers"),
    psp_reference: z.string().nullable(),
    reference_type: z.string().nullable(),
    reference_id: z.string().nullable(),
    reason: z.string().nullable(),
    failure_code: z.string().nullable(),
    actor_type: z.string(),
    actor_id: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: "PaymentTransaction" });

export const paymentSchema = z
  .object({
    id: z.string(),
    order_id: z.string(),
    provider: z.string(),
    display: z.string().describe('What people see, e.g. "visa •••• 4242"'),
    currency: z.string(),
    psp_reference: z.string().nullable(),
    ...summaryShape,
    transactions: z.array(transactionSchema),
    created_at: z.string(),
  })
  .meta({ id: "Payment" });

export const orderPaymentsSchema = z
  .object({
    order_id: z.string(),
    currency: z.string(),
    order_total: money,
    payment_status: z.enum(PAYMENT_STATUSES),
    ...summaryShape,
    net_paid: money.describe("Σ captures − Σ refunds"),
    payments: z.array(paymentSchema),
  })
  .meta({ id: "OrderPayments" });

/** A `payment.*` event: the payment after the change, and the request it concerns. */
export const paymentEventSchema = paymentSchema.extend({ transaction_id: z.string() });

export const addPaymentBody = orderPaymentBody.extend({
  amount: money.min(1).optional().describe("Default: what the order's other payments do not cover"),
});

export const refundBody = z.strictObject({ amount: money.min(1), reason });
export const captureBody = z.strictObject({ amount: money.min(1).optional() }).optional();
export const voidBody = z.strictObject({ reason: reason.optional() }).optional();

export const verificationSchema = z.object({
  payments_checked: z.number().int(),
  problems: z.array(z.object({ payment_id: z.string(), order_id: z.string(), problem: z.string() })),
});

export const webhookResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  unknown: z.number().int(),
});
