import { z } from "zod";
import { isValidEventPattern } from "../../domain/event-types.js";
import { isValidWebhookSecret } from "../../domain/webhook-signature.js";
import { pageQuerySchema } from "../../http/pagination.js";
import { text } from "../../http/schemas.js";

const eventPattern = z
  .string()
  .max(100)
  .refine(isValidEventPattern, "An event type (order.created), a prefix (order.*) or *");

export const endpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    event_types: z.array(z.string()),
    status: z.enum(["enabled", "disabled"]),
    disabled_reason: z.string().nullable(),
    failing_since: z.string().nullable(),
    consecutive_failures: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "WebhookEndpoint" });

export const createdEndpointSchema = endpointSchema
  .extend({ secret: z.string().describe("Signs every delivery; shown here and at …/secret") })
  .meta({ id: "CreatedWebhookEndpoint" });

const url = z.string().trim().max(2000);

export const createEndpointBody = z.strictObject({
  url,
  event_types: z.array(eventPattern).min(1).max(100),
  description: text(500).optional(),
  secret: z
    .string()
    .max(200)
    .refine(isValidWebhookSecret, "whsec_ followed by base64 of 24 to 64 bytes")
    .optional()
    .describe("Leave out to have one generated"),
});

export const updateEndpointBody = z.strictObject({
  url: url.optional(),
  event_types: z.array(eventPattern).min(1).max(100).optional(),
  description: text(500).nullable().optional(),
  status: z
    .enum(["enabled", "disabled"])
    .optional()
    .describe("Enabling again clears the failure count; pending deliveries resume"),
});

export const secretSchema = z.object({ secret: z.string() });

export const rotateSecretBody = z
  .strictObject({
    secret: z
      .string()
      .max(200)
      .refine(isValidWebhookSecret, "whsec_ followed by base64 of 24 to 64 bytes")
      .optional()
      .describe("Leave out to have one generated"),
    keep_previous_hours: z
      .number()
      .int()
      .min(0)
      .max(168)
      .default(24)
      .describe("How long the previous secret keeps signing beside the new one (0: stop at once)"),
  })
  .default({ keep_previous_hours: 24 });

export const rotatedSecretSchema = z.object({
  secret: z.string(),
  previous_secret_expires_at: z.string().nullable(),
});

export const attemptSchema = z.object({
  attempt: z.number().int(),
  attempted_at: z.string(),
  response_status: z.number().int().nullable(),
  duration_ms: z.number().int(),
  error: z.string().nullable(),
});

export const deliverySchema = z
  .object({
    id: z.string().describe("Also the webhook-id header"),
    endpoint_id: z.string(),
    event_id: z.string().nullable(),
    event_type: z.string(),
    status: z.enum(["pending", "succeeded", "dead"]),
    attempts: z.number().int(),
    next_attempt_at: z.string().nullable(),
    last_attempt_at: z.string().nullable(),
    last_response_status: z.number().int().nullable(),
    last_response_ms: z.number().int().nullable(),
    last_error: z.string().nullable(),
    delivered_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "WebhookDelivery" });

export const deliveryDetailSchema = deliverySchema
  .extend({ attempt_log: z.array(attemptSchema) })
  .meta({ id: "WebhookDeliveryDetail" });

export const deliveryQuery = pageQuerySchema.extend({
  endpoint_id: z.string().max(64).optional(),
  event_id: z.string().max(64).optional(),
  status: z.enum(["pending", "succeeded", "dead"]).optional(),
});
