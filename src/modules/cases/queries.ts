// Reading cases: one by id or reference (with its messages), pages filtered by status, type,
// order, assignee and SLA breach, and the cases of an order. Every view carries its SLA now.
import { sql } from "kysely";
import { type Executor, isPostgres } from "../../db/transaction.js";
import {
  CASE_ACTIONS,
  type CasePublicAction,
  type CaseStatus,
  caseMachine,
  caseReference,
  parseCaseReference,
  type SlaPolicy,
  slaView,
} from "../../domain/cases.js";
import { notFound } from "../../domain/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import type { CaseDetail, CaseListQuery, CaseMessage, CaseView } from "./schemas.js";
import type { CasesTable } from "./tables.js";

/** A stored case with its numbers as numbers (PostgreSQL's bigint may come back as text). */
export type CaseRow = CasesTable;

const normalize = (r: CasesTable): CaseRow => ({
  ...r,
  number: Number(r.number),
  order_number: r.order_number === null ? null : Number(r.order_number),
  sla_paused_ms: Number(r.sla_paused_ms),
  version: Number(r.version),
});

const PUBLIC_ACTIONS = new Set<string>(CASE_ACTIONS);

export function toView(r: CaseRow, policy: SlaPolicy, now = new Date()): CaseView {
  const { dedupe_key: _, sla_paused_at: __, sla_paused_ms: ___, order_line_ids, ...rest } = r;
  return {
    ...rest,
    reference: caseReference(r.number),
    order_line_ids: JSON.parse(order_line_ids) as string[],
    sla: slaView(r, now, policy.atRiskPercent),
    allowed_actions: caseMachine
      .allowedActions(r.status)
      .filter((a): a is CasePublicAction => PUBLIC_ACTIONS.has(a)),
  };
}

/** `case_…` ids, and CS-1042 references for people typing them. */
function byIdOrReference(db: Executor, ref: string) {
  const q = db.selectFrom("cases").selectAll();
  if (ref.startsWith("case_")) return q.where("id", "=", ref);
  const number = parseCaseReference(ref);
  return number === null ? q.where("id", "=", ref) : q.where("number", "=", number);
}

export async function findCase(db: Executor, ref: string): Promise<CaseRow | null> {
  const row = await byIdOrReference(db, ref).executeTakeFirst();
  return row ? normalize(row) : null;
}

export async function getCaseRow(db: Executor, ref: string): Promise<CaseRow> {
  const row = await findCase(db, ref);
  if (!row) throw notFound("Case", ref);
  return row;
}

/**
 * The case under its row lock (PostgreSQL: FOR UPDATE; SQLite: writers hold the database's write
 * lock already), so changes to one case take turns and none is lost.
 */
export async function lockCase(tx: Executor, ref: string): Promise<CaseRow> {
  let q = byIdOrReference(tx, ref);
  if (isPostgres(tx)) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound("Case", ref);
  return normalize(row);
}

export async function messagesOf(db: Executor, caseId: string): Promise<CaseMessage[]> {
  return db
    .selectFrom("case_messages")
    .selectAll()
    .where("case_id", "=", caseId)
    .orderBy("id")
    .limit(5000)
    .execute();
}

export async function detailOf(db: Executor, row: CaseRow, policy: SlaPolicy): Promise<CaseDetail> {
  return { ...toView(row, policy), messages: await messagesOf(db, row.id) };
}

export async function getCase(db: Executor, ref: string, policy: SlaPolicy): Promise<CaseDetail> {
  return detailOf(db, await getCaseRow(db, ref), policy);
}

export async function listCases(db: Executor, filter: CaseListQuery, page: PageRequest, policy: SlaPolicy) {
  let q = db.selectFrom("cases").selectAll();
  if (filter.status) q = q.where("status", "in", filter.status as CaseStatus[]);
  if (filter.type) q = q.where("type", "=", filter.type);
  if (filter.priority) q = q.where("priority", "=", filter.priority);
  if (filter.order_id) q = q.where("order_id", "=", filter.order_id);
  if (filter.assignee_id === "none") q = q.where("assignee_id", "is", null);
  else if (filter.assignee_id) q = q.where("assignee_id", "=", filter.assignee_id);
  if (filter.customer_email) q = q.where("customer_email", "=", filter.customer_email.toLowerCase());
  if (filter.breached) {
    // The rule of isBreached() (src/domain/cases.ts): a target is missed when the instant its
    // clock stopped at, or now, is past it. ISO 8601 UTC instants compare as text.
    const now = new Date().toISOString();
    const missed = sql<boolean>`(first_response_due_at < coalesce(first_responded_at, resolved_at, ${now}) or resolution_due_at < coalesce(sla_paused_at, ${now}))`;
    q = q.where(filter.breached === "true" ? missed : sql<boolean>`not ${missed}`);
  }
  const result = await keysetPage(q, "id", page, "desc");
  const now = new Date();
  return {
    data: result.data.map((r) => toView(normalize(r), policy, now)),
    next_cursor: result.next_cursor,
  };
}

/** The cases about an order, newest first (an order has a handful). */
export async function rowsOfOrder(db: Executor, orderId: string, limit = 500): Promise<CaseRow[]> {
  const rows = await db
    .selectFrom("cases")
    .selectAll()
    .where("order_id", "=", orderId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map(normalize);
}

export async function casesOfOrder(db: Executor, orderId: string, policy: SlaPolicy): Promise<CaseView[]> {
  const now = new Date();
  return (await rowsOfOrder(db, orderId)).map((r) => toView(r, policy, now));
}
