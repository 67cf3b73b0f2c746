// Working cases: open one (from the console, the API, the portal or a delivery exception), reply
// or note, assign, move it through its workflow, change its priority. Every change is one
// transaction on the case's row lock, with a version bump, an audit row and an event.
import { sql } from "kysely";
import { type Executor, inTransaction, isPostgres } from "../../db/transaction.js";
import {
  type CasePriority,
  type CasePublicAction,
  type CaseSource,
  type CaseStatus,
  type CaseType,
  caseMachine,
  caseReference,
  clockAfterMove,
  dueTimes,
  messageRefusal,
  type SlaPolicy,
  statusAfterMessage,
} from "../../domain/cases.js";
import { badRequest, conflict, DomainError, type FieldError, unprocessable } from "../../domain/errors.js";
import { permissionsOfRole } from "../../domain/permissions.js";
import { newId, nowIso } from "../../lib/ids.js";
import { getUser, type RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { emitEvent, emitEvents } from "../events/index.js";
import { getOrder, type OrderView } from "../orders/index.js";
import { type CaseRow, detailOf, lockCase, toView } from "./queries.js";
import type { CaseDetail, CaseMessage, CreateCaseInput, UpdateCaseInput } from "./schemas.js";
import type { CaseMessagesTable, CasesTable } from "./tables.js";

/** Who wrote a message: the signed-in person or integration, the customer, or Ordo itself. */
export type Author =
  | { type: "staff" | "system"; id: string | null; name: string }
  | { type: "customer"; name: string };

export function authorOf(ctx: RequestContext): Author {
  return { type: ctx.actor.type === "system" ? "system" : "staff", id: ctx.actor.id, name: ctx.actor.name };
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** The order a case is about, or a 422 naming the field (an id in a body that names nothing). */
async function orderFor(tx: Executor, orderId: string): Promise<OrderView> {
  try {
    return await getOrder(tx, orderId);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404)
      throw unprocessable(`Order ${orderId} does not exist`, [
        { path: "body.order_id", message: "No such order" },
      ]);
    throw error;
  }
}

function checkLines(order: OrderView | null, lineIds: readonly string[] | undefined): string[] {
  const ids = [...new Set(lineIds ?? [])];
  if (ids.length === 0) return [];
  if (!order)
    throw badRequest("Order lines need the order they belong to", [
      { path: "body.order_line_ids", message: "Give order_id with order_line_ids" },
    ]);
  const known = new Set(order.lines.map((l) => l.id));
  const errors: FieldError[] = ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !known.has(id))
    .map(({ id, i }) => ({ path: `body.order_line_ids.${i}`, message: `${id} is not a line of this order` }));
  if (errors.length > 0) throw unprocessable(`Order #${order.number} has no such line`, errors);
  return ids;
}

/** A staff user who may work cases, with the name the case shows. */
async function assignee(db: Executor, userId: string): Promise<{ id: string; name: string }> {
  const refuse = (message: string) =>
    unprocessable(`User ${userId} cannot be assigned cases: ${message}`, [
      { path: "body.assignee_id", message },
    ]);
  let user: Awaited<ReturnType<typeof getUser>>;
  try {
    user = await getUser(db, userId);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw refuse("no such user");
    throw error;
  }
  if (!user.active) throw refuse("the user is deactivated");
  if (!permissionsOfRole(user.role).has("cases:write"))
    throw refuse(`the role ${user.role} does not work cases`);
  return { id: user.id, name: user.name };
}

/** The next case number: a lock-free sequence on PostgreSQL, the table's maximum on SQLite (one writer). */
function nextNumber(tx: Executor) {
  return isPostgres(tx)
    ? sql<number>`nextval('case_number_seq')`
    : sql<number>`(select coalesce(max(number), 1000) + 1 from cases)`;
}

async function insertMessage(
  tx: Executor,
  caseId: string,
  author: Author,
  visibility: CaseMessagesTable["visibility"],
  body: string,
  at: string,
): Promise<CaseMessage> {
  const row: CaseMessagesTable = {
    id: newId("caseMessage"),
    case_id: caseId,
    author_type: author.type,
    author_id: author.type === "customer" ? null : author.id,
    author_name: author.name,
    visibility,
    body,
    created_at: at,
  };
  await tx.insertInto("case_messages").values(row).execute();
  return row;
}

export interface NewCase {
  order?: OrderView | null;
  orderLineIds?: string[];
  shipmentId?: string | null;
  dedupeKey?: string | null;
  type: CaseType;
  subject: string;
  priority: CasePriority;
  customerEmail: string;
  customerName: string | null;
  assignee?: { id: string; name: string } | null;
  source: CaseSource;
  /** The customer's words (public), a staff note (internal), Ordo's note (internal): in this order. */
  messages?: Array<{ author: Author; visibility: "public" | "internal"; body: string }>;
}

/**
 * Inserts a checked case with its first messages, audits it and announces `case.opened`.
 * Returns null when `dedupeKey` already opened one (a cause opens one case).
 */
