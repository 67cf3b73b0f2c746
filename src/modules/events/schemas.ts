import { z } from "zod";
import { isValidEventPattern } from "../../domain/event-types.js";
import { pageQuerySchema } from "../../http/pagination.js";
import { isoDateTime } from "../../http/schemas.js";

export const eventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    resource_type: z.string(),
    resource_id: z.string(),
    data: z.unknown(),
    actor_type: z.string(),
    actor_id: z.string().nullable(),
    request_id: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: "Event" });

export const eventQuery = pageQuerySchema.extend({
  type: z
    .string()
    .max(100)
    .refine((t) => t !== "*" && isValidEventPattern(t), "An event type, or a prefix ending in .* (order.*)")
    .optional()
    .describe("`order.created`, or every type under a prefix: `order.*`"),
  resource_type: z.string().max(64).optional(),
  resource_id: z.string().max(64).optional(),
  created_after: isoDateTime.optional().describe("inclusive"),
  created_before: isoDateTime.optional().describe("exclusive"),
  order: z.enum(["asc", "desc"]).default("desc").describe("`asc` replays from the oldest"),
});

const count = z.number().int();
export const deliveryStatusSchema = z
  .object({
    outbox: z.object({ pending_fan_out: count, oldest_pending_at: z.string().nullable() }),
    webhooks: z.object({
      pending: count,
      due: count,
      oldest_due_at: z.string().nullable(),
      dead: count,
      endpoints_disabled: count,
    }),
    notifications: z.object({ pending: count, failed: count, stored: count }),
    bus: z.object({ enabled: z.boolean(), pending: count, dead: count }),
  })
  .meta({ id: "DeliveryStatus" });

export const eventTypesSchema = z.object({
  data: z.array(
    z.object({
      type: z.string(),
      resource: z.string().describe("What the event's `resource.id` names"),
      summary: z.string(),
      data_schema: z.record(z.string(), z.unknown()).describe("JSON Schema of the event's `data`"),
    }),
  ),
});
