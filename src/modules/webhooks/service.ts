import { countByStatus } from "../../db/count.js";
import type { Executor } from "../../db/transaction.js";
import { inTransaction } from "../../db/transaction.js";
import { conflict, notFound, unprocessable } from "../../domain/errors.js";
import { matchesAny, matchesEventPattern } from "../../domain/event-types.js";
import { generateWebhookSecret } from "../../domain/webhook-signature.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { EventRow } from "../events/index.js";
import { EVENT_TYPES, emitEvent, TEST_EVENT_TYPE } from "../events/index.js";
import type { AddressGuard } from "./guard.js";
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from "./tables.js";

export interface EndpointView {
  id: string;
  url: string;
  description: string | null;
  event_types: string[];
  status: "enabled" | "disabled";
  disabled_reason: string | null;
  failing_since: string | null;
  consecutive_failures: number;
  created_at: string;
  updated_at: string;
}

export function endpointView(row: WebhookEndpointsTable): EndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: JSON.parse(row.event_types) as string[],
    status: row.status,
    disabled_reason: row.disabled_reason,
    failing_since: row.failing_since,
    consecutive_failures: row.consecutive_failures,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** Refuses (422) a URL that leads to this server or to link-local/metadata addresses. */
export async function assertUrlAllowed(guard: AddressGuard, url: string): Promise<void> {
  const problem = await guard.urlProblem(url);
  if (problem) {
    throw unprocessable(`This webhook URL is not allowed: ${problem}`, [
      { path: "body.url", message: problem },
    ]);
  }
}

async function endpointRow(db: Executor, id: string): Promise<WebhookEndpointsTable> {
  const row = await db.selectFrom("webhook_endpoints").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Webhook endpoint", id);
  return row;
}

export interface CreateEndpointInput {
  url: string;
  event_types: string[];
  description?: string | undefined;
  secret?: string | undefined;
}

/** A subscription that can never match (a typo such as `order.create`) is refused, naming each. */
function assertKnownEventTypes(patterns: readonly string[]): void {
  const known = [...EVENT_TYPES, TEST_EVENT_TYPE];
  const errors = patterns.flatMap((pattern, i) =>
    known.some((type) => matchesEventPattern(pattern, type))
      ? []
      : [
          {
            path: `body.event_types.${i}`,
            message: `No event is called ${pattern} (see GET /v1/event_types)`,
          },
        ],
  );
  if (errors.length) throw unprocessable("The endpoint subscribes to events that do not exist", errors);
}

