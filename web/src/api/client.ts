// A small typed fetch wrapper. Request and response types come from the server's own Zod
// schemas (see ./types.ts), so there is one definition of every shape.

export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem+json answer, or a network failure (status 0). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[] = [],
    readonly type?: string,
  ) {
    super(detail ?? title);
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** Called on any 401 so the app can return to the login screen. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export async function request<T>(
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  path: string,
  opts: { body?: unknown; query?: Query; idempotent?: boolean; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json, application/problem+json" };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (opts.idempotent) headers["idempotency-key"] = newIdempotencyKey();
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: "same-origin",
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiProblem(0, "Network error", "Ordo could not be reached. Check your connection and retry.");
  }
  const text = await res.text();
  const body = text ? safeJson(text) : null;
  if (!res.ok) {
    const p = (body ?? {}) as { title?: string; detail?: string; errors?: FieldError[]; type?: string };
    if (res.status === 401 && onUnauthorized && !path.startsWith("/v1/auth/")) onUnauthorized();
    throw new ApiProblem(
      res.status,
      p.title ?? res.statusText,
      p.detail ?? (res.status === 429 ? "Too many attempts: wait a minute and retry." : undefined),
      Array.isArray(p.errors) ? p.errors : [],
      p.type,
    );
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>("GET", path, { query, signal }),
  /** A creating POST: sent with a fresh Idempotency-Key so a retried click cannot create twice. */
  create: <T>(path: string, body: unknown) => request<T>("POST", path, { body, idempotent: true }),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, { body }),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, { body }),
  delete: <T>(path: string) => request<T>("DELETE", path),
};
