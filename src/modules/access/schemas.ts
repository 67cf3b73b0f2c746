import { z } from "zod";
import { PERMISSIONS, ROLES } from "../../domain/permissions.js";
import { text } from "../../http/schemas.js";

export const roleSchema = z.enum(ROLES);

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    active: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "User" });

const password = z.string().min(10, "Use at least 10 characters").max(200);

export const createUserBody = z.strictObject({
  email: z.email().max(254),
  name: text(120).pipe(z.string().min(1)),
  role: roleSchema,
  password,
});

export const updateUserBody = z.strictObject({
  name: text(120).pipe(z.string().min(1)).optional(),
  role: roleSchema.optional(),
  active: z.boolean().optional(),
  password: password.optional(),
});

export const loginBody = z.strictObject({
  email: z.string().trim().max(254),
  password: z.string().max(200),
});

export const sessionSchema = z.object({ user: userSchema, expires_at: z.string() });

export const meSchema = z.object({
  type: z.enum(["user", "api_key", "system"]),
  id: z.string().nullable(),
  name: z.string(),
  role: roleSchema.nullable(),
  permissions: z.array(z.string()),
});

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.string()),
    created_by: z.string().nullable(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: "ApiKey" });

export const scopeSchema = z.enum(["*", ...PERMISSIONS]);

export const createApiKeyBody = z.strictObject({
  name: text(120).pipe(z.string().min(1)),
  scopes: z.array(scopeSchema).min(1).max(PERMISSIONS.length),
});

export const createdApiKeySchema = z.object({
  key: z.string().describe("The secret, shown only in this response"),
  api_key: apiKeySchema,
});
