import { Readable } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { DomainError } from "../domain/errors.js";

const CSV_TYPES = ["text/csv", "application/csv"];

/** Hands `text/csv` bodies to the route as a stream (register inside the route's own scope). */
export function acceptCsvUploads(scope: FastifyInstance): void {
  scope.addContentTypeParser(CSV_TYPES, (_req, payload, done) => done(null, payload));
}

/** The uploaded CSV stream; any other body (JSON, none) is a 415 that names what to send. */
export function csvBody(req: FastifyRequest): Readable {
  if (req.body instanceof Readable) return req.body;
  throw new DomainError("unsupported-media-type", "Send the CSV file as the body with content-type text/csv");
}