/** Call `assertUrlAllowed` first (it resolves DNS, which does not belong inside a transaction). */
export async function createEndpoint(tx: Executor, ctx: RequestContext, input: CreateEndpointInput) {
  assertKnownEventTypes(input.event_types);
  const now = nowIso();
  const row: WebhookEndpointsTable = {
    id: newId("webhookEndpoint"),
    url: input.url,
    description: input.description ?? null,
    event_types: JSON.stringify([...new Set(input.event_types)]),
    secret: input.secret ?? generateWebhookSecret(),
    previous_secret: null,
    previous_secret_expires_at: null,
    status: "enabled",
    disabled_reason: null,
    failing_since: null,
    consecutive_failures: 0,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto("webhook_endpoints").values(row).execute();
  const view = endpointView(row);
  await recordAudit(tx, ctx, {
    action: "webhook_endpoint.created",
    resourceType: "webhook_endpoint",
    resourceId: row.id,
    data: view,
  });
  await emitEvent(tx, ctx, {
    type: "webhook_endpoint.created",
    resourceType: "webhook_endpoint",
    resourceId: row.id,
    data: view,
  });
  return { ...view, secret: row.secret };
}

export async function listEndpoints(db: Executor, page: PageRequest) {
  const result = await keysetPage(db.selectFrom("webhook_endpoints").selectAll(), "id", page);
  return { data: result.data.map(endpointView), next_cursor: result.next_cursor };
}

export async function getEndpoint(db: Executor, id: string): Promise<EndpointView> {
  return endpointView(await endpointRow(db, id));
}

export async function getEndpointSecret(db: Executor, id: string): Promise<{ secret: string }> {
  return { secret: (await endpointRow(db, id)).secret };
}

/** The secrets a delivery made at `at` is signed with: the current one, and the previous one until it expires. */
export function signingSecrets(
  e: { secret: string; previous_secret: string | null; previous_secret_expires_at: string | null },
  at: string,
): string[] {
  return e.previous_secret && e.previous_secret_expires_at && e.previous_secret_expires_at > at
    ? [e.secret, e.previous_secret]
    : [e.secret];
}

/**
 * Replaces the endpoint's signing secret (with `secret`, or a generated one). For
 * `keepPreviousHours` the old secret keeps signing too (each delivery carries both signatures),
 * so the receiver can switch to the new one without rejecting anything; 0 drops it at once.
 */
export async function rotateEndpointSecret(
  db: Executor,
  ctx: RequestContext,
  id: string,
  input: { secret?: string | undefined; keep_previous_hours: number },
): Promise<{ secret: string; previous_secret_expires_at: string | null }> {
  return inTransaction(db, async (tx) => {
    const before = await endpointRow(tx, id);
    const now = new Date();
    const secret = input.secret ?? generateWebhookSecret();
    if (secret === before.secret)
      throw unprocessable("The new secret must differ from the current one", [
        { path: "body.secret", message: "Same as the current secret" },
      ]);
    const expires =
      input.keep_previous_hours > 0
        ? new Date(now.getTime() + input.keep_previous_hours * 3_600_000).toISOString()
        : null;
    await tx
      .updateTable("webhook_endpoints")
      .set({
        secret,
        previous_secret: expires ? before.secret : null,
        previous_secret_expires_at: expires,
        updated_at: now.toISOString(),
      })
      .where("id", "=", id)
      .execute();
    // The audit trail says that and when, never the secrets.
    await recordAudit(tx, ctx, {
      action: "webhook_endpoint.secret_rotated",
      resourceType: "webhook_endpoint",
      resourceId: id,
      data: { previous_secret_expires_at: expires },
    });
    return { secret, previous_secret_expires_at: expires };
  });
}

export interface UpdateEndpointInput {
  url?: string | undefined;
  event_types?: string[] | undefined;
  description?: string | null | undefined;
  status?: "enabled" | "disabled" | undefined;
}

export async function updateEndpoint(
  db: Executor,
  ctx: RequestContext,
  id: string,
  input: UpdateEndpointInput,
) {
  if (input.event_types !== undefined) assertKnownEventTypes(input.event_types);
  return inTransaction(db, async (tx) => {
    const before = await endpointRow(tx, id);
    const changes: Partial<WebhookEndpointsTable> = { updated_at: nowIso() };
    if (input.url !== undefined) changes.url = input.url;
    if (input.event_types !== undefined)
      changes.event_types = JSON.stringify([...new Set(input.event_types)]);
    if (input.description !== undefined) changes.description = input.description;
    if (input.status === "enabled" && before.status !== "enabled") {
      Object.assign(changes, {
        status: "enabled",
        disabled_reason: null,
        failing_since: null,
        consecutive_failures: 0,
      });
    } else if (input.status === "disabled" && before.status !== "disabled") {
      Object.assign(changes, { status: "disabled", disabled_reason: "disabled by a user" });
    }
    await tx.updateTable("webhook_endpoints").set(changes).where("id", "=", id).execute();
    const view = endpointView({ ...before, ...changes });
    await recordAudit(tx, ctx, {
      action: "webhook_endpoint.updated",
      resourceType: "webhook_endpoint",
      resourceId: id,
      data: input,
    });
    await emitEvent(tx, ctx, {
      type: "webhook_endpoint.updated",
      resourceType: "webhook_endpoint",
      resourceId: id,
      data: view,
    });
    return view;
  });
}

export async function deleteEndpoint(db: Executor, ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await endpointRow(tx, id);
    const deliveries = tx.selectFrom("webhook_deliveries").select("id").where("endpoint_id", "=", id);
    await tx.deleteFrom("webhook_delivery_attempts").where("delivery_id", "in", deliveries).execute();
    await tx.deleteFrom("webhook_deliveries").where("endpoint_id", "=", id).execute();
    await tx.deleteFrom("webhook_endpoints").where("id", "=", id).execute();
    await recordAudit(tx, ctx, {
      action: "webhook_endpoint.deleted",
      resourceType: "webhook_endpoint",
      resourceId: id,
    });
    await emitEvent(tx, ctx, {
      type: "webhook_endpoint.deleted",
      resourceType: "webhook_endpoint",
      resourceId: id,
      data: endpointView(before),
    });
  });
}

