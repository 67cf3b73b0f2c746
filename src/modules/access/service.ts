import { type Executor, inTransaction } from "../../db/transaction.js";
import { conflict, DomainError, notFound } from "../../domain/errors.js";
import {
  type Permission,
  permissionsBeyond,
  permissionsOfRole,
  permissionsOfScopes,
  type Role,
} from "../../domain/permissions.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import { hashPassword, newToken, sha256, verifyPassword } from "../../lib/secrets.js";
import { recordAudit } from "../audit/index.js";
import type { Actor, RequestContext } from "./actor.js";
import type { ApiKeysTable, UsersTable } from "./tables.js";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  created_at: string;
  updated_at: string;
}

function toPublicUser(row: UsersTable): PublicUser {
  const { password_hash: _, ...rest } = row;
  return { ...rest, role: row.role as Role, active: row.active === 1 };
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Refuses a grant beyond the actor's own permissions; Ordo itself (seed, CLI) may grant anything. */
function assertMayGrant(
  ctx: RequestContext,
  granted: ReadonlySet<Permission>,
  path: string,
  what: string,
): void {
  if (ctx.actor.type === "system") return;
  const beyond = permissionsBeyond(ctx.actor.permissions, granted);
  if (beyond.length === 0) return;
  throw new DomainError(
    "privilege-escalation",
    `You cannot ${what}: it needs ${beyond.join(", ")}, which you do not hold`,
    { errors: [{ path, message: `Grants permissions you do not hold: ${beyond.join(", ")}` }] },
  );
}

export async function createUser(
  db: Executor,
  ctx: RequestContext,
  input: { email: string; name: string; role: Role; password: string },
): Promise<PublicUser> {
  assertMayGrant(
    ctx,
    permissionsOfRole(input.role),
    "body.role",
    `create a user with the role ${input.role}`,
  );
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (tx) => {
    const email = normalizeEmail(input.email);
    const existing = await tx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    if (existing) throw conflict(`A user with e-mail ${email} already exists`);
    const now = nowIso();
    const row: UsersTable = {
      id: newId("user"),
      email,
      name: input.name,
      role: input.role,
      password_hash: passwordHash,
      active: 1,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto("users").values(row).execute();
    await recordAudit(tx, ctx, {
      action: "user.created",
      resourceType: "user",
      resourceId: row.id,
      data: { email, role: row.role },
    });
    return toPublicUser(row);
  });
}

export async function listUsers(db: Executor, page: PageRequest) {
  const result = await keysetPage(db.selectFrom("users").selectAll(), "id", page, "asc");
  return { data: result.data.map(toPublicUser), next_cursor: result.next_cursor };
}

export async function getUser(db: Executor, id: string): Promise<PublicUser> {
  const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("User", id);
  return toPublicUser(row);
}

export async function updateUser(
  db: Executor,
  ctx: RequestContext,
  id: string,
  patch: {
    name?: string | undefined;
    role?: Role | undefined;
    active?: boolean | undefined;
    password?: string | undefined;
  },
): Promise<PublicUser> {
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  if (patch.role !== undefined) {
    assertMayGrant(ctx, permissionsOfRole(patch.role), "body.role", `give the role ${patch.role}`);
  }
  return inTransaction(db, async (tx) => {
    const current = await getUser(tx, id);
    // Changing someone who holds more than you (their password, their access) would be a way to it.
    assertMayGrant(
      ctx,
      permissionsOfRole(current.role),
      "params.id",
      `change a user with the role ${current.role}`,
    );
    await tx
      .updateTable("users")
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.role !== undefined && { role: patch.role }),
        ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
        ...(passwordHash && { password_hash: passwordHash }),
        updated_at: nowIso(),
      })
      .where("id", "=", id)
      .execute();
    // A deactivated user or a new password ends every open session at once.
    if (patch.active === false || passwordHash)
      await tx.deleteFrom("sessions").where("user_id", "=", id).execute();
    const { password: _, ...visible } = patch;
    await recordAudit(tx, ctx, {
      action: "user.updated",
      resourceType: "user",
      resourceId: id,
      data: {
        before: { name: current.name, role: current.role, active: current.active },
        change: visible,
        password_changed: !!passwordHash,
      },
    });
    return getUser(tx, id);
  });
}

// ---- sessions ---------------------------------------------------------------------------------

export async function login(
  db: Executor,
  email: string,
  password: string,
  ttlMs: number,
  requestId: string | null,
): Promise<{ token: string; user: PublicUser; expiresAt: string } | null> {
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  // Verify against a dummy hash when the user is unknown, so timing does not reveal who exists.
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !ok || row.active !== 1) return null;
  const token = newToken("ordo_ses");
  const expiresAt = new Date(Date.now() + ttlMs).toISOString();
  const user = toPublicUser(row);
  await inTransaction(db, async (tx) => {
    const id = newId("session");
    await tx
      .insertInto("sessions")
      .values({ id, token_hash: sha256(token), user_id: row.id, created_at: nowIso(), expires_at: expiresAt })
      .execute();
    await recordAudit(
      tx,
      { actor: userActor(user), requestId },
      { action: "session.created", resourceType: "user", resourceId: row.id },
    );
  });
  return { token, user, expiresAt };
}

