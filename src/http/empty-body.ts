import type { FastifyInstance } from "fastify";

/**
 * An action such as `POST …/accept` needs no body, and clients send none: treat a missing body
 * as `{}`, so the route's schema decides (a required field is named, never "expected object").
 */
export function registerEmptyBodyAsObject(app: FastifyInstance): void {
  app.addHook("preValidation", async (req) => {
    if (req.body === undefined && (req.method === "POST" || req.method === "PATCH" || req.method === "PUT"))
      req.body = {};
  });
}
