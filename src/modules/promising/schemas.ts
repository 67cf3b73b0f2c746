import { z } from "zod";
import { countrySchema } from "../locations/schemas.js";
import { slotSchema } from "../scheduling/schemas.js";

export const promiseBody = z
  .strictObject({
    /** Channel code or id: its locations and rules apply. */
    channel: z.string().min(1).max(64),
    lines: z
      .array(
        z.strictObject({ sku: z.string().min(1).max(100), quantity: z.number().int().min(1).max(100_000) }),
      )
      .min(1)
      .max(100),
    destination: z
      .strictObject({
        country: countrySchema,
        postal_code: z.string().trim().max(20).optional(),
        latitude: z.number().min(-90).max(90).optional(),
        longitude: z.number().min(-180).max(180).optional(),
      })
      .optional(),
    /** How many pickup stores to offer (the nearest that can have everything). */
    pickup_stores: z.number().int().min(0).max(20).default(3),
    /** Date the customer needs the goods by, `YYYY-MM-DD` (dates after it are marked late). */
    requested_date: z.iso.date().optional(),
  })
  .refine((b) => (b.destination?.latitude === undefined) === (b.destination?.longitude === undefined), {
    message: "Give latitude and longitude together",
    path: ["destination", "longitude"],
  });

export type PromiseInput = z.infer<typeof promiseBody>;

const lineAvailability = z.object({
  sku: z.string(),
  quantity: z.number().int(),
  available_quantity: z.number().int(),
  available: z.boolean(),
});

export const deliveryOptionSchema = z.object({
  type: z.enum(["ship_standard", "ship_express", "local_delivery", "pickup", "digital"]),
  fulfillment_type: z.enum(["ship", "local_delivery", "pickup", "digital"]),
  /** Every line can be had in full this way. */
  available: z.boolean(),
  lines: z.array(lineAvailability),
  location_ids: z.array(z.string()),
  packages: z.number().int(),
  ship_date: z.string().nullable(),
  /** Latest package's delivery date (ship, local delivery). */
  earliest_delivery_date: z.string().nullable(),
  /** Pickup: when the order will be ready at the store (ISO 8601 UTC). */
  ready_by: z.string().nullable(),
  location: z
    .object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      distance_km: z.number(),
      city: z.string().nullable(),
    })
    .nullable(),
  /** The plan's cost to the merchant (minor units of the rate chart), for ranking. */
  cost: z.number().nullable(),
  /** Why the option is not available. */
  reason: z.string().nullable(),
  /** Local delivery: the next bookable delivery slots of the store (hold one with POST /v1/slot_holds). */
  delivery_slots: z.array(slotSchema).optional(),
});

export const promiseResponse = z
  .object({
    destination: z
      .object({ lat: z.number(), lon: z.number(), country: z.string(), precision: z.string() })
      .nullable(),
    computed_at: z.string(),
    unknown_skus: z.array(z.string()),
    options: z.array(deliveryOptionSchema),
  })
  .meta({ id: "Promise" });
