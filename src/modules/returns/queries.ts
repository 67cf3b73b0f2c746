// Reading returns: one with its lines, an order's, a page of them, and the view the API shows.
import { type Executor, isPostgres } from "../../db/transaction.js";
import { notFound } from "../../domain/errors.js";
import type { RefundBreakdown } from "../../domain/returns.js";
import { returnMachine } from "../../domain/returns.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import type { ReturnLinesTable, ReturnsTable } from "./tables.js";

export interface StoredReturn extends ReturnsTable {
  lines: ReturnLinesTable[];
}

export function returnView(r: StoredReturn) {
  const { refund_breakdown, label_token_hash: _, ...rest } = r;
  return {
    ...rest,
    order_number: Number(r.order_number),
    label_cost: r.label_cost === null ? null : Number(r.label_cost),
    refund_due: r.refund_due === null ? null : Number(r.refund_due),
    refunded_amount: r.refunded_amount === null ? null : Number(r.refunded_amount),
    refund_breakdown: refund_breakdown ? (JSON.parse(refund_breakdown) as RefundBreakdown) : null,
    lines: r.lines.map(({ return_id: _, ...l }) => l),
    allowed_actions: returnMachine.allowedActions(r.status),
  };
}
export type ReturnView = ReturnType<typeof returnView>;

async function withLines(db: Executor, rows: ReturnsTable[]): Promise<StoredReturn[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .selectFrom("return_lines")
    .selectAll()
    .where(
      "return_id",
      "in",
      rows.map((r) => r.id),
    )
    .orderBy("order_line_id")
    .execute();
  return rows.map((r) => ({ ...r, lines: lines.filter((l) => l.return_id === r.id) }));
}

/** One return; `lock`: under its row lock (PostgreSQL), so two receipts of it take turns. */
export async function getStoredReturn(db: Executor, id: string, lock = false): Promise<StoredReturn> {
  let q = db.selectFrom("returns").selectAll().where("id", "=", id);
  if (lock && isPostgres(db)) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound("Return", id);
  const [found] = await withLines(db, [row]);
  return found!;
}

export async function returnsOfOrder(db: Executor, orderId: string): Promise<StoredReturn[]> {
  const rows = await db
    .selectFrom("returns")
    .selectAll()
    .where("order_id", "=", orderId)
    .orderBy("id")
    .execute();
  return withLines(db, rows);
}

export async function listReturns(
  db: Executor,
  filter: { status?: string | undefined; order_id?: string | undefined; location_id?: string | undefined },
  page: PageRequest,
) {
  let q = db.selectFrom("returns").selectAll();
  if (filter.status) q = q.where("status", "=", filter.status as ReturnsTable["status"]);
  if (filter.order_id) q = q.where("order_id", "=", filter.order_id);
  if (filter.location_id) q = q.where("location_id", "=", filter.location_id);
  const result = await keysetPage(q, "id", page);
  return { data: (await withLines(db, result.data)).map(returnView), next_cursor: result.next_cursor };
}

/** A customer's store credit balance per currency. */
export async function storeCreditBalance(db: Executor, email: string) {
  const rows = await db
    .selectFrom("store_credit_entries")
    .select(["currency", (eb) => eb.fn.sum<number>("amount").as("balance")])
    .where("email", "=", email.trim().toLowerCase())
    .groupBy("currency")
    .orderBy("currency")
    .execute();
  return rows.map((r) => ({ currency: r.currency, balance: Number(r.balance) }));
}
