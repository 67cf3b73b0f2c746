import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Transaction } from "kysely";
import type { DB } from "../db/schema.js";
import { type Executor, inTransaction } from "../db/transaction.js";
import { nowIso } from "../lib/ids.js";
import { ApiError, problemType } from "./errors.js";

const MAX_KEY_LENGTH = 255;
const WAIT_FOR_FIRST_MS = 15_000;
// A claim older than this belongs to a process that died: its transaction never committed.
const STALE_CLAIM_MS = 60_000;

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
 * Runs a creating request at most once per `Idempotency-Key`. The key is claimed first; the
 * work and the stored response commit in one transaction, so a crash can never leave a change
 * without its key (a retry would duplicate it) nor a key without its change. A concurrent
 * duplicate waits for the first and replays its answer; the same key with another body is a 422.
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
  const replay = await claim(db, scope, key, fingerprint);
  if (replay) {
    reply.code(replay.status).header("idempotent-replayed", "true");
    return replay.body as T;
  }
  try {
    return await inTransaction(db, async (tx) => {
      const result = await work(tx);
      await tx
        .updateTable("idempotency_keys")
        .set({ status: "completed", response_status: status, response_body: JSON.stringify(result) })
        .where("scope", "=", scope)
        .where("key", "=", key)
        .execute();
      return result;
    });
  } catch (error) {
    // Nothing was written: free the key so the client can retry with it.
    await db
      .deleteFrom("idempotency_keys")
      .where("scope", "=", scope)
      .where("key", "=", key)
      .where("status", "=", "processing")
      .execute();
    throw error;
  }
}

async function claim(
  db: Executor,
  scope: string,
  key: string,
  fingerprint: string,
): Promise<{ status: number; body: unknown } | null> {
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
    const inserted = await db
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
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return null;

    const existing = await db
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("scope", "=", scope)
      .where("key", "=", key)
      .executeTakeFirst();
    if (!existing) continue; // the first attempt failed and freed the key: claim it again
    if (existing.fingerprint !== fingerprint) {
      throw new ApiError(
        422,
        "Unprocessable Content",
        "This Idempotency-Key was already used with a different request",
        {
          type: problemType("idempotency-key-reuse"),
        },
      );
    }
    if (existing.status === "completed") {
      return { status: existing.response_status ?? 200, body: JSON.parse(existing.response_body ?? "null") };
    }
    if (Date.now() - Date.parse(existing.created_at) > STALE_CLAIM_MS) {
      const taken = await db
        .updateTable("idempotency_keys")
        .set({ created_at: nowIso() })
        .where("scope", "=", scope)
        .where("key", "=", key)
        .where("created_at", "=", existing.created_at)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1) return null;
    }
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
