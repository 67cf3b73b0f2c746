import { z } from "zod";
import { SHIPMENT_ACTIONS, SHIPMENT_STATUSES, type ShipmentAction } from "../../domain/shipping/shipment.js";
import { TRACKING_STATUSES } from "../../domain/shipping/tracking.js";
import { text } from "../../http/schemas.js";

const id = z.string().min(1).max(64);
const mm = z.number().int().min(1).max(10_000);
const grams = z.number().int().min(1).max(1_000_000);
const isoInstant = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

export const packageTypeSchema = z
  .object({
    id: z.string(),
    location_id: z.string().nullable(),
    name: z.string(),
    length_mm: z.number().int(),
    width_mm: z.number().int(),
    height_mm: z.number().int(),
    tare_grams: z.number().int(),
    max_weight_grams: z.number().int(),
    active: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "PackageType" });

export const packageTypeBody = z.strictObject({
  location_id: id.nullable().optional().describe("Null or absent: offered at every location"),
  name: text(100).pipe(z.string().min(1)),
  length_mm: mm,
  width_mm: mm,
  height_mm: mm,
  tare_grams: z.number().int().min(0).max(100_000),
  max_weight_grams: grams,
});

export const packageTypePatch = packageTypeBody.partial().extend({ active: z.boolean().optional() });

export const packageTypeQuery = z.object({ location_id: id.optional() });

const unitsSchema = z.object({ order_line_id: z.string(), sku: z.string(), quantity: z.number().int() });
const lineSchema = unitsSchema.extend({
  title: z
    .string()
    .describe("The line's name when packed: product title, and the variant's where it tells them apart"),
});

export const labelSchema = z
  .object({
    id: z.string(),
    carrier: z.string(),
    service: z.string(),
    service_name: z.string(),
    tracking_number: z.string(),
    amount: z.number().int().describe("Minor units of currency"),
    currency: z.string(),
    ship_date: z.string(),
    estimated_delivery_date: z.string(),
    status: z.enum(["active", "voided"]),
    created_at: z.string(),
    voided_at: z.string().nullable(),
  })
  .meta({ id: "ShippingLabel" });

export const trackingEventSchema = z
  .object({
    id: z.string(),
    carrier: z.string(),
    carrier_event_id: z.string(),
    tracking_number: z.string().nullable(),
    status: z.enum(TRACKING_STATUSES),
    happened_at: z.string(),
    message: z.string().nullable(),
    city: z.string().nullable(),
    estimated_delivery_at: z.string().nullable(),
    source: z.enum(["carrier", "api"]),
    created_at: z.string(),
  })
  .meta({ id: "TrackingEvent" });

export const shipmentSchema = z
  .object({
    id: z.string(),
    fulfillment_order_id: z.string(),
    order_id: z.string(),
    location_id: z.string(),
    fulfillment_type: z.enum(["ship", "pickup", "local_delivery"]),
    status: z.enum(SHIPMENT_STATUSES),
    package_type_id: z.string().nullable(),
    length_mm: z.number().int().nullable(),
    width_mm: z.number().int().nullable(),
    height_mm: z.number().int().nullable(),
    weight_grams: z.number().int(),
    carrier: z.string().nullable(),
    service: z.string().nullable(),
    tracking_number: z.string().nullable(),
    tracking_url: z.string().nullable(),
    promised_delivery_date: z.string().nullable(),
    service_estimate: z.string().nullable(),
    eta: z.string().nullable().describe("Current estimated delivery date (YYYY-MM-DD)"),
    tracking_status: z.enum(TRACKING_STATUSES).nullable(),
    last_event_at: z.string().nullable(),
    shipped_at: z.string().nullable(),
    delivered_at: z.string().nullable(),
    version: z.number().int(),
    lines: z.array(lineSchema),
    labels: z.array(labelSchema).describe("Every label bought for it, voided ones included"),
    tracking_events: z.array(trackingEventSchema).describe("Oldest first, by when they happened"),
    allowed_actions: z.array(z.enum(SHIPMENT_ACTIONS as [ShipmentAction, ...ShipmentAction[]])),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "Shipment" });

export const shipmentListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  location_id: id.optional(),
  order_id: id.optional(),
  fulfillment_order_id: id.optional(),
  status: z.enum(SHIPMENT_STATUSES).optional(),
  tracking_number: z.string().max(64).optional(),
});

