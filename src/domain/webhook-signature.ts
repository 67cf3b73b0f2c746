// Standard Webhooks signatures (https://www.standardwebhooks.com/): HMAC-SHA256 over
// `${id}.${timestamp}.${body}` keyed with the secret's bytes, sent as `v1,<base64>`.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SECRET_PREFIX = "whsec_";

/** A fresh secret: `whsec_` + base64 of 24 random bytes. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString("base64");
}

/** A secret is `whsec_` followed by base64 of 24 to 64 bytes. */
export function isValidWebhookSecret(secret: string): boolean {
  if (!secret.startsWith(SECRET_PREFIX)) return false;
  const b64 = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return false;
  const bytes = Buffer.from(b64, "base64");
  return bytes.length >= 24 && bytes.length <= 64;
}

export function secretKey(secret: string): Buffer {
  return Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    "base64",
  );
}

/** The `webhook-signature` header value for one message. `timestamp` is in seconds. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** The header signed with each secret (the current one, and one being rotated out). */
export function signWebhookWithEach(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): string {
  return secrets.map((s) => signWebhook(s, id, timestamp, body)).join(" ");
}

/**
 * Checks a `webhook-signature` header (space-separated `v1,<sig>` entries, any of which may
 * match) and that the timestamp is within `toleranceSeconds` of `nowSeconds`.
 */
export function verifyWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, headers.id, ts, body).slice(3), "base64");
  return headers.signature.split(" ").some((entry) => {
    const [version, sig] = entry.split(",", 2);
    if (version !== "v1" || !sig) return false;
    const given = Buffer.from(sig, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/**
 * An inbound Standard Webhooks call (a carrier's, a payment provider's): its JSON body once the
 * `webhook-*` headers (lower-cased) verify against `secret`; throws when they do not, or when no
 * secret is configured (such calls are refused).
 */
export function verifiedWebhookBody<T>(
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: string,
  secret: string | undefined,
): T {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signature = headers["webhook-signature"];
  if (
    !secret ||
    !id ||
    !timestamp ||
    !signature ||
    !verifyWebhook(secret, { id, timestamp, signature }, rawBody)
  )
    throw new Error("signature does not verify");
  return JSON.parse(rawBody) as T;
}