export async function insertCase(
  tx: Executor,
  ctx: RequestContext,
  c: NewCase,
  policy: SlaPolicy,
): Promise<CaseDetail | null> {
  const now = nowIso();
  const id = newId("case");
  const status: CaseStatus = c.assignee ? "open" : "new";
  const row: Omit<CasesTable, "number"> = {
    id,
    order_id: c.order?.id ?? null,
    order_number: c.order?.number ?? null,
    order_line_ids: JSON.stringify(c.orderLineIds ?? []),
    shipment_id: c.shipmentId ?? null,
    dedupe_key: c.dedupeKey ?? null,
    type: c.type,
    subject: c.subject,
    status,
    priority: c.priority,
    customer_email: normalizeEmail(c.customerEmail),
    customer_name: c.customerName,
    assignee_id: c.assignee?.id ?? null,
    assignee_name: c.assignee?.name ?? null,
    source: c.source,
    ...dueTimes({ priority: c.priority, created_at: now, sla_paused_ms: 0 }, policy),
    first_responded_at: null,
    resolved_at: null,
    closed_at: null,
    sla_paused_at: null,
    sla_paused_ms: 0,
    last_message_at: c.messages?.length ? now : null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  const inserted = await tx
    .insertInto("cases")
    .values({ ...row, number: nextNumber(tx) })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("number")
    .executeTakeFirst();
  if (!inserted) return null;
  const stored: CaseRow = { ...row, number: Number(inserted.number) };
  for (const m of c.messages ?? []) await insertMessage(tx, id, m.author, m.visibility, m.body, now);
  const detail = await detailOf(tx, stored, policy);
  await recordAudit(tx, ctx, {
    action: "case.opened",
    resourceType: "case",
    resourceId: id,
    data: { reference: detail.reference, order_id: row.order_id, type: row.type, source: row.source },
  });
  await emitEvent(tx, ctx, {
    type: "case.opened",
    resourceType: "case",
    resourceId: id,
    data: toView(stored, policy),
  });
  return detail;
}

/** A case opened by staff or an integration (`source` console or api). */
export async function createCase(
  db: Executor,
  ctx: RequestContext,
  input: CreateCaseInput,
  source: CaseSource,
  policy: SlaPolicy,
): Promise<CaseDetail> {
  return inTransaction(db, async (tx) => {
    const order = input.order_id ? await orderFor(tx, input.order_id) : null;
    const orderLineIds = checkLines(order, input.order_line_ids);
    const customerEmail = input.customer_email ?? order?.email;
    if (!customerEmail)
      throw badRequest("A case without an order needs the customer's e-mail", [
        { path: "body.customer_email", message: "Required when there is no order_id" },
      ]);
    const who = input.assignee_id ? await assignee(tx, input.assignee_id) : null;
    const customerName = input.customer_name || order?.customer_name || null;
    const messages: NewCase["messages"] = [];
    if (input.message)
      messages.push({
        author: { type: "customer", name: customerName ?? customerEmail },
        visibility: "public",
        body: input.message,
      });
    if (input.internal_note)
      messages.push({ author: authorOf(ctx), visibility: "internal", body: input.internal_note });
    const detail = await insertCase(
      tx,
      ctx,
      {
        order,
        orderLineIds,
        type: input.type,
        subject: input.subject,
        priority: input.priority,
        customerEmail,
        customerName,
        assignee: who,
        source,
        messages,
      },
      policy,
    );
    return detail as CaseDetail;
  });
}

type CaseEvent = "case.updated" | "case.resolved" | "case.closed" | "case.message_added";

/** Writes the changed fields on the next version (the row is locked: the check never fails but says why). */
async function save(
  tx: Executor,
  ctx: RequestContext,
  before: CaseRow,
  set: Partial<CasesTable>,
  audit: { action: string; data?: Record<string, unknown> },
  events: CaseEvent[],
  policy: SlaPolicy,
  message?: CaseMessage,
): Promise<CaseDetail> {
  const now = nowIso();
  const updated = await tx
    .updateTable("cases")
    .set({ ...set, version: before.version + 1, updated_at: now })
    .where("id", "=", before.id)
    .where("version", "=", before.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    throw conflict(`Case ${caseReference(before.number)} changed at the same time; retry`);
  const after: CaseRow = { ...before, ...set, version: before.version + 1, updated_at: now };
  await recordAudit(tx, ctx, {
    action: audit.action,
    resourceType: "case",
    resourceId: before.id,
    data: { reference: caseReference(before.number), status: after.status, ...audit.data },
  });
  const view = toView(after, policy);
  await emitEvents(
    tx,
    ctx,
    events.map((type) => ({
      type,
      resourceType: "case",
      resourceId: before.id,
      data: type === "case.message_added" ? { ...view, message } : view,
    })),
  );
  return detailOf(tx, after, policy);
}

const ACTION_EVENTS: Record<CasePublicAction, CaseEvent> = {
  open: "case.updated",
  await_customer: "case.updated",
  resolve: "case.resolved",
  close: "case.closed",
  reopen: "case.updated",
};

/** open, await_customer, resolve, close, reopen: refused with 409 when the workflow does not allow it. */
export async function transitionCase(
  db: Executor,
  ctx: RequestContext,
  ref: string,
  action: CasePublicAction,
  policy: SlaPolicy,
): Promise<CaseDetail> {
  return inTransaction(db, async (tx) => {
    const c = await lockCase(tx, ref);
    const subject = `Case ${caseReference(c.number)}`;
    const refusal = caseMachine.refusal(c.status, action, { subject });
    if (refusal) throw conflict(refusal, { current_status: c.status });
    const to = caseMachine.transitions[action].to[0] as CaseStatus;
    const clock = clockAfterMove(c, to, nowIso(), policy);
    return save(
      tx,
      ctx,
      c,
      clock,
      { action: `case.${action}`, data: { from: c.status } },
      [ACTION_EVENTS[action]],
      policy,
    );
  });
}

/**
 * A message on a case: a staff reply (public) or note (internal), or the customer's message. The
 * first public staff reply is the first response; a reply takes a new case; the customer writing
 * to a case that waits for them (or was resolved) opens it again. A closed case takes no more.
 */
export async function addMessage(
  db: Executor,
  ctx: RequestContext,
  ref: string,
  input: { body: string; visibility: "public" | "internal" },
  author: Author,
  policy: SlaPolicy,
): Promise<CaseDetail> {
  return inTransaction(db, async (tx) => {
    const c = await lockCase(tx, ref);
    const refusal = messageRefusal(c.status, `Case ${caseReference(c.number)}`);
    if (refusal) throw conflict(refusal, { current_status: c.status });
    if (author.type === "customer" && input.visibility !== "public")
      throw badRequest("Customers write public messages", [
        { path: "body.visibility", message: "Must be public" },
      ]);
    const now = nowIso();
    const message = await insertMessage(tx, c.id, author, input.visibility, input.body, now);
    const to = statusAfterMessage(c.status, { author: author.type, visibility: input.visibility });
    const set: Partial<CasesTable> = { last_message_at: now };
    if (to !== c.status) Object.assign(set, clockAfterMove(c, to, now, policy));
    const firstResponse =
      author.type === "staff" && input.visibility === "public" && c.first_responded_at === null;
    if (firstResponse) set.first_responded_at = now;
    const events: CaseEvent[] = ["case.message_added"];
    if (to !== c.status) events.push("case.updated");
    return save(
      tx,
      ctx,
      c,
      set,
      {
        action: "case.message_added",
        data: {
          message_id: message.id,
          visibility: message.visibility,
          author_type: message.author_type,
          ...(to !== c.status && { from: c.status }),
        },
      },
      events,
      policy,
      message,
    );
  });
}

/** Gives the case to a staff user (a new case is then open), or takes it from them (null). */
export async function assignCase(
  db: Executor,
  ctx: RequestContext,
  ref: string,
  assigneeId: string | null,
  policy: SlaPolicy,
): Promise<CaseDetail> {
  return inTransaction(db, async (tx) => {
    const c = await lockCase(tx, ref);
    if (c.status === "closed")
      throw conflict(`Case ${caseReference(c.number)} is closed; it cannot be assigned`, {
        current_status: c.status,
      });
    const who = assigneeId ? await assignee(tx, assigneeId) : null;
    const set: Partial<CasesTable> = { assignee_id: who?.id ?? null, assignee_name: who?.name ?? null };
    if (who && caseMachine.refusal(c.status, "take") === null)
      Object.assign(set, clockAfterMove(c, "open", nowIso(), policy));
    return save(
      tx,
      ctx,
      c,
      set,
      {
        action: "case.assigned",
        data: { assignee_id: set.assignee_id, previous_assignee_id: c.assignee_id },
      },
      ["case.updated"],
      policy,
    );
  });
}

/** Type, subject, lines, the customer's name, or the priority (which moves the SLA targets). */
export async function updateCase(
  db: Executor,
  ctx: RequestContext,
  ref: string,
  input: UpdateCaseInput,
  policy: SlaPolicy,
): Promise<CaseDetail> {
  return inTransaction(db, async (tx) => {
    const c = await lockCase(tx, ref);
    if (c.status === "closed")
      throw conflict(`Case ${caseReference(c.number)} is closed; it cannot change`, {
        current_status: c.status,
      });
    const set: Partial<CasesTable> = {};
    if (input.type !== undefined) set.type = input.type;
    if (input.subject !== undefined) set.subject = input.subject;
    if (input.customer_name !== undefined) set.customer_name = input.customer_name || null;
    if (input.order_line_ids !== undefined) {
      const order = c.order_id ? await orderFor(tx, c.order_id) : null;
      set.order_line_ids = JSON.stringify(checkLines(order, input.order_line_ids));
    }
    if (input.priority !== undefined && input.priority !== c.priority) {
      set.priority = input.priority;
      Object.assign(set, dueTimes({ ...c, priority: input.priority }, policy));
    }
    return save(
      tx,
      ctx,
      c,
      set,
      { action: "case.updated", data: { changed: Object.keys(set) } },
      ["case.updated"],
      policy,
    );
  });
}
