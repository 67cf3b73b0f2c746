import { createHash, timingSafeEqual } from "node:crypto";
import { sql } from "kysely";
import type { Registry } from "prom-client";
import { z } from "zod";
import { pendingMigrations } from "../../db/migrate.js";
import { DomainError } from "../../domain/errors.js";
import type { App, ModuleDeps } from "../../http/app-types.js";
import { problemType } from "../../http/errors.js";
import { problemSchema } from "../../http/schemas.js";
import { StartupGate } from "./startup.js";

const healthSchema = z.object({
  status: z.string(),
  pending_migrations: z.array(z.string()).optional(),
  detail: z.string().optional(),
});

/** Compares in constant time, so the token cannot be guessed a byte at a time. */
function sameToken(given: string | undefined, expected: string): boolean {
  const a = createHash("sha256")
    .update(given ?? "")
    .digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given !== undefined;
}

/** Not ready: problem+json (what load balancers read is the 503), with why in `detail`. */
function notReady(detail: string, extra: Record<string, unknown> = {}) {
  return { type: problemType("not-ready"), title: "Service Unavailable", status: 503, detail, ...extra };
}

export function systemRoutes(
  app: App,
  { database, config }: ModuleDeps,
  metrics: Registry,
  startup: StartupGate = new StartupGate(),
): void {
  // Liveness only: answers while the process starts up, too (a restart would not help it).
  app.get("/healthz", {
    schema: { tags: ["system"], summary: "The process is up", response: { 200: healthSchema } },
    logLevel: "warn",
    handler: async () => ({ status: "ok" }),
  });

  app.get("/readyz", {
    schema: {
      tags: ["system"],
      summary: "Start-up work is done, the database is reachable and fully migrated",
      response: { 200: healthSchema, 503: problemSchema },
    },
    logLevel: "warn",
    handler: async (_req, reply) => {
      const problem = (detail: string, extra?: Record<string, unknown>) =>
        reply.code(503).type("application/problem+json").send(notReady(detail, extra));
      const failed = startup.failure;
      if (failed) return problem(`Start-up failed (${failed.step}): ${failed.message}`);
      const starting = startup.pending;
      if (starting.length > 0)
        return problem(`Starting up: ${starting.join(", ")}`, { pending_startup: starting });
      try {
        await sql`select 1`.execute(database.db);
        const pending = await pendingMigrations(database.db);
        if (pending.length > 0)
          return problem(`Migrations pending: ${pending.join(", ")}`, { pending_migrations: pending });
        return { status: "ready" };
      } catch (error) {
        return problem(`Database unreachable: ${(error as Error).message}`);
      }
    },
  });

  app.get("/metrics", {
    schema: { tags: ["system"], summary: "Prometheus metrics", hide: true },
    logLevel: "warn",
    handler: async (req, reply) => {
      if (config.metricsToken) {
        const header = req.headers.authorization;
        const given = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
        if (!sameToken(given, config.metricsToken)) {
          throw new DomainError("unauthorized", "Send the metrics token as `Authorization: Bearer <token>`");
        }
      }
      return reply.type(metrics.contentType).send(await metrics.metrics());
    },
  });
}
