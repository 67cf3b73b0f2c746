// From a sourcing plan to fulfillment orders: commits the stock at the chosen locations and
// creates one fulfillment order per location (and one location-less order for digital lines).
import { insertRows } from "../../db/buffered-inserts.js";
import type { Executor } from "../../db/transaction.js";
import { fulfillmentOrderMachine } from "../../domain/fulfillment-order.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { emitEvents } from "../events/index.js";
import { lockOrder, tryCommitStockBatch } from "../inventory/index.js";
import { type Plan, type PlanInput, planSourcing, recordDecision } from "../sourcing/index.js";
import type { FulfillmentOrder } from "./queries.js";
import { fulfillmentOrdersCreatedToday } from "./queries.js";
import type { FulfillmentOrderLinesTable, FulfillmentOrdersTable } from "./tables.js";

export interface Placement {
  key: string;
  sku: string;
  /** Null for digital lines. */
  locationId: string | null;
  quantity: number;
}

export interface SourcingOutcome {
  decisionIds: string[];
  plan: Plan;
  fulfillmentOrders: FulfillmentOrder[];
  placed: Placement[];
  /** Units nowhere could take: the caller backorders (or refuses) them. */
  unplaced: Array<{ key: string; sku: string; quantity: number }>;
}

/**
 * Sources lines, commits the stock at exactly the chosen locations (conditional updates; a
 * commit that loses a race is sourced once more with fresh stock), stores the decision and
 * creates one fulfillment order per location. Call inside the order's transaction.
 */
export async function sourceAndCommit(
  tx: Executor,
  ctx: RequestContext,
  args: { orderId: string; trigger: string; input: Omit<PlanInput, "capacityUsed"> },
): Promise<SourcingOutcome> {
  const decisionIds: string[] = [];
  const placed: Placement[] = [];
  const unplaced: SourcingOutcome["unplaced"] = [];
  const input: PlanInput = { ...args.input, capacityUsed: fulfillmentOrdersCreatedToday };
  const firstPlan = await planSourcing(tx, input);
  let plan = firstPlan;
  const dates = new Map<string, { ship: string; delivery: string }>();
  for (let attempt = 0; ; attempt++) {
    decisionIds.push(
      await recordDecision(tx, args.orderId, attempt === 0 ? args.trigger : `${args.trigger}_retry`, plan),
    );
    for (const p of plan.decision.packages)
      dates.set(p.locationId, { ship: p.shipDate, delivery: p.deliveryDate });
    const lost: Array<{ key: string; sku: string; quantity: number }> = [];
    // Stock rows are locked in (SKU, location) order so concurrent orders cannot deadlock.
    const ordered = [...plan.decision.allocations].sort(lockOrder);
    // One conditional UPDATE per (SKU, location) — the no-oversell guarantee — with the
    // movements and level events of all of them written as multi-row inserts.
    const commits = ordered.flatMap((a) => {
      const line = plan.physicalLines[a.lineIndex];
      return line ? [{ a, line }] : [];
    });
    const committed = await tryCommitStockBatch(
      tx,
      ctx,
      commits.map(({ a, line }) => ({
        sku: a.sku,
        locationId: a.locationId,
        quantity: a.quantity,
        reference: { type: "order_line", id: line.key },
        variant: plan.variants.get(a.sku),
      })),
    );
    commits.forEach(({ a, line }, i) => {
      if (committed[i])
        placed.push({ key: line.key, sku: a.sku, locationId: a.locationId, quantity: a.quantity });
      else lost.push({ key: line.key, sku: a.sku, quantity: a.quantity });
    });
    if (attempt === 0)
      for (const l of plan.digitalLines)
        placed.push({ key: l.key, sku: l.sku, locationId: null, quantity: l.quantity });
    for (const u of plan.decision.unfulfilled) {
      const line = plan.physicalLines[u.lineIndex];
      if (line) unplaced.push({ key: line.key, sku: u.sku, quantity: u.quantity });
    }
    if (lost.length === 0) break;
    if (attempt >= 1) {
      unplaced.push(...lost);
      break;
    }
    plan = await planSourcing(tx, { ...input, lines: lost });
  }
  const fulfillmentOrders = await createFulfillmentOrders(tx, ctx, {
    orderId: args.orderId,
    // Physical lines of a digital order ship; the digital lines get their own location-less order.
    fulfillmentType: args.input.fulfillmentType === "digital" ? "ship" : args.input.fulfillmentType,
    decisionId: decisionIds[0] ?? null,
    placed,
    dates,
  });
  return { decisionIds, plan: firstPlan, fulfillmentOrders, placed, unplaced };
}

