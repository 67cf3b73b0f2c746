import { z } from "zod";
import { text } from "../../http/schemas.js";

/** A postal address as the API takes it; country, postal code and phone are checked in the service. */
export const addressBody = z.strictObject({
  name: text(120).optional(),
  company: text(120).optional(),
  line1: text(200).pipe(z.string().min(1, "Required")),
  line2: text(200).optional(),
  city: text(120).pipe(z.string().min(1, "Required")),
  region: text(80).optional(),
  postal_code: text(20).optional(),
  country: z
    .string()
    .trim()
    .length(2, "Must be an ISO 3166-1 alpha-2 country code")
    .transform((s) => s.toUpperCase()),
  phone: text(40).optional(),
});

export const addressSchema = z
  .object({
    name: z.string().optional(),
    company: z.string().optional(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    region: z.string().optional(),
    postal_code: z.string().optional(),
    country: z.string(),
    phone: z.string().optional(),
  })
  .meta({ id: "Address" });

export const customerAddressSchema = z.object({
  id: z.string(),
  label: z.string().nullable(),
  address: addressSchema,
  is_default_shipping: z.boolean(),
  is_default_billing: z.boolean(),
  created_at: z.string(),
});

export const customerSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    phone: z.string().nullable(),
    notes: z.string().nullable(),
    addresses: z.array(customerAddressSchema),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "Customer" });

export const createAddressBody = z.strictObject({
  label: text(60).optional(),
  address: addressBody,
  is_default_shipping: z.boolean().optional(),
  is_default_billing: z.boolean().optional(),
});

export const createCustomerBody = z.strictObject({
  email: z.string().trim().max(254),
  first_name: text(80).pipe(z.string().min(1, "Required")),
  last_name: text(80).pipe(z.string().min(1, "Required")),
  phone: text(40).optional(),
  notes: text(2000).optional(),
  addresses: z.array(createAddressBody).max(20).optional(),
});

export const updateCustomerBody = z.strictObject({
  first_name: text(80).pipe(z.string().min(1, "Required")).optional(),
  last_name: text(80).pipe(z.string().min(1, "Required")).optional(),
  phone: text(40).nullable().optional(),
  notes: text(2000).nullable().optional(),
});

export const customerListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  email: z.string().max(254).optional(),
  q: z.string().max(120).optional(),
});