const DUMMY_HASH = await hashPassword(newToken("dummy"));

export async function logout(db: Executor, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", sha256(token)).execute();
}

function userActor(user: Pick<PublicUser, "id" | "name" | "role">): Actor {
  return {
    type: "user",
    id: user.id,
    name: user.name,
    role: user.role,
    permissions: permissionsOfRole(user.role),
  };
}

export async function authenticateSession(db: Executor, token: string): Promise<Actor | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.name", "users.role", "users.active", "sessions.expires_at"])
    .where("sessions.token_hash", "=", sha256(token))
    .executeTakeFirst();
  if (row?.active !== 1 || row.expires_at <= nowIso()) return null;
  return userActor({ id: row.id, name: row.name, role: row.role as Role });
}

// ---- API keys ---------------------------------------------------------------------------------

export interface PublicApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

function toPublicApiKey(row: ApiKeysTable): PublicApiKey {
  const { key_hash: _, ...rest } = row;
  return { ...rest, scopes: JSON.parse(row.scopes) as string[] };
}

/** The full key is returned once, here; only its hash is kept. */
export async function createApiKey(
  db: Executor,
  ctx: RequestContext,
  input: { name: string; scopes: Array<Permission | "*"> },
  presetKey?: string,
): Promise<{ key: string; api_key: PublicApiKey }> {
  assertMayGrant(ctx, permissionsOfScopes(input.scopes), "body.scopes", "create this API key");
  const key = presetKey ?? newToken("ordo_sk");
  return inTransaction(db, async (tx) => {
    const row: ApiKeysTable = {
      id: newId("apiKey"),
      name: input.name,
      prefix: key.slice(0, 12),
      key_hash: sha256(key),
      scopes: JSON.stringify(input.scopes),
      created_by: ctx.actor.id,
      created_at: nowIso(),
      last_used_at: null,
      revoked_at: null,
    };
    await tx.insertInto("api_keys").values(row).execute();
    await recordAudit(tx, ctx, {
      action: "api_key.created",
      resourceType: "api_key",
      resourceId: row.id,
      data: { name: row.name, scopes: input.scopes },
    });
    return { key, api_key: toPublicApiKey(row) };
  });
}

/** Makes sure a key with this exact value exists and is active (ORDO_ADMIN_API_KEY, for automation). */
export async function ensureAdminApiKey(db: Executor, ctx: RequestContext, key: string): Promise<void> {
  const existing = await db
    .selectFrom("api_keys")
    .select(["id", "revoked_at"])
    .where("key_hash", "=", sha256(key))
    .executeTakeFirst();
  if (existing && !existing.revoked_at) return;
  if (existing) {
    await db.updateTable("api_keys").set({ revoked_at: null }).where("id", "=", existing.id).execute();
    return;
  }
  try {
    await createApiKey(db, ctx, { name: "admin (ORDO_ADMIN_API_KEY)", scopes: ["*"] }, key);
  } catch (error) {
    // Another process starting at the same moment created it first.
    const now = await db
      .selectFrom("api_keys")
      .select("id")
      .where("key_hash", "=", sha256(key))
      .executeTakeFirst();
    if (!now) throw error;
  }
}

export async function listApiKeys(db: Executor, page: PageRequest) {
  const result = await keysetPage(db.selectFrom("api_keys").selectAll(), "id", page);
  return { data: result.data.map(toPublicApiKey), next_cursor: result.next_cursor };
}

export async function getApiKey(db: Executor, id: string): Promise<PublicApiKey> {
  const row = await db.selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("API key", id);
  return toPublicApiKey(row);
}

export async function revokeApiKey(db: Executor, ctx: RequestContext, id: string): Promise<PublicApiKey> {
  return inTransaction(db, async (tx) => {
    const row = await tx.selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw notFound("API key", id);
    if (!row.revoked_at) {
      row.revoked_at = nowIso();
      await tx.updateTable("api_keys").set({ revoked_at: row.revoked_at }).where("id", "=", id).execute();
      await recordAudit(tx, ctx, { action: "api_key.revoked", resourceType: "api_key", resourceId: id });
    }
    return toPublicApiKey(row);
  });
}

// Writing last_used_at on every request would put a write on every read; a minute is precise enough.
const LAST_USED_RESOLUTION_MS = 60_000;

export async function authenticateApiKey(db: Executor, key: string): Promise<Actor | null> {
  const row = await db
    .selectFrom("api_keys")
    .select(["id", "name", "scopes", "revoked_at", "last_used_at"])
    .where("key_hash", "=", sha256(key))
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  const now = Date.now();
  if (!row.last_used_at || now - Date.parse(row.last_used_at) > LAST_USED_RESOLUTION_MS) {
    await db
      .updateTable("api_keys")
      .set({ last_used_at: new Date(now).toISOString() })
      .where("id", "=", row.id)
      .execute();
  }
  const scopes = JSON.parse(row.scopes) as string[];
  return {
    type: "api_key",
    id: row.id,
    name: row.name,
    role: scopes.includes("*") ? "admin" : null,
    permissions: permissionsOfScopes(scopes),
  };
}
