// Keeps order_facts and kpi_daily current in the order's own transaction: the new fact is derived
// from the order (and its old fact), and the rollup moves by the difference of their contributions.
import type { Insertable } from "kysely";
import { insertRows, upsertAddingRows } from "../../db/buffered-inserts.js";
import type { Executor } from "../../db/transaction.js";
import {
  COUNTERS,
  type Counters,
  FINISHED_STATUSES,
  type RollupKey,
  rollupDelta,
  shardOf,
} from "../../domain/analytics.js";
import { nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { fulfillmentOrderSummaries } from "../fulfillment/index.js";
import type { OrderChanged } from "../orders/index.js";
import type { KpiDailyTable, OrderFactsTable } from "./tables.js";

/** Rollup rows per key: concurrent captures of one channel's day spread over this many rows. */
export const SHARDS = 4;

type View = OrderChanged["after"];

interface FulfillmentFacts {
  count: number;
  promise: string | null;
}

const maxDate = (dates: ReadonlyArray<string | null>) =>
  dates.filter((d): d is string => !!d).reduce<string | null>((m, d) => (m === null || d > m ? d : m), null);

/** The order's fact after a change, from the order, its fulfillment orders and its previous fact. */
export function deriveFact(
  order: View,
  old: OrderFactsTable | null,
  fulfillment: FulfillmentFacts,
  now: string,
  damagedNow = 0,
): OrderFactsTable {
  const placedAt = order.placed_at ?? order.created_at;
  const f = order.fulfillment;
  const address = order.shipping_address ?? order.billing_address;
  // Units that have left (shipped, delivered or back): more than before means another package.
  const outNow = f.shipped + f.delivered + f.returned;
  const firstShipped = old?.first_shipped_at ?? (outNow > 0 ? now : null);
  const lastShipped = outNow > (old?.shipped_units ?? 0) ? now : (old?.last_shipped_at ?? null);
  const deliveredAll = f.delivered + f.returned > 0 && f.shipped === 0 && open(order) === 0;
  const deliveredAt = old?.delivered_at ?? (deliveredAll ? now : null);
  const promised = order.requested_delivery_date ?? fulfillment.promise ?? old?.promised_date ?? null;
  const finished = FINISHED_STATUSES.has(order.status) || deliveredAt !== null;
  const cancelledUnits = f.cancelled;
  return {
    order_id: order.id,
    number: order.number,
    channel_id: order.channel_id,
    country: address?.country ?? "",
    region: address?.region ?? "",
    placed_date: placedAt.slice(0, 10),
    placed_at: placedAt,
    currency: order.currency,
    grand_total: order.totals.grand_total,
    lines: order.lines.length,
    units: f.quantity,
    cancelled_units: cancelledUnits,
    shipped_units: outNow,
    backordered: old ? old.backordered : f.backordered > 0 ? 1 : 0,
    fo_count: Math.max(old?.fo_count ?? 0, fulfillment.count),
    first_shipped_at: firstShipped,
    last_shipped_at: lastShipped,
    delivered_at: deliveredAt,
    promised_date: promised,
    on_time: deliveredAt && promised ? (deliveredAt.slice(0, 10) <= promised ? 1 : 0) : null,
    in_full: finished ? (cancelledUnits === 0 && f.quantity > 0 ? 1 : 0) : null,
    returned_units: f.returned,
    damaged_units: (old?.damaged_units ?? 0) + damagedNow,
    status: order.status,
    status_since: old && old.status === order.status ? old.status_since : now,
    shard: old?.shard ?? shardOf(order.id, SHARDS),
    updated_at: now,
  };
}

const open = (order: View) =>
  order.fulfillment.quantity -
  order.fulfillment.cancelled -
  order.fulfillment.shipped -
  order.fulfillment.delivered -
  order.fulfillment.returned;

/** Distinct places the capture's lines were committed at (its fulfillment orders, not stored yet). */
function capturedSplit(order: View): number {
  const places = new Set<string>();
  for (const line of order.lines)
    for (const a of line.allocations) if (a.quantity > 0) places.add(a.location_id);
  return places.size;
}

type DeltaRow = { key: RollupKey; counters: Counters };

function rollupRow(row: DeltaRow): Insertable<KpiDailyTable> {
  return { ...row.key, ...row.counters };
}

const ROLLUP_CONFLICT = { columns: ["date", "channel_id", "country", "currency", "shard"], add: COUNTERS };

/**
 * Adds each delta row to its rollup row (created when missing): x = x + Δ, an upsert safe under
 * concurrency; on the capture path it joins the capture's buffered statement.
 */
async function applyDelta(tx: Executor, rows: readonly DeltaRow[]): Promise<void> {
  await upsertAddingRows(tx, "kpi_daily", ROLLUP_CONFLICT, rows.map(rollupRow));
}

/** The capture hook: a placed order's first fact and its rollup counts, in the capture's transaction. */
export async function factOnCapture(tx: Executor, _ctx: RequestContext, order: View): Promise<void> {
  if (!order.placed_at) return; // drafts count once placed
  const fact = deriveFact(order, null, { count: capturedSplit(order), promise: null }, nowIso());
  await insertRows(tx, "order_facts", [fact]);
  await applyDelta(tx, rollupDelta(null, fact));
}

/** The order-changed hook: the fact moves to the order's new state, and the rollup by the difference. */
export async function factOnChange(tx: Executor, _ctx: RequestContext, change: OrderChanged): Promise<void> {
  const order = change.after;
  if (!order.placed_at) return;
  const old =
    (await tx.selectFrom("order_facts").selectAll().where("order_id", "=", order.id).executeTakeFirst()) ??
    null;
  const fos = await fulfillmentOrderSummaries(tx, order.id);
  const live = fos.filter((fo) => fo.status !== "rejected" && fo.status !== "cancelled");
  const damaged = change.action === "order.returned" ? damagedOf(change.data) : 0;
  const fact = deriveFact(
    order,
    old,
    { count: live.length, promise: maxDate(live.map((fo) => fo.promised_delivery_date)) },
    nowIso(),
    damaged,
  );
  if (old) {
    const { order_id, ...rest } = fact;
    await tx.updateTable("order_facts").set(rest).where("order_id", "=", order_id).execute();
  } else await tx.insertInto("order_facts").values(fact).execute();
  await applyDelta(tx, rollupDelta(old, fact));
}

function damagedOf(data: unknown): number {
  const n = (data as { damaged_units?: unknown } | null)?.damaged_units;
  return typeof n === "number" && n > 0 ? n : 0;
}