export const packBody = z.strictObject({
  package_type_id: id.optional().describe("The box; absent: the suggested one, or dimensions given"),
  length_mm: mm.optional(),
  width_mm: mm.optional(),
  height_mm: mm.optional(),
  weight_grams: grams.optional().describe("Weighed on the scale; absent: variants' weights + the box's tare"),
  lines: z
    .array(
      z.strictObject({
        order_line_id: id,
        sku: z.string().min(1).max(100),
        quantity: z.number().int().min(1).max(100_000),
      }),
    )
    .min(1)
    .max(500),
});
export type PackInput = z.infer<typeof packBody>;

export const suggestionSchema = z
  .object({
    package_type: packageTypeSchema.nullable(),
    items_weight_grams: z.number().int(),
    total_weight_grams: z.number().int().nullable(),
    fill_ratio: z.number().nullable(),
    lines: z.array(unitsSchema).describe("What is still to pack"),
  })
  .meta({ id: "PackageSuggestion" });

export const rateSchema = z
  .object({
    carrier: z.string(),
    service: z.string(),
    service_name: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    ship_date: z.string(),
    estimated_delivery_date: z.string(),
    transit_days: z.number().int(),
    meets_promise: z.boolean().nullable(),
    chosen: z.boolean().describe("The one rate shopping picks: cheapest that meets the promise"),
  })
  .meta({ id: "ShippingRate" });

export const labelBody = z
  .strictObject({
    carrier: z.string().min(1).max(64).optional(),
    service: z.string().min(1).max(64).optional().describe("Absent: rate shopping chooses"),
  })
  .optional();

export const labelFormatQuery = z.object({ format: z.enum(["pdf", "zpl"]).default("pdf") });

export const trackingEventBody = z.strictObject({
  status: z.enum(TRACKING_STATUSES),
  happened_at: isoInstant.optional(),
  carrier_event_id: z.string().min(1).max(128).optional().describe("Same id twice is stored once"),
  message: text(500).optional(),
  city: text(100).optional(),
  estimated_delivery_at: z.union([isoDate, isoInstant]).optional(),
});
export type TrackingEventInput = z.infer<typeof trackingEventBody>;

export const shipBody = z
  .strictObject({
    tracking: z
      .strictObject({
        carrier: z
          .string()
          .min(1)
          .max(64)
          .regex(/^[A-Za-z0-9_. -]+$/),
        number: z
          .string()
          .min(4)
          .max(64)
          .regex(/^[A-Za-z0-9-]+$/),
        url: z
          .url({ protocol: /^https?$/ })
          .max(2000)
          .optional(),
      })
      .optional()
      .describe("A label bought outside Ordo; absent: the label bought here"),
  })
  .optional();

export const handOverBody = z.strictObject({
  order_number: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  name: text(200).optional().describe("The customer's last name as on the order"),
  pickup_code: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

export const exceptionSchema = z
  .object({
    shipment_id: z.string(),
    order_id: z.string(),
    fulfillment_order_id: z.string(),
    location_id: z.string(),
    tracking_number: z.string().nullable(),
    kind: z.enum(["late", "stuck", "failed_delivery"]),
    since: z.string(),
    age_hours: z.number(),
    detail: z.string(),
    actions: z.array(z.string()),
  })
  .meta({ id: "ShipmentException" });

export const exceptionsQuery = z.object({
  location_id: id.optional(),
  stuck_hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
});

export const pickListQuery = z.object({
  fulfillment_order_ids: z
    .string()
    .max(64 * 100)
    .transform((s) => [
      ...new Set(
        s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(id).min(1).max(100))
    .describe("Comma-separated: one fulfillment order, or a batch (wave) of up to 100"),
});

export const pickListSchema = z
  .object({
    location_id: z.string(),
    fulfillment_order_ids: z.array(z.string()),
    lines: z.array(
      z.object({
        bin: z.string().nullable(),
        sku: z.string(),
        product_title: z.string(),
        variant_title: z.string().nullable(),
        barcode: z.string().nullable(),
        quantity: z.number().int(),
        picks: z.array(
          z.object({
            fulfillment_order_id: z.string(),
            order_number: z.number().int(),
            quantity: z.number().int(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: "PickList" });

export const publicTrackingSchema = z
  .object({
    tracking_number: z.string(),
    carrier: z.string().nullable(),
    status: z.enum(SHIPMENT_STATUSES),
    tracking_status: z.enum(TRACKING_STATUSES).nullable(),
    display_status: z
      .string()
      .describe(
        "What to show the customer: the carrier's latest word past the label, else the package's status",
      ),
    eta: z.string().nullable(),
    shipped_at: z.string().nullable(),
    delivered_at: z.string().nullable(),
    events: z.array(
      z.object({
        status: z.enum(TRACKING_STATUSES),
        happened_at: z.string(),
        city: z.string().nullable(),
        message: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "PublicTracking" });
