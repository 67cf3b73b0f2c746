import { Stream } from "node:stream";
import type { FastifyInstance } from "fastify";
import { badRequest, type FieldError } from "../domain/errors.js";

const MAX_DEPTH = 32;

/**
 * Parsed input only: a CSV upload's body is a stream, whose object graph (socket, server, …) is
 * not input and is far too large to visit; bytes are not text.
 */
function isParsedContainer(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  if (value instanceof Stream || ArrayBuffer.isView(value)) return false;
  return true;
}

/** Every place in a parsed value where a string (or a key) holds U+0000, as `body.lines.0.sku`. */
export function nulPaths(value: unknown, path: string, found: FieldError[] = [], depth = 0): FieldError[] {
  if (found.length >= 20) return found;
  if (typeof value === "string") {
    if (value.includes("\u0000")) found.push({ path, message: "Must not contain NUL characters" });
  } else if (isParsedContainer(value) && depth < MAX_DEPTH) {
    for (const [key, child] of Object.entries(value)) {
      if (key.includes("\u0000")) found.push({ path, message: "Must not contain NUL characters in a key" });
      nulPaths(child, `${path}.${key}`, found, depth + 1);
    }
  }
  return found;
}

/**
 * PostgreSQL text cannot hold U+0000 (SQLite can), so a NUL anywhere in a request would be a 500
 * on one database and stored on the other. Refused for every route before its schema runs, so
 * both databases give the same 400 and nothing is written.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook("preValidation", async (req) => {
    const found = [
      ...nulPaths(req.params, "params"),
      ...nulPaths(req.query, "querystring"),
      ...nulPaths(req.body, "body"),
    ];
    if (found.length > 0) throw badRequest("The request contains NUL characters", found);
  });
}
