import { insertRows } from "../../db/buffered-inserts.js";
import type { Executor } from "../../db/transaction.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId: string;
  data?: unknown;
}

/** Call inside the transaction that makes the change, so the trail and the change commit together. */
export async function recordAudit(tx: Executor, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await insertRows(tx, "audit_events", [
    {
      id: newId("audit"),
      actor_type: ctx.actor.type,
      actor_id: ctx.actor.id,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId,
      data: entry.data === undefined ? null : JSON.stringify(entry.data),
      request_id: ctx.requestId,
      created_at: nowIso(),
    },
  ]);
}

export interface AuditFilter {
  resource_type?: string | undefined;
  resource_id?: string | undefined;
  actor_id?: string | undefined;
  action?: string | undefined;
}

export async function listAuditEvents(db: Executor, filter: AuditFilter, page: PageRequest) {
  let query = db.selectFrom("audit_events").selectAll();
  if (filter.resource_type) query = query.where("resource_type", "=", filter.resource_type);
  if (filter.resource_id) query = query.where("resource_id", "=", filter.resource_id);
  if (filter.actor_id) query = query.where("actor_id", "=", filter.actor_id);
  if (filter.action) query = query.where("action", "=", filter.action);
  const result = await keysetPage(query, "id", page);
  return {
    data: result.data.map((r) => ({ ...r, data: r.data === null ? null : (JSON.parse(r.data) as unknown) })),
    next_cursor: result.next_cursor,
  };
}
