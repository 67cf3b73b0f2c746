// Every problem Ordo reports, by code: its HTTP status and title are decided here, once. Services
// and domain code throw a DomainError with a code; the HTTP layer (src/http/errors.ts) writes it
// as RFC 9457 problem+json with `type` https://ordo.dev/problems/<code>.

export const PROBLEMS = {
  validation: { status: 400, title: "Bad Request" },
  unauthorized: { status: 401, title: "Unauthorized" },
  "invalid-credentials": { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  "privilege-escalation": { status: 403, title: "Forbidden" },
  csrf: { status: 403, title: "Forbidden" },
  "invalid-setup-token": { status: 403, title: "Forbidden" },
  "not-found": { status: 404, title: "Not Found" },
  "order-not-found": { status: 404, title: "Not Found" },
  "price-not-found": { status: 404, title: "Not Found" },
  conflict: { status: 409, title: "Conflict" },
  "insufficient-stock": { status: 409, title: "Insufficient Stock" },
  "order-on-hold": { status: 409, title: "Conflict" },
  "already-set-up": { status: 409, title: "Conflict" },
  "idempotency-key-in-use": { status: 409, title: "Conflict" },
  "import-too-large": { status: 413, title: "Content Too Large" },
  "unsupported-media-type": { status: 415, title: "Unsupported Media Type" },
  unprocessable: { status: 422, title: "Unprocessable Content" },
  "idempotency-key-reuse": { status: 422, title: "Unprocessable Content" },
  "pickup-unavailable": { status: 422, title: "Unprocessable Content" },
  "no-price-list": { status: 422, title: "Unprocessable Content" },
  "unlocatable-destination": { status: 422, title: "Unprocessable Content" },
  "import-invalid": { status: 422, title: "Unprocessable Content" },
  "import-rejected": { status: 422, title: "Unprocessable Content" },
  "wrong-item": { status: 422, title: "Wrong Item" },
  "over-picked": { status: 409, title: "Over-Picked" },
  "no-rate": { status: 422, title: "Unprocessable Content" },
  "pickup-verification-failed": { status: 403, title: "Forbidden" },
  "invalid-signature": { status: 401, title: "Unauthorized" },
  "refund-exceeds-charge": { status: 409, title: "Refund Exceeds Charge" },
  "too-many-login-attempts": { status: 429, title: "Too Many Requests" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export interface FieldError {
  path: string;
  message: string;
}

/** Extension members of a problem: field errors, and whatever the caller needs to act on it. */
export type ProblemExtra = { errors?: FieldError[] | undefined; [member: string]: unknown };

/** A refusal the caller caused or must know about; anything else is a 500. */
export class DomainError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extra: ProblemExtra = {},
  ) {
    super(detail);
    this.status = PROBLEMS[code].status;
    this.title = PROBLEMS[code].title;
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new DomainError("validation", detail, errors ? { errors } : {});
export const notFound = (what: string, id: string) =>
  new DomainError("not-found", `${what} ${id} does not exist`);
export const conflict = (detail: string, extra: ProblemExtra = {}) =>
  new DomainError("conflict", detail, extra);
export const unprocessable = (detail: string, errors?: FieldError[]) =>
  new DomainError("unprocessable", detail, errors ? { errors } : {});
