import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Executor } from "../db/transaction.js";
import { DomainError } from "../domain/errors.js";
import type { Permission } from "../domain/permissions.js";
import type { Actor, RequestContext } from "../modules/access/index.js";
import { authenticateApiKey, authenticateSession } from "../modules/access/index.js";

export const SESSION_COOKIE = "ordo_session";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The permission a caller needs; `authenticated` only asks who they are. */
    permission?: Permission | "authenticated";
    /** Reachable without credentials (login, the tracking portal). */
    public?: boolean;
    /** Honours Idempotency-Key (its handler runs through idempotent()); documented in OpenAPI. */
    idempotent?: boolean;
    /** Content types of a 200 that is a file (PDF, ZPL, CSV), documented in OpenAPI. */
    produces?: readonly string[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    viaSession: boolean;
  }
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const unauthorized = () =>
  new DomainError("unauthorized", "Sign in, or send an API key as `Authorization: Bearer <key>`");

/** The caller as a service sees it; only call on routes that require a permission. */
export function contextOf(req: FastifyRequest): RequestContext {
  if (!req.actor) throw unauthorized();
  return { actor: req.actor, requestId: req.id };
}

/** Whether the matched route (its pattern, never the raw URL) is part of the API and needs a caller. */
export function isApiRoute(pattern: string | undefined): boolean {
  return pattern?.startsWith("/v1/") === true;
}

/**
 * Every `/v1` route states the permission it needs; a route that forgets is closed, not open.
 * Browsers cannot forge a cross-site request with our session cookie: it is SameSite=Strict,
 * and state-changing requests that carry it must come from our own origin.
 */
export function registerAuth(app: FastifyInstance, db: Executor): void {
  app.decorateRequest("actor", null);
  app.decorateRequest("viaSession", false);

  // Decided on the route the router matched: it decodes the path (`/%761/users` is `/v1/users`),
  // so a test of the raw URL could be walked around. Runs before the body is read, so a stranger
  // learns nothing from validation errors either.
  app.addHook("onRequest", async (req) => {
    if (req.is404 || !isApiRoute(req.routeOptions.url)) return;
    const config = req.routeOptions.config;
    const header = req.headers.authorization;
    if (header?.startsWith("Bearer ")) {
      req.actor = await authenticateApiKey(db, header.slice(7).trim());
      if (!req.actor && !config.public) throw unauthorized();
    } else {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        req.actor = await authenticateSession(db, token);
        req.viaSession = req.actor !== null;
      }
    }
    if (req.viaSession && UNSAFE_METHODS.has(req.method) && !isSameOrigin(req)) {
      throw new DomainError("csrf", "Cross-site request refused");
    }
    if (config.public) return;
    if (!req.actor) throw unauthorized();
    const needed = config.permission;
    if (needed === "authenticated") return;
    if (!needed || !req.actor.permissions.has(needed)) {
      throw new DomainError(
        "forbidden",
        needed ? `This requires the permission ${needed}` : "This route is not open to any caller",
      );
    }
  });
}

function isSameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin ?? req.headers.referer;
  if (!origin) return req.headers["sec-fetch-site"] !== "cross-site";
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