export async function createFulfillmentOrders(
  tx: Executor,
  ctx: RequestContext,
  args: {
    orderId: string;
    fulfillmentType: FulfillmentOrdersTable["fulfillment_type"];
    decisionId: string | null;
    placed: readonly Placement[];
    dates: Map<string, { ship: string; delivery: string }>;
  },
): Promise<FulfillmentOrder[]> {
  const groups = new Map<string | null, Placement[]>();
  for (const p of args.placed) {
    const g = groups.get(p.locationId);
    if (g) g.push(p);
    else groups.set(p.locationId, [p]);
  }
  const created: FulfillmentOrder[] = [];
  const rows: FulfillmentOrdersTable[] = [];
  const lineRows: FulfillmentOrderLinesTable[] = [];
  const now = nowIso();
  for (const [locationId, placements] of groups) {
    const id = newId("fulfillmentOrder");
    const dates = locationId ? args.dates.get(locationId) : undefined;
    const row: FulfillmentOrdersTable = {
      id,
      order_id: args.orderId,
      location_id: locationId,
      fulfillment_type: locationId ? args.fulfillmentType : "digital",
      status: "open",
      promised_ship_date: dates?.ship ?? (locationId ? null : now.slice(0, 10)),
      promised_delivery_date: dates?.delivery ?? (locationId ? null : now.slice(0, 10)),
      sourcing_decision_id: args.decisionId,
      reason: null,
      version: 1,
      accepted_at: null,
      fulfilled_at: null,
      closed_at: null,
      created_at: now,
      updated_at: now,
    };
    const merged = new Map<string, FulfillmentOrderLinesTable>();
    for (const p of placements) {
      const k = `${p.key}|${p.sku}`;
      const existing = merged.get(k);
      if (existing) existing.quantity += p.quantity;
      else
        merged.set(k, {
          fulfillment_order_id: id,
          order_line_id: p.key,
          sku: p.sku,
          quantity: p.quantity,
          fulfilled_quantity: 0,
          shortage_quantity: 0,
          picked_quantity: 0,
        });
    }
    rows.push(row);
    lineRows.push(...merged.values());
    created.push({
      ...row,
      lines: [...merged.values()].map(({ fulfillment_order_id: _, ...l }) => ({ ...l })),
      allowed_actions: fulfillmentOrderMachine.allowedActions(row.status),
    });
  }
  if (rows.length === 0) return created;
  // Every fulfillment order of the plan, its lines and its events: multi-row inserts.
  await insertRows(tx, "fulfillment_orders", rows);
  await insertRows(tx, "fulfillment_order_lines", lineRows);
  for (const fo of created) {
    await recordAudit(tx, ctx, {
      action: "fulfillment_order.created",
      resourceType: "fulfillment_order",
      resourceId: fo.id,
      data: { order_id: args.orderId, location_id: fo.location_id, lines: fo.lines },
    });
  }
  await emitEvents(
    tx,
    ctx,
    created.map((fo) => ({
      type: "fulfillment_order.created",
      resourceType: "fulfillment_order",
      resourceId: fo.id,
      data: fo,
    })),
  );
  return created;
}
