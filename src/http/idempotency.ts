import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Transaction } from "kysely";
import type { DB } from "../db/schema.js";
import { type Executor, inTransaction } from "../db/transaction.js";
import { nowIso } from "../lib/ids.js";
import { ApiError, problemType } from "./errors.js";

const MAX_KEY_LENGTH = 255;
const WAIT_FOR_FIRST_MS = 15_000;

/** Canonical JSON: the same body with its keys in another order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

function fingerprintOf(req: FastifyRequest): string {
  return createHash("sha256")
    .update(`${req.method} ${req.routeOptions.url}\n${canonical(req.params)}\n${canonical(req.body)}`)
    .digest("hex");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a creating request at most once per `Idempotency-Key`. The key is claimed inside the same
 * transaction as the work and its stored response, so the three commit together or not at all:
 * a crash or a failed request leaves the key free, and an order costs one commit, not two. A
 * concurrent duplicate blocks on the key's unique index (PostgreSQL) or on the write lock
 * (SQLite) until the first commits, then replays its answer; the same key with another body is
 * a 422.
 */
export async function idempotent<T>(
  db: Executor,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  work: (tx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  const header = req.headers["idempotency-key"];
  const key = Array.isArray(header) ? header[0] : header;
  reply.code(status);
  if (key === undefined) return inTransaction(db, work);
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new ApiError(400, "Bad Request", `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`, {
      type: problemType("validation"),
      errors: [{ path: "headers.idempotency-key", message: "Invalid length" }],
    });
  }
  const scope = req.actor?.id ?? "anonymous";
  const fingerprint = fingerprintOf(req);
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
    const outcome = await inTransaction(db, async (tx) => {
      const claimed = await tx
        .insertInto("idempotency_keys")
        .values({
          scope,
          key,
          fingerprint,
          status: "processing",
          response_status: null,
          response_body: null,
          created_at: nowIso(),
        })
        .onConflict((oc) => oc.columns(["scope", "key"]).doNothing())
        .executeTakeFirst();
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0) !== 1) return { claimed: false as const };
      const result = await work(tx);
      await tx
        .updateTable("idempotency_keys")
        .set({ status: "completed", response_status: status, response_body: JSON.stringify(result) })
        .where("scope", "=", scope)
        .where("key", "=", key)
        .execute();
      return { claimed: true as const, result };
    });
    if (outcome.claimed) return outcome.result;

    const existing = await db
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("scope", "=", scope)
      .where("key", "=", key)
      .executeTakeFirst();
    if (existing && existing.fingerprint !== fingerprint) {
      throw new ApiError(
        422,
        "Unprocessable Content",
        "This Idempotency-Key was already used with a different request",
        {
          type: problemType("idempotency-key-reuse"),
        },
      );
    }
    if (existing?.status === "completed") {
      reply.code(existing.response_status ?? 200).header("idempotent-replayed", "true");
      return JSON.parse(existing.response_body ?? "null") as T;
    }
    // Gone (the first attempt failed and freed it) or not yet visible: try again shortly.
    if (Date.now() > deadline) {
      throw new ApiError(
        409,
        "Conflict",
        "A request with this Idempotency-Key is still in progress; retry later",
        {
          type: problemType("idempotency-key-in-progress"),
        },
      );
    }
    await sleep(delay);
  }
}
