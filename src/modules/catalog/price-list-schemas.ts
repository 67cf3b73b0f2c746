import { z } from "zod";
import { isCurrencyCode } from "../../domain/reference-codes.js";
import { isoDateTime, text } from "../../http/schemas.js";
import { codeSchema } from "../locations/schemas.js";

export const currencySchema = z
  .string()
  .max(3)
  .refine(isCurrencyCode, "Unknown currency: use an ISO 4217 code such as USD");

export const skuSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.\-/+#]{0,63}$/,
    "Use 1-64 letters, digits or _ . - / + #, starting with a letter or digit",
  );

export const priceListSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    currency: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "PriceList" });

export const createPriceListBody = z.strictObject({
  code: codeSchema,
  name: text(120).pipe(z.string().min(1)),
  currency: currencySchema,
});

export const updatePriceListBody = z.strictObject({
  name: text(120).pipe(z.string().min(1)).optional(),
  currency: currencySchema.optional(),
});

export const priceSchema = z
  .object({
    id: z.string(),
    price_list_id: z.string(),
    sku: z.string(),
    min_quantity: z.number().int(),
    amount: z.number().int(),
    valid_from: z.string().nullable(),
    valid_to: z.string().nullable(),
  })
  .meta({ id: "Price" });

const utc = isoDateTime.transform((v) => new Date(v).toISOString());

export const priceInput = z
  .strictObject({
    sku: skuSchema,
    amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe("Unit price in minor units"),
    min_quantity: z
      .number()
      .int()
      .min(1)
      .max(1_000_000_000)
      .default(1)
      .describe("Tier: applies from this quantity"),
    valid_from: utc.nullable().optional(),
    valid_to: utc.nullable().optional(),
  })
  .refine((p) => !p.valid_from || !p.valid_to || p.valid_from < p.valid_to, {
    message: "valid_to must be after valid_from",
    path: ["valid_to"],
  });

export type PriceInput = z.infer<typeof priceInput>;

export const setPricesBody = z.strictObject({
  prices: z
    .array(priceInput)
    .min(1)
    .max(5000)
    .superRefine((prices, ctx) => {
      const seen = new Set<string>();
      prices.forEach((p, i) => {
        const key = `${p.sku}|${p.min_quantity}|${p.valid_from ?? ""}`;
        if (seen.has(key))
          ctx.addIssue({
            code: "custom",
            message: "The same SKU, min_quantity and valid_from appear twice",
            path: [i, "min_quantity"],
          });
        seen.add(key);
      });
    }),
});

export const priceListRefParams = z.strictObject({ ref: z.string().min(1).max(64) });
export const priceListSkuParams = z.strictObject({
  ref: z.string().min(1).max(64),
  sku: z.string().min(1).max(64),
});

export const priceQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  sku: z.string().max(64).optional(),
});
