import { z } from "zod";
import { MAX_PASSWORD_LENGTH, passwordWeakness } from "../../domain/password-policy.js";
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

const password = z.string().max(MAX_PASSWORD_LENGTH);

/** Refuses a weak `password` (when present), judged with what else the body says about the user. */
function strongPassword(
  body: { password?: string | undefined; email?: string; name?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (body.password === undefined) return;
  const known = [body.email, body.name].filter((v): v is string => !!v);
  const weakness = passwordWeakness(body.password, known);
  if (weakness) ctx.addIssue({ code: "custom", path: ["password"], message: weakness });
}

const newUserFields = {
  email: z.email().max(254),
  name: text(120).pipe(z.string().min(1)),
  password,
};

export const createUserBody = z
  .strictObject({ ...newUserFields, role: roleSchema })
  .superRefine(strongPassword);

export const updateUserBody = z
  .strictObject({
    name: text(120).pipe(z.string().min(1)).optional(),
    role: roleSchema.optional(),
    active: z.boolean().optional(),
    password: password.optional(),
  })
  .superRefine(strongPassword);

/** The first administrator of a fresh installation, proven by the one-time setup token. */
export const setupBody = z
  .strictObject({ ...newUserFields, token: z.string().min(1).max(200) })
  .superRefine(strongPassword);

export const setupStatusSchema = z.object({ needs_setup: z.boolean() });

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
