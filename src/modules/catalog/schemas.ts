import { z } from "zod";
import { gtinMessage } from "../../domain/gtin.js";
import { text } from "../../http/schemas.js";
import { skuSchema } from "./price-list-schemas.js";

export const BACKORDER_POLICIES = ["deny", "allow", "preorder"] as const;
export const PRODUCT_STATUSES = ["active", "archived"] as const;

export const barcodeSchema = z.string().superRefine((code, ctx) => {
  const message = gtinMessage(code);
  if (message) ctx.addIssue({ code: "custom", message });
});

/** A date (`2026-12-01`) or a date-time with offset, stored as ISO 8601 UTC. */
export const dateOrDateTime = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((v) => new Date(v).toISOString());

export const componentSchema = z.strictObject({
  sku: skuSchema,
  quantity: z.number().int("A whole number").min(1, "At least 1").max(10_000),
});

const options = z
  .record(text(40).pipe(z.string().min(1)), text(100).pipe(z.string().min(1)))
  .refine((o) => Object.keys(o).length <= 10, "At most 10 options");

const mm = z.number().int().min(0).max(100_000).nullable().optional();

const variantFields = {
  title: text(200).pipe(z.string().min(1)).optional(),
  options: options.optional(),
  barcode: barcodeSchema.nullable().optional(),
  weight_grams: z.number().int().min(0).max(10_000_000).optional(),
  length_mm: mm,
  width_mm: mm,
  height_mm: mm,
  track_inventory: z.boolean().optional(),
  backorder_policy: z.enum(BACKORDER_POLICIES).optional(),
  available_from: dateOrDateTime.nullable().optional(),
  components: z
    .array(componentSchema)
    .max(100)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((c, i) => {
        if (seen.has(c.sku))
          ctx.addIssue({ code: "custom", message: "Component named twice", path: [i, "sku"] });
        seen.add(c.sku);
      });
    })
    .optional()
    .describe(
      "For a kit / bundle: the component SKUs and quantities per kit; empty or absent for a plain SKU",
    ),
};

const preorderNeedsDate = (v: {
  backorder_policy?: string | undefined;
  available_from?: string | null | undefined;
}) => v.backorder_policy !== "preorder" || !!v.available_from;
const preorderIssue = { message: "A preorder needs available_from", path: ["available_from"] };

export const variantInput = z
  .strictObject({ sku: skuSchema, ...variantFields, status: z.enum(PRODUCT_STATUSES).optional() })
  .refine(preorderNeedsDate, preorderIssue);
export type VariantInput = z.infer<typeof variantInput>;

export const updateVariantBody = z.strictObject({
  ...variantFields,
  status: z.enum(PRODUCT_STATUSES).optional(),
});
export type UpdateVariantInput = z.infer<typeof updateVariantBody>;

const tags = z.array(text(60).pipe(z.string().min(1))).max(50);
const handle = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, "Lower-case letters, digits and dashes, up to 100");

export const createProductBody = z.strictObject({
  handle: handle.optional(),
  title: text(200).pipe(z.string().min(1)),
  description: text(5000).nullable().optional(),
  vendor: text(120).nullable().optional(),
  product_type: text(120).nullable().optional(),
  tags: tags.optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
  variants: z
    .array(variantInput)
    .min(1, "A product has at least one variant")
    .max(250)
    .superRefine((list, ctx) => {
      const skus = new Set<string>();
      const barcodes = new Set<string>();
      list.forEach((v, i) => {
        if (skus.has(v.sku))
          ctx.addIssue({ code: "custom", message: `SKU ${v.sku} twice`, path: [i, "sku"] });
        skus.add(v.sku);
        if (v.barcode) {
          if (barcodes.has(v.barcode))
            ctx.addIssue({ code: "custom", message: `Barcode ${v.barcode} twice`, path: [i, "barcode"] });
          barcodes.add(v.barcode);
        }
      });
    }),
});
export type CreateProductInput = z.infer<typeof createProductBody>;

export const updateProductBody = z.strictObject({
  handle: handle.nullable().optional(),
  title: text(200).pipe(z.string().min(1)).optional(),
  description: text(5000).nullable().optional(),
  vendor: text(120).nullable().optional(),
  product_type: text(120).nullable().optional(),
  tags: tags.optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
});
export type UpdateProductInput = z.infer<typeof updateProductBody>;

export const variantSchema = z
  .object({
    id: z.string(),
    product_id: z.string(),
    sku: z.string(),
    title: z.string(),
    options: z.record(z.string(), z.string()),
    barcode: z.string().nullable(),
    weight_grams: z.number().int(),
    length_mm: z.number().int().nullable(),
    width_mm: z.number().int().nullable(),
    height_mm: z.number().int().nullable(),
    track_inventory: z.boolean(),
    backorder_policy: z.enum(BACKORDER_POLICIES),
    available_from: z.string().nullable(),
    is_kit: z.boolean(),
    components: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
    status: z.enum(PRODUCT_STATUSES),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "Variant" });

export const productSchema = z
  .object({
    id: z.string(),
    handle: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    vendor: z.string().nullable(),
    product_type: z.string().nullable(),
    tags: z.array(z.string()),
    status: z.enum(PRODUCT_STATUSES),
    created_at: z.string(),
    updated_at: z.string(),
    variants: z.array(variantSchema),
  })
  .meta({ id: "Product" });

export const productListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("Matches a SKU or barcode (exact or prefix) or the title"),
  status: z.enum(PRODUCT_STATUSES).optional(),
  vendor: z.string().max(120).optional(),
  product_type: z.string().max(120).optional(),
});

export const variantListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  sku: z.string().max(2000).optional().describe("One SKU or several separated by commas"),
  barcode: z.string().max(20).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  product_id: z.string().max(64).optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
  is_kit: z.enum(["true", "false"]).optional(),
});

export const refParams = z.strictObject({ ref: z.string().min(1).max(100) });

export const deletionSchema = z.object({
  id: z.string(),
  outcome: z.enum(["deleted", "archived"]).describe("Archived when something still refers to it"),
});
