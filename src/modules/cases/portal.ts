// Cases as the customer sees them, on the tracking portal: whoever proves an order (its number
// and e-mail, as for tracking it) may open a case about it, read its cases and write to them.
// They read the public conversation only: internal notes, assignees and SLA stay with staff.
import type { Executor } from "../../db/transaction.js";
import { inTransaction } from "../../db/transaction.js";
import {
  ACTIVE_CASE_STATUSES,
  type CaseStatus,
  parseCaseReference,
  type SlaPolicy,
} from "../../domain/cases.js";
import { conflict, DomainError, unprocessable } from "../../domain/errors.js";
import type { Actor, RequestContext } from "../access/index.js";
import type { OrderView } from "../orders/index.js";
import { provenOrder } from "../portal/index.js";
import { detailOf, findCase, rowsOfOrder } from "./queries.js";
import type { CaseDetail, PortalCase } from "./schemas.js";
import { addMessage, insertCase } from "./service.js";

/** Who acts for a customer on the portal: no person signs in, the order's proof is the right. */
const PORTAL_ACTOR: Actor = {
  type: "system",
  id: "portal",
  name: "Customer (portal)",
  role: null,
  permissions: new Set(),
};

export const portalContext = (requestId: string): RequestContext => ({ actor: PORTAL_ACTOR, requestId });

/** Cases a customer may have open about one order at once: a form is not a way to flood the queue. */
const MAX_ACTIVE_PER_ORDER = 10;

const STATUS_LABELS: Record<CaseStatus, string> = {
  new: "Received",
  open: "In progress",
  awaiting_customer: "Waiting for your reply",
  resolved: "Resolved",
  closed: "Closed",
};

export function toPortalCase(c: CaseDetail): PortalCase {
  return {
    reference: c.reference,
    type: c.type,
    subject: c.subject,
    status: c.status,
    status_label: STATUS_LABELS[c.status],
    created_at: c.created_at,
    updated_at: c.updated_at,
    messages: c.messages
      .filter((m) => m.visibility === "public")
      .map((m) => ({
        from: m.author_type === "customer" ? ("you" as const) : ("support" as const),
        // Staff stay unnamed to customers, as everywhere on the portal.
        author_name: m.author_type === "customer" ? m.author_name : "Customer service",
        body: m.body,
        created_at: m.created_at,
      })),
  };
}

interface Proof {
  number: string;
  email: string;
}

const customerOf = (order: OrderView) => ({
  type: "customer" as const,
  name: order.customer_name ?? order.email,
});

const caseNotFound = (reference: string) =>
  new DomainError("not-found", `No case ${reference} about this order`);

/** The case, if it is about the proven order; the same 404 otherwise. */
async function caseOfOrder(db: Executor, order: OrderView, reference: string) {
  const number = parseCaseReference(reference);
  const row = number === null ? null : await findCase(db, `CS-${number}`);
  if (!row || row.order_id !== order.id) throw caseNotFound(reference);
  return row;
}

export async function portalOpenCase(
  db: Executor,
  ctx: RequestContext,
  input: Proof & { type: CaseDetail["type"]; subject: string; message: string; skus?: string[] | undefined },
  policy: SlaPolicy,
): Promise<PortalCase> {
  return inTransaction(db, async (tx) => {
    const order = await provenOrder(tx, input);
    const bySku = new Map(order.lines.map((l) => [l.sku, l.id]));
    const skus = [...new Set(input.skus ?? [])];
    const unknown = skus
      .map((sku, i) => ({ sku, i }))
      .filter(({ sku }) => !bySku.has(sku))
      .map(({ sku, i }) => ({ path: `body.skus.${i}`, message: `${sku} is not in this order` }));
    if (unknown.length > 0) throw unprocessable("Some items are not in this order", unknown);
    const active = await tx
      .selectFrom("cases")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("order_id", "=", order.id)
      .where("status", "in", [...ACTIVE_CASE_STATUSES])
      .executeTakeFirst();
    if (Number(active?.n ?? 0) >= MAX_ACTIVE_PER_ORDER)
      throw conflict(
        `Order #${order.number} already has ${MAX_ACTIVE_PER_ORDER} open requests; write to one of them instead`,
      );
    const detail = await insertCase(
      tx,
      ctx,
      {
        order,
        orderLineIds: skus.map((sku) => bySku.get(sku) as string),
        type: input.type,
        subject: input.subject,
        priority: "normal",
        customerEmail: order.email,
        customerName: order.customer_name,
        source: "portal",
        messages: [{ author: customerOf(order), visibility: "public", body: input.message }],
      },
      policy,
    );
    return toPortalCase(detail as CaseDetail);
  });
}

/** The proven order's cases, newest first, each with its public conversation. */
export async function portalCases(
  db: Executor,
  proof: Proof,
  policy: SlaPolicy,
): Promise<{ data: PortalCase[] }> {
  const order = await provenOrder(db, proof);
  const data: PortalCase[] = [];
  for (const row of await rowsOfOrder(db, order.id, 50))
    data.push(toPortalCase(await detailOf(db, row, policy)));
  return { data };
}

export async function portalCase(db: Executor, reference: string, proof: Proof, policy: SlaPolicy) {
  const order = await provenOrder(db, proof);
  return toPortalCase(await detailOf(db, await caseOfOrder(db, order, reference), policy));
}

/** The customer writes to their case (a case waiting for them, or resolved, opens again). */
export async function portalAddMessage(
  db: Executor,
  ctx: RequestContext,
  reference: string,
  input: Proof & { message: string },
  policy: SlaPolicy,
): Promise<PortalCase> {
  return inTransaction(db, async (tx) => {
    const order = await provenOrder(tx, input);
    const row = await caseOfOrder(tx, order, reference);
    const detail = await addMessage(
      tx,
      ctx,
      row.id,
      { body: input.message, visibility: "public" },
      customerOf(order),
      policy,
    );
    return toPortalCase(detail);
  });
}
