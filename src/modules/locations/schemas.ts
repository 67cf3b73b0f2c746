import { z } from "zod";
import { canonicalTimeZone, isCountryCode } from "../../domain/reference-codes.js";
import { text } from "../../http/schemas.js";

/** Short stable codes people and integrations use instead of ids (`wh-reno`, `web`). */
export const codeSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    "Use 1-64 letters, digits, `_`, `.` or `-`, starting with a letter or digit",
  );

export const countrySchema = z
  .string()
  .max(8)
  .trim()
  .refine(isCountryCode, "Unknown country: use an ISO 3166-1 alpha-2 code such as US");

export const timeZoneSchema = z
  .string()
  .trim()
  .max(64)
  .refine((v) => canonicalTimeZone(v) !== null, "Unknown time zone: use an IANA name such as America/Chicago")
  .transform((v) => canonicalTimeZone(v) as string);

export const LOCATION_TYPES = ["warehouse", "store", "dropship"] as const;
export const CAPABILITIES = ["ship", "pickup", "local_delivery", "returns"] as const;

export const locationSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    type: z.enum(LOCATION_TYPES),
    address_line1: z.string().nullable(),
    address_line2: z.string().nullable(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    postal_code: z.string().nullable(),
    country: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    capabilities: z.array(z.enum(CAPABILITIES)),
    time_zone: z.string(),
    processing_days: z.number().int(),
    cutoff_hour: z.number().int(),
    daily_capacity: z.number().int().nullable(),
    priority: z.number().int(),
    active: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "Location" });

const optionalText = (max: number) => text(max).nullable().optional();

const locationFields = {
  name: text(120).pipe(z.string().min(1)),
  type: z.enum(LOCATION_TYPES),
  address_line1: optionalText(200),
  address_line2: optionalText(200),
  city: optionalText(120),
  region: optionalText(120),
  postal_code: optionalText(20),
  country: countrySchema,
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  capabilities: z
    .array(z.enum(CAPABILITIES))
    .max(CAPABILITIES.length)
    .refine((c) => new Set(c).size === c.length, "Each capability once")
    .optional(),
  time_zone: timeZoneSchema.optional(),
  processing_days: z.number().int().min(0).max(60).optional(),
  cutoff_hour: z.number().int().min(0).max(24).optional(),
  daily_capacity: z.number().int().min(0).max(10_000_000).nullable().optional(),
  priority: z.number().int().min(0).max(1_000_000).optional(),
  active: z.boolean().optional(),
};

const coordinatesTogether = (v: {
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
}) =>
  (v.latitude === undefined || v.latitude === null) === (v.longitude === undefined || v.longitude === null);

export const createLocationBody = z
  .strictObject({ code: codeSchema, ...locationFields })
  .refine(coordinatesTogether, { message: "Give latitude and longitude together", path: ["longitude"] });

export const updateLocationBody = z
  .strictObject({
    ...locationFields,
    name: locationFields.name.optional(),
    type: locationFields.type.optional(),
    country: countrySchema.optional(),
  })
  .refine(coordinatesTogether, { message: "Give latitude and longitude together", path: ["longitude"] });

export type CreateLocationInput = z.infer<typeof createLocationBody>;
export type UpdateLocationInput = z.infer<typeof updateLocationBody>;

export const locationListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  type: z.enum(LOCATION_TYPES).optional(),
  active: z.enum(["true", "false"]).optional(),
  capability: z.enum(CAPABILITIES).optional(),
});

export const locationRefParams = z.strictObject({ ref: z.string().min(1).max(64) });