// ── deliveries ──────────────────────────────────────────────────────────────

export function deliveryView(row: WebhookDeliveriesTable) {
  return {
    id: row.id,
    endpoint_id: row.endpoint_id,
    event_id: row.event_id,
    event_type: row.event_type,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: row.status === "pending" ? row.next_attempt_at : null,
    last_attempt_at: row.last_attempt_at,
    last_response_status: row.last_response_status,
    last_response_ms: row.last_response_ms,
    last_error: row.last_error,
    delivered_at: row.delivered_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export interface DeliveryFilter {
  endpoint_id?: string | undefined;
  event_id?: string | undefined;
  status?: "pending" | "succeeded" | "dead" | undefined;
}

export async function listDeliveries(db: Executor, filter: DeliveryFilter, page: PageRequest) {
  let q = db.selectFrom("webhook_deliveries").selectAll();
  if (filter.endpoint_id) q = q.where("endpoint_id", "=", filter.endpoint_id);
  if (filter.event_id) q = q.where("event_id", "=", filter.event_id);
  if (filter.status) q = q.where("status", "=", filter.status);
  const result = await keysetPage(q, "id", page);
  return { data: result.data.map(deliveryView), next_cursor: result.next_cursor };
}

async function deliveryRow(db: Executor, id: string): Promise<WebhookDeliveriesTable> {
  const row = await db.selectFrom("webhook_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Webhook delivery", id);
  return row;
}

export async function getDelivery(db: Executor, id: string) {
  const row = await deliveryRow(db, id);
  const attempts = await db
    .selectFrom("webhook_delivery_attempts")
    .select(["attempt", "attempted_at", "response_status", "duration_ms", "error"])
    .where("delivery_id", "=", id)
    .orderBy("attempted_at")
    .orderBy("id")
    .execute();
  return { ...deliveryView(row), attempt_log: attempts };
}

/**
 * Sends a delivery again now (succeeded or dead) with the same webhook-id; it starts over with a
 * full retry schedule (the attempt log keeps the history).
 */
export async function redeliver(db: Executor, ctx: RequestContext, id: string) {
  return inTransaction(db, async (tx) => {
    const row = await deliveryRow(tx, id);
    const endpoint = await endpointRow(tx, row.endpoint_id);
    if (endpoint.status !== "enabled")
      throw conflict(`Webhook endpoint ${endpoint.id} is disabled; enable it first`);
    const now = nowIso();
    if (row.status === "pending") {
      if (row.claim_expires_at && row.claim_expires_at > now)
        throw conflict("This delivery is being sent right now");
      await tx
        .updateTable("webhook_deliveries")
        .set({ next_attempt_at: now, updated_at: now })
        .where("id", "=", id)
        .execute();
    } else {
      await tx
        .updateTable("webhook_deliveries")
        .set({
          status: "pending",
          next_attempt_at: now,
          attempts: 0,
          claimed_by: null,
          claim_expires_at: null,
          updated_at: now,
        })
        .where("id", "=", id)
        .execute();
    }
    await recordAudit(tx, ctx, {
      action: "webhook_delivery.redelivered",
      resourceType: "webhook_delivery",
      resourceId: id,
    });
    return deliveryView(await deliveryRow(tx, id));
  });
}

/** A `webhook.test` message to the endpoint, signed and retried like any other. */
export async function pingEndpoint(db: Executor, ctx: RequestContext, id: string) {
  return inTransaction(db, async (tx) => {
    const endpoint = await endpointRow(tx, id);
    if (endpoint.status !== "enabled") throw conflict(`Webhook endpoint ${id} is disabled; enable it first`);
    const now = nowIso();
    const deliveryId = newId("webhookDelivery");
    const row: WebhookDeliveriesTable = {
      id: deliveryId,
      endpoint_id: id,
      event_id: null,
      event_type: "webhook.test",
      resource_key: `webhook_endpoint:${id}:${deliveryId}`,
      payload: JSON.stringify({
        id: deliveryId,
        type: "webhook.test",
        timestamp: now,
        resource: { type: "webhook_endpoint", id },
        data: { endpoint_id: id, message: "Test message from Ordo" },
      }),
      status: "pending",
      attempts: 0,
      next_attempt_at: now,
      claimed_by: null,
      claim_expires_at: null,
      last_attempt_at: null,
      last_response_status: null,
      last_response_ms: null,
      last_error: null,
      delivered_at: null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto("webhook_deliveries").values(row).execute();
    await recordAudit(tx, ctx, {
      action: "webhook_endpoint.pinged",
      resourceType: "webhook_endpoint",
      resourceId: id,
    });
    return deliveryView(row);
  });
}

/**
 * Fan-out: one delivery per event and enabled endpoint whose patterns match. Safe to run twice
 * for the same event (the pair is unique), so two processes can never double it.
 */
export async function createDeliveries(tx: Executor, events: readonly EventRow[]): Promise<number> {
  if (events.length === 0) return 0;
  const endpoints = await tx
    .selectFrom("webhook_endpoints")
    .select(["id", "event_types"])
    .where("status", "=", "enabled")
    .execute();
  if (endpoints.length === 0) return 0;
  const patterns = endpoints.map((e) => ({ id: e.id, patterns: JSON.parse(e.event_types) as string[] }));
  const now = nowIso();
  const rows: WebhookDeliveriesTable[] = [];
  for (const ev of events) {
    for (const e of patterns) {
      if (!matchesAny(e.patterns, ev.type)) continue;
      rows.push({
        id: newId("webhookDelivery"),
        endpoint_id: e.id,
        event_id: ev.id,
        event_type: ev.type,
        resource_key: `${ev.resource_type}:${ev.resource_id}`,
        payload: null,
        status: "pending",
        attempts: 0,
        next_attempt_at: now,
        claimed_by: null,
        claim_expires_at: null,
        last_attempt_at: null,
        last_response_status: null,
        last_response_ms: null,
        last_error: null,
        delivered_at: null,
        created_at: now,
        updated_at: now,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 200) {
    await tx
      .insertInto("webhook_deliveries")
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(["endpoint_id", "event_id"]).doNothing())
      .execute();
  }
  return rows.length;
}

/** Deliveries waiting, due now and dead, and endpoints switched off after failing. */
export async function webhookBacklog(db: Executor, now: string) {
  const due = await db
    .selectFrom("webhook_deliveries")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("next_attempt_at").as("oldest")])
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .executeTakeFirstOrThrow();
  const disabled = await db
    .selectFrom("webhook_endpoints")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "disabled")
    .executeTakeFirstOrThrow();
  return {
    pending: await countByStatus(db, "webhook_deliveries", "pending"),
    due: Number(due.n),
    oldest_due_at: due.oldest ?? null,
    dead: await countByStatus(db, "webhook_deliveries", "dead"),
    endpoints_disabled: Number(disabled.n),
  };
}
