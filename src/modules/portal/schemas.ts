import { z } from "zod";

export const trackingLookupBody = z.strictObject({
  number: z.string().trim().min(1).max(40),
  email: z.string().trim().min(3).max(254),
});

const step = z.object({
  key: z.string(),
  label: z.string(),
  state: z.enum(["done", "current", "upcoming", "skipped"]),
  at: z.string().nullable(),
});

/** What a customer may see of their own order: no internal ids, notes, holds' reasons or staff. */
export const trackingViewSchema = z
  .object({
    number: z.string(),
    status: z.string().describe("Customer-facing status"),
    status_label: z.string(),
    placed_at: z.string(),
    currency: z.string(),
    steps: z.array(step),
    items: z.array(
      z.object({
        sku: z.string(),
        name: z.string().describe('What the item is called: "Product — Variant"'),
        product_title: z.string(),
        variant_title: z.string().nullable().describe("Null when the product has no variants to tell apart"),
        quantity: z.number().int(),
        unit_price: z.number().int(),
        total: z.number().int(),
      }),
    ),
    totals: z.object({
      subtotal: z.number().int(),
      discount: z.number().int(),
      shipping: z.number().int(),
      tax: z.number().int(),
      total: z.number().int(),
    }),
    ship_to: z
      .object({ city: z.string().nullable(), region: z.string().nullable(), country: z.string() })
      .nullable(),
    eta: z.string().nullable(),
    shipments: z.array(
      z.object({
        carrier: z.string().nullable(),
        tracking_number: z.string().nullable(),
        tracking_url: z.string().nullable(),
        status: z.string(),
        shipped_at: z.string().nullable(),
        delivered_at: z.string().nullable(),
        eta: z.string().nullable(),
        items: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
      }),
    ),
    events: z.array(z.object({ at: z.string(), label: z.string() })),
  })
  .meta({ id: "TrackingView" });

export type TrackingView = z.infer<typeof trackingViewSchema>;
