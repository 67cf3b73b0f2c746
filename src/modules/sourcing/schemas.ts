import { z } from "zod";
import { text } from "../../http/schemas.js";

export const FULFILLMENT_TYPES = ["ship", "pickup", "local_delivery", "digital"] as const;
export const SOURCING_LOCATION_TYPES = ["warehouse", "store", "dropship"] as const;

const nonNegative = (max: number) => z.number().min(0).max(max);

/** What a rule may set; every field is optional and falls back to the defaults. */
export const ruleSettingsSchema = z.strictObject({
  allowed_location_types: z
    .array(z.enum(SOURCING_LOCATION_TYPES))
    .min(1)
    .max(SOURCING_LOCATION_TYPES.length)
    .refine((v) => new Set(v).size === v.length, "Each type once")
    .optional(),
  /** Location id → priority (lower is preferred); overrides the location's own priority. */
  location_priorities: z
    .record(z.string().min(1).max(64), z.number().int().min(0).max(1_000_000))
    .refine((v) => Object.keys(v).length <= 1000, "At most 1000 locations")
    .optional(),
  /** Most locations (packages) one order may be split across. */
  max_splits: z.number().int().min(1).max(20).optional(),
  store_protection: z
    .strictObject({
      reserve_units: z.number().int().min(0).max(1_000_000).optional(),
      never_ship_last_unit: z.boolean().optional(),
      applies_to: z
        .array(z.enum(FULFILLMENT_TYPES))
        .max(FULFILLMENT_TYPES.length)
        .refine((v) => new Set(v).size === v.length, "Each type once")
        .optional(),
    })
    .optional(),
  cost_weights: z
    .strictObject({
      /** Multiplies carriers' shipping rates. */
      shipping: nonNegative(100).optional(),
      /** Multiplies the handling cost per package. */
      handling: nonNegative(100).optional(),
      /** Minor units per package beyond the first. */
      split_penalty: nonNegative(10_000_000).optional(),
      late_penalty_per_package: nonNegative(10_000_000).optional(),
      late_penalty_per_day: nonNegative(10_000_000).optional(),
    })
    .optional(),
  allow_cross_border: z.boolean().optional(),
  /** Local delivery reaches this far from the location. */
  local_delivery_radius_km: z.number().min(1).max(200).optional(),
  /** Pickup readiness: working minutes to pick and stage, store opening hours (local). */
  pickup_prep_minutes: z.number().int().min(0).max(10_080).optional(),
  store_open_hour: z.number().min(0).max(24).optional(),
  store_close_hour: z.number().min(0).max(24).optional(),
  /** Non-working days for promise dates, besides weekends. */
  holidays: z.array(z.iso.date()).max(400).optional(),
});

export type RuleSettings = z.infer<typeof ruleSettingsSchema>;

export const sourcingRuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    channel_id: z.string().nullable(),
    fulfillment_type: z.enum(FULFILLMENT_TYPES).nullable(),
    settings: ruleSettingsSchema,
    active: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "SourcingRule" });

export const createRuleBody = z.strictObject({
  name: text(120).pipe(z.string().min(1)),
  /** Channel id or code; absent or null: every channel. */
  channel_id: z.string().min(1).max(64).nullable().optional(),
  fulfillment_type: z.enum(FULFILLMENT_TYPES).nullable().optional(),
  settings: ruleSettingsSchema.default({}),
  active: z.boolean().optional(),
});

export const updateRuleBody = z.strictObject({
  name: text(120).pipe(z.string().min(1)).optional(),
  settings: ruleSettingsSchema.optional(),
  active: z.boolean().optional(),
});

export type CreateRuleInput = z.infer<typeof createRuleBody>;
export type UpdateRuleInput = z.infer<typeof updateRuleBody>;

export const effectiveQuery = z.object({
  channel: z.string().min(1).max(64).optional(),
  fulfillment_type: z.enum(FULFILLMENT_TYPES).default("ship"),
});

export const effectiveRuleSchema = z.object({
  rule_id: z.string().nullable(),
  channel_id: z.string().nullable(),
  fulfillment_type: z.enum(FULFILLMENT_TYPES),
  settings: z.object({
    allowed_location_types: z.array(z.enum(SOURCING_LOCATION_TYPES)),
    location_priorities: z.record(z.string(), z.number()),
    max_splits: z.number(),
    store_protection: z.object({
      reserve_units: z.number(),
      never_ship_last_unit: z.boolean(),
      applies_to: z.array(z.enum(FULFILLMENT_TYPES)),
    }),
    cost_weights: z.object({
      shipping: z.number(),
      handling: z.number(),
      split_penalty: z.number(),
      late_penalty_per_package: z.number(),
      late_penalty_per_day: z.number(),
    }),
    allow_cross_border: z.boolean(),
    local_delivery_radius_km: z.number(),
    pickup_prep_minutes: z.number(),
    store_open_hour: z.number(),
    store_close_hour: z.number(),
    holidays: z.array(z.string()),
  }),
});

export const ruleListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  channel_id: z.string().max(64).optional(),
});
