import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";

export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem the client caused or must know about; anything else is a 500. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: { type?: string; errors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(detail ?? title);
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new ApiError(400, "Bad Request", detail, errors ? { type: problemType("validation"), errors } : {});
export const notFound = (what: string, id: string) =>
  new ApiError(404, "Not Found", `${what} ${id} does not exist`, { type: problemType("not-found") });
export const conflict = (detail: string, extra: Record<string, unknown> = {}) =>
  new ApiError(409, "Conflict", detail, { type: problemType("conflict"), ...extra });
export const unprocessable = (detail: string, errors?: FieldError[]) =>
  new ApiError(422, "Unprocessable Content", detail, { type: problemType("unprocessable"), errors });

export function problemType(slug: string): string {
  return `https://ordo.dev/problems/${slug}`;
}

function pathOf(segments: string[], prefix: string): string {
  return [prefix, ...segments].join(".");
}

export function registerProblemHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => {
    reply
      .code(404)
      .type("application/problem+json")
      .send({
        type: problemType("not-found"),
        title: "Not Found",
        status: 404,
        detail: `No route ${req.method} ${req.url.split("?")[0]}`,
      });
  });

  app.setErrorHandler((error: FastifyError, req, reply) => {
    let problem: Record<string, unknown>;
    if (error instanceof ApiError) {
      problem = {
        type: "about:blank",
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
        title:
          error.statusCode === 413
            ? "Content Too Large"
            : error.statusCode === 415
              ? "Unsupported Media Type"
              : "Bad Request",
        status: error.statusCode,
        detail: error.message,
      };
      if (error.statusCode === 429) problem.title = "Too Many Requests";
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
    reply
      .code(problem.status as number)
      .type("application/problem+json")
      .send(problem);
  });
}
