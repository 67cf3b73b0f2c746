// @ordo/client: Ordo's API, typed from its OpenAPI document (schema.d.ts, generated), called
// through openapi-fetch. Every method answers `{ data, error, response }`: `data` typed by the
// operation's success response, `error` by its problem+json (RFC 9457) answers.
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
/** Every named schema of the API: `Schemas["Order"]`, `Schemas["Location"]`… */
export type Schemas = components["schemas"];
/** An RFC 9457 problem: `type`, `title`, `status`, `detail`, `errors` and members of its own. */
export type Problem = components["schemas"]["Problem"];
export type OrdoClient = Client<paths>;

export interface OrdoClientOptions {
  /** Where Ordo answers, such as `https://orders.example.com` (paths carry the `/v1`). */
  baseUrl: string;
  /** An API key (`POST /v1/api_keys`, `ordo api-keys create`), sent as `Authorization: Bearer …`. */
  apiKey: string;
  /** Headers sent with every request, such as a `x-request-id` of your own. */
  headers?: Record<string, string>;
  /** Another fetch, to add retries, a proxy or a timeout. */
  fetch?: ClientOptions["fetch"];
}

export function createOrdoClient({ baseUrl, apiKey, headers, fetch }: OrdoClientOptions): OrdoClient {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ""),
    headers: { ...headers, authorization: `Bearer ${apiKey}` },
    ...(fetch && { fetch }),
  });
}

/**
 * The header that makes a create or an action safe to retry, for `params.header`:
 * `client.POST("/v1/orders", { params: { header: idempotencyKey(checkoutId) }, body })`.
 * Use one key per intent, the same on every retry of it (Ordo then answers the first outcome
 * again, a refusal included); without one, a fresh random key.
 */
export function idempotencyKey(key: string = globalThis.crypto.randomUUID()): { "idempotency-key": string } {
  return { "idempotency-key": key };
}
