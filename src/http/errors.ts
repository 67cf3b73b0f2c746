import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { DomainError } from "../domain/errors.js";
import type { RouteTable } from "./route-table.js";

export function problemType(slug: string): string {
  return `https://ordo.dev/problems/${slug}`;
}

function pathOf(segments: string[], prefix: string): string {
  return [prefix, ...segments].join(".");
}

// RFC 9110's names where Node still uses the older ones.
const RFC_9110_TITLES: Record<number, string> = { 413: "Content Too Large", 422: "Unprocessable Content" };
const titleOf = (status: number) => RFC_9110_TITLES[status] ?? STATUS_CODES[status] ?? "Error";

/** How API callers are told to authenticate (RFC 9110 §11.6.1). */
export const WWW_AUTHENTICATE = 'Bearer realm="ordo"';

/** The router's own refusals (bad percent-encoding, a path parameter over its length limit). */
export function frameworkError(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === "FST_ERR_MAX_PARAM_LENGTH" ? 414 : 400;
  reply
    .code(status)
    .type("application/problem+json")
    .send({
      type: problemType(
        error.code === "FST_ERR_BAD_URL" ? "bad-url" : (error.code ?? "bad-request").toLowerCase(),
      ),
      title: titleOf(status),
      status,
      detail: status === 414 ? "A path segment is too long" : "The URL is not valid percent-encoding",
    });
}

/**
 * Requests Node's HTTP parser cannot read (broken framing, oversized headers, timeouts) never reach
 * Fastify; they still get a problem+json answer before the socket closes.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const status =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  const body = JSON.stringify({
    type: problemType(
      status === 400 ? "malformed-request" : status === 408 ? "request-timeout" : "headers-too-large",
    ),
    title: titleOf(status),
    status,
    detail: status === 400 ? "The request is not valid HTTP/1.1" : titleOf(status),
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${titleOf(status)}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

export function registerProblemHandler(app: FastifyInstance, routes: RouteTable): void {
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split("?")[0] ?? "/";
    const allowed = routes.methodsFor(path);
    if (allowed.length > 0 && !allowed.includes(req.method)) {
      return reply
        .code(405)
        .header("allow", allowed.join(", "))
        .type("application/problem+json")
        .send({
          type: problemType("method-not-allowed"),
          title: "Method Not Allowed",
          status: 405,
          detail: `${req.method} is not allowed on ${path}; use ${allowed.join(", ")}`,
        });
    }
    return reply
      .code(404)
      .type("application/problem+json")
      .send({
        type: problemType("not-found"),
        title: "Not Found",
        status: 404,
        detail: `No route ${req.method} ${path}`,
      });
  });

  app.setErrorHandler((error: FastifyError, req, reply) => {
    let problem: Record<string, unknown>;
    if (error instanceof DomainError) {
      problem = {
        type: problemType(error.code),
        title: error.title,
        status: error.status,
        detail: error.detail,
        ...error.extra,
      };
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? "body";
      problem = {
        type: problemType("validation"),
        title: "Bad Request",
        status: 400,
        detail: `The request ${where} is invalid`,
        errors: error.validation.flatMap((v) => {
          const path = pathOf(v.instancePath.split("/").filter(Boolean), where);
          const unknownKeys = (v.params as { keys?: string[] }).keys;
          return v.keyword === "unrecognized_keys" && unknownKeys
            ? unknownKeys.map((k) => ({ path: `${path}.${k}`, message: "Unknown field" }))
            : [{ path, message: v.message }];
        }),
      };
    } else if (isResponseSerializationError(error)) {
      req.log.error({ err: error, issues: error.cause.issues }, "response does not match its schema");
      problem = { type: "about:blank", title: "Internal Server Error", status: 500 };
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors: malformed JSON, body too large, wrong content type…
      problem = {
        type: problemType(error.code?.toLowerCase().replace(/_/g, "-") ?? "bad-request"),
        title: titleOf(error.statusCode),
        status: error.statusCode,
        detail: error.message,
      };
    } else {
      req.log.error({ err: error }, "unhandled error");
      problem = {
        type: "about:blank",
        title: "Internal Server Error",
        status: 500,
        detail: "An unexpected error occurred",
      };
    }
    if (problem.detail === undefined) delete problem.detail;
    if (problem.status === 401) reply.header("www-authenticate", WWW_AUTHENTICATE);
    if (typeof problem.retry_after_seconds === "number") {
      reply.header("retry-after", String(problem.retry_after_seconds));
    }
    reply
      .code(problem.status as number)
      .type("application/problem+json")
      .send(problem);
  });
}
