import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { sql, type Transaction } from "kysely";
import type { DB } from "../db/schema.js";
import { type Executor, inTransaction } from "../db/transaction.js";
import { DomainError, PROBLEMS, type ProblemCode } from "../domain/errors.js";
import { nowIso } from "../lib/ids.js";

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
 * Refusals that depend on the state of the world (stock, an order's status, a hold), not on the
 * request's shape: once one is given, the key keeps it. A request refused for its shape (400, 404,
 * 422) never started, so it writes nothing and its key stays free, as Stripe does.
 */
const OUTCOME_STATUSES = new Set([402, 409, 412, 423]);

/** A refusal stored as a key's outcome, so every later request with that key gets it again. */
interface StoredRefusal {
  // `code` is absent in refusals stored before problems had codes: their `extra.type` names it.
  refusal: { code?: ProblemCode; detail: string; extra: DomainError["extra"] & { type?: string } };
}

function storedCode(refusal: StoredRefusal["refusal"]): ProblemCode {
  if (refusal.code) return refusal.code;
  const slug = refusal.extra.type?.split("/").pop() ?? "";
  return Object.hasOwn(PROBLEMS, slug) ? (slug as ProblemCode) : "conflict";
}

const inUse = () =>
  new DomainError(
    "idempotency-key-in-use",
    "A request with this Idempotency-Key is still in progress; retry later",
  );

/**
 * Runs a state-changing request at most once per `Idempotency-Key`, with Stripe's semantics: one
 * key, one outcome. The key is claimed inside the same transaction as the work and its stored
 * response, so the three commit together or not at all. A refusal the work decides (409
 * insufficient stock, an order in the wrong state) is an outcome too: the work is rolled back to a savepoint and the
 * refusal is stored under the key in the same transaction, so a delayed retry can never turn a
 * 409 into a 201. A request refused for its shape, or a failure that is not the request's answer
 * (a crash, a 500), leaves the key free. A concurrent duplicate blocks on the key's unique index (PostgreSQL) or on the write lock
 * (SQLite) until the first commits, then replays its answer, or gets 409 `idempotency-key-in-use`
 * if it waited too long; the same key with another body is a 422.
 */
export async function idempotent<T>(
  db: Executor,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  work: (tx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  // The OpenAPI document offers the header on routes that say so: they must not drift apart.
  if (!req.routeOptions.config.idempotent)
    throw new Error(
      `${req.routeOptions.method} ${req.routeOptions.url} uses idempotent() without config.idempotent`,
    );
  const header = req.headers["idempotency-key"];
  const key = Array.isArray(header) ? header[0] : header;
  reply.code(status);
  if (key === undefined) return inTransaction(db, work);
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new DomainError("validation", `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`, {
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
      const answer = await refusalsAsOutcome(tx, work);
      await tx
        .updateTable("idempotency_keys")
        .set({
          status: "completed",
          response_status: "refused" in answer ? answer.refused.status : status,
          response_body: JSON.stringify("refused" in answer ? storedRefusal(answer.refused) : answer.result),
        })
        .where("scope", "=", scope)
        .where("key", "=", key)
        .execute();
      return { claimed: true as const, answer };
    });
    if (outcome.claimed) {
      if ("refused" in outcome.answer) throw outcome.answer.refused;
      return outcome.answer.result;
    }

    const existing = await db
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("scope", "=", scope)
      .where("key", "=", key)
      .executeTakeFirst();
    if (existing && existing.fingerprint !== fingerprint) {
      throw new DomainError(
        "idempotency-key-reuse",
        "This Idempotency-Key was already used with a different request",
      );
    }
    if (existing?.status === "completed") {
      const storedStatus = existing.response_status ?? 200;
      const body = JSON.parse(existing.response_body ?? "null") as unknown;
      reply.header("idempotent-replayed", "true");
      if (storedStatus >= 400) {
        const { refusal } = body as StoredRefusal;
        const { type: _, ...extra } = refusal.extra;
        throw new DomainError(storedCode(refusal), refusal.detail, extra);
      }
      reply.code(storedStatus);
      return body as T;
    }
    // Gone (the first attempt failed and freed it) or not yet visible: try again shortly.
    if (Date.now() > deadline) throw inUse();
    await sleep(delay);
  }
}

/** Runs the work in a savepoint; a refusal (an DomainError) rolls it back and is returned, not thrown. */
async function refusalsAsOutcome<T>(
  tx: Transaction<DB>,
  work: (tx: Transaction<DB>) => Promise<T>,
): Promise<{ result: T } | { refused: DomainError }> {
  await sql`savepoint idempotent_work`.execute(tx);
  try {
    const result = await work(tx);
    await sql`release savepoint idempotent_work`.execute(tx);
    return { result };
  } catch (error) {
    if (!(error instanceof DomainError) || !OUTCOME_STATUSES.has(error.status)) throw error;
    await sql`rollback to savepoint idempotent_work`.execute(tx);
    await sql`release savepoint idempotent_work`.execute(tx);
    return { refused: error };
  }
}

const storedRefusal = (error: DomainError): StoredRefusal => ({
  refusal: { code: error.code, detail: error.detail, extra: error.extra },
});
