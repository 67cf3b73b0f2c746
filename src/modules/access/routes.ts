import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf, SESSION_COOKIE } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageQuerySchema, pageSchema } from "../../http/pagination.js";
import { idParams } from "../../http/schemas.js";
import { createFirstAdmin, needsSetup } from "./first-admin.js";
import { LoginThrottle } from "./login-throttle.js";
import * as schemas from "./schemas.js";
import * as access from "./service.js";

export const accessRoutes: ModuleRoutes = (app, { database, config }) => {
  const { db } = database;
  const secureCookie = config.publicUrl.startsWith("https://");
  const throttle = new LoginThrottle(config.loginRateLimitPerMinute);

  /** Opens a session for the credentials and sets its cookie; null when they are wrong. */
  async function signIn(req: FastifyRequest, reply: FastifyReply, email: string, password: string) {
    const session = await access.login(db, email, password, config.sessionTtlMs, req.id);
    if (!session) return null;
    reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: "strict",
      secure: secureCookie,
      path: "/",
      expires: new Date(session.expiresAt),
    });
    return { user: session.user, expires_at: session.expiresAt };
  }

  app.post("/v1/auth/login", {
    schema: {
      tags: ["access"],
      summary: "Sign in with e-mail and password; sets the session cookie",
      body: schemas.loginBody,
      response: { 200: schemas.sessionSchema },
    },
    config: { public: true },
    handler: async (req, reply) => {
      await throttle.admit(req.body.email, req.ip);
      const session = await signIn(req, reply, req.body.email, req.body.password);
      if (session) await throttle.succeeded(req.body.email);
      else await throttle.failed(req.body.email);
      if (!session) {
        throw new DomainError("invalid-credentials", "Wrong e-mail or password");
      }
      return session;
    },
  });

  app.get("/v1/setup", {
    schema: {
      tags: ["access"],
      summary: "Whether this installation still needs its first administrator",
      response: { 200: schemas.setupStatusSchema },
    },
    config: { public: true },
    handler: async () => ({ needs_setup: await needsSetup(db) }),
  });

  app.post("/v1/setup", {
    schema: {
      tags: ["access"],
      summary: "Create the first administrator with the setup link's token (once); signs them in",
      body: schemas.setupBody,
      response: { 201: schemas.sessionSchema },
    },
    config: { public: true, location: "/v1/users/{user.id}" },
    handler: async (req, reply) => {
      // Every attempt counts against the address, as sign-ins do: the token is not for guessing.
      await throttle.admit(req.body.email, req.ip);
      const user = await createFirstAdmin(db, config.setupToken, req.body);
      req.log.info({ user: user.id }, "first administrator created");
      const session = await signIn(req, reply, req.body.email, req.body.password);
      if (!session) throw new Error("the first administrator was created but could not sign in");
      return reply.code(201).send(session);
    },
  });

  app.post("/v1/auth/logout", {
    schema: { tags: ["access"], summary: "End the session", response: { 204: z.null() } },
    config: { public: true },
    handler: async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await access.logout(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send(null);
    },
  });

  app.get("/v1/auth/me", {
    schema: {
      tags: ["access"],
      summary: "Who the caller is and what they may do",
      response: { 200: schemas.meSchema },
    },
    config: { permission: "authenticated" },
    handler: async (req) => {
      const { actor } = contextOf(req);
      return {
        type: actor.type,
        id: actor.id,
        name: actor.name,
        role: actor.role,
        permissions: [...actor.permissions],
      };
    },
  });

  app.get("/v1/users", {
    schema: {
      tags: ["access"],
      summary: "List staff users",
      querystring: pageQuerySchema,
      response: { 200: pageSchema(schemas.userSchema) },
    },
    config: { permission: "users:manage" },
    handler: async (req) => access.listUsers(db, req.query),
  });

  app.post("/v1/users", {
    schema: {
      tags: ["access"],
      summary: "Create a staff user",
      body: schemas.createUserBody,
      response: { 201: schemas.userSchema },
    },
    config: { permission: "users:manage", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => access.createUser(tx, contextOf(req), req.body)),
  });

  app.get("/v1/users/:id", {
    schema: {
      tags: ["access"],
      summary: "A staff user",
      params: idParams,
      response: { 200: schemas.userSchema },
    },
    config: { permission: "users:manage" },
    handler: async (req) => access.getUser(db, req.params.id),
  });

  app.patch("/v1/users/:id", {
    schema: {
      tags: ["access"],
      summary: "Change a user's name, role, password or deactivate them",
      params: idParams,
      body: schemas.updateUserBody,
      response: { 200: schemas.userSchema },
    },
    config: { permission: "users:manage" },
    handler: async (req) => access.updateUser(db, contextOf(req), req.params.id, req.body),
  });

  app.get("/v1/api_keys", {
    schema: {
      tags: ["access"],
      summary: "List API keys (never their secrets)",
      querystring: pageQuerySchema,
      response: { 200: pageSchema(schemas.apiKeySchema) },
    },
    config: { permission: "api_keys:manage" },
    handler: async (req) => access.listApiKeys(db, req.query),
  });

  app.post("/v1/api_keys", {
    schema: {
      tags: ["access"],
      summary: "Create an API key; the secret is in this response only",
      body: schemas.createApiKeyBody,
      response: { 201: schemas.createdApiKeySchema },
    },
    config: { permission: "api_keys:manage", idempotent: true, location: "/v1/api_keys/{api_key.id}" },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => access.createApiKey(tx, contextOf(req), req.body)),
  });

  app.get("/v1/api_keys/:id", {
    schema: {
      tags: ["access"],
      summary: "One API key (never its secret)",
      params: idParams,
      response: { 200: schemas.apiKeySchema },
    },
    config: { permission: "api_keys:manage" },
    handler: async (req) => access.getApiKey(db, req.params.id),
  });

  app.post("/v1/api_keys/:id/revoke", {
    schema: {
      tags: ["access"],
      summary: "Revoke an API key; it stops working at once",
      params: idParams,
      response: { 200: schemas.apiKeySchema },
    },
    config: { permission: "api_keys:manage", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 200, (tx) => access.revokeApiKey(tx, contextOf(req), req.params.id)),
  });
};
