// Fulfillment orders: the sourcing plan decomposed into one work order per location and
// fulfillment type, each committing its stock at exactly that location, with a lifecycle
// (open → accepted → in_progress → fulfilled, or rejected / cancelled) and re-sourcing when a
// location rejects or is short.
import { insertRows } from "../../db/buffered-inserts.js";
import { type Executor, inTransaction } from "../../db/transaction.js";
import { distanceKm } from "../../domain/geo.js";
import { promiseDates } from "../../domain/sourcing/index.js";
import { conflict, notFound, unprocessable } from "../../http/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/actor.js";
import { recordAudit } from "../audit/service.js";
import { emitEvent, emitEvents } from "../events/outbox.js";
import { lockOrder, releaseStock, shipStock, tryCommitStockBatch } from "../inventory/service.js";
import { getLocationsByIds } from "../locations/service.js";
import { resolveRule, toEngineRules } from "../sourcing/rules.js";
import {
  type Plan,
  type PlanInput,
  placeOf,
  planSourcing,
  reasonText,
  recordDecision,
} from "../sourcing/service.js";
import * as orderSide from "./order-side.js";
import type { ShortageInput } from "./schemas.js";
import type { FulfillmentOrderLinesTable, FulfillmentOrderStatus, FulfillmentOrdersTable } from "./tables.js";

export interface FulfillmentOrder extends FulfillmentOrdersTable {
  lines: Array<Omit<FulfillmentOrderLinesTable, "fulfillment_order_id">>;
}

async function withLines(db: Executor, rows: FulfillmentOrdersTable[]): Promise<FulfillmentOrder[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .selectFrom("fulfillment_order_lines")
    .selectAll()
    .where(
      "fulfillment_order_id",
      "in",
      rows.map((r) => r.id),
    )
    .orderBy("order_line_id")
    .orderBy("sku")
    .execute();
  return rows.map((r) => ({
    ...r,
    lines: lines.filter((l) => l.fulfillment_order_id === r.id).map(({ fulfillment_order_id: _, ...l }) => l),
  }));
}

export async function getFulfillmentOrder(db: Executor, id: string): Promise<FulfillmentOrder> {
  const row = await db.selectFrom("fulfillment_orders").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Fulfillment order", id);
  return (await withLines(db, [row]))[0] as FulfillmentOrder;
}

export interface FoFilter {
  location_id?: string | undefined;
  status?: FulfillmentOrderStatus | undefined;
  order_id?: string | undefined;
}

export async function listFulfillmentOrders(db: Executor, filter: FoFilter, page: PageRequest) {
  let q = db.selectFrom("fulfillment_orders").selectAll();
  if (filter.location_id) q = q.where("location_id", "=", filter.location_id);
  if (filter.status) q = q.where("status", "=", filter.status);
  if (filter.order_id) q = q.where("order_id", "=", filter.order_id);
  const result = await keysetPage(q, "id", page, "desc");
  return { data: await withLines(db, result.data), next_cursor: result.next_cursor };
}

/** Every fulfillment order of an order, oldest first. */
export async function fulfillmentOrdersOfOrder(db: Executor, orderId: string): Promise<FulfillmentOrder[]> {
  const rows = await db
    .selectFrom("fulfillment_orders")
    .selectAll()
    .where("order_id", "=", orderId)
    .orderBy("id")
    .execute();
  return withLines(db, rows);
}

// ---------------------------------------------------------------- sourcing → fulfillment orders

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
  args: { orderId: string; trigger: string; input: PlanInput },
): Promise<SourcingOutcome> {
  const decisionIds: string[] = [];
  const placed: Placement[] = [];
  const unplaced: SourcingOutcome["unplaced"] = [];
  const firstPlan = await planSourcing(tx, args.input);
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
    plan = await planSourcing(tx, { ...args.input, lines: lost });
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

async function createFulfillmentOrders(
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
        });
    }
    rows.push(row);
    lineRows.push(...merged.values());
    created.push({
      ...row,
      lines: [...merged.values()].map(({ fulfillment_order_id: _, ...l }) => ({ ...l })),
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

// ---------------------------------------------------------------- lifecycle

const OPEN_STATES: readonly FulfillmentOrderStatus[] = ["open", "accepted", "in_progress"];

async function transition(
  tx: Executor,
  fo: FulfillmentOrder,
  to: FulfillmentOrderStatus,
  from: readonly FulfillmentOrderStatus[],
  extra: Partial<FulfillmentOrdersTable> = {},
): Promise<FulfillmentOrder> {
  if (!from.includes(fo.status)) {
    throw conflict(`Fulfillment order ${fo.id} is ${fo.status}; it cannot become ${to}`, {
      current_status: fo.status,
    });
  }
  const now = nowIso();
  const updated = await tx
    .updateTable("fulfillment_orders")
    .set({ ...extra, status: to, version: fo.version + 1, updated_at: now })
    .where("id", "=", fo.id)
    .where("version", "=", fo.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) {
    throw conflict(`Fulfillment order ${fo.id} changed at the same time; retry`);
  }
  return getFulfillmentOrder(tx, fo.id);
}

async function announce(
  tx: Executor,
  ctx: RequestContext,
  fo: FulfillmentOrder,
  action: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(tx, ctx, {
    action: `fulfillment_order.${action}`,
    resourceType: "fulfillment_order",
    resourceId: fo.id,
    data: { order_id: fo.order_id, status: fo.status, ...data },
  });
  await emitEvent(tx, ctx, {
    type: `fulfillment_order.${action}`,
    resourceType: "fulfillment_order",
    resourceId: fo.id,
    data: fo,
  });
}

export async function acceptFulfillmentOrder(
  db: Executor,
  ctx: RequestContext,
  id: string,
): Promise<FulfillmentOrder> {
  return inTransaction(db, async (tx) => {
    const fo = await getFulfillmentOrder(tx, id);
    await orderSide.assertNotHeld(tx, fo.order_id);
    const next = await transition(tx, fo, "accepted", ["open"], { accepted_at: nowIso() });
    await announce(tx, ctx, next, "accepted");
    await orderSide.changeOrder(tx, ctx, fo.order_id, {
      action: "fulfillment_order.accepted",
      message: `${locationName(fo)} accepted ${fo.id}`,
      data: { fulfillment_order_id: fo.id },
    });
    return next;
  });
}

export async function startFulfillmentOrder(
  db: Executor,
  ctx: RequestContext,
  id: string,
): Promise<FulfillmentOrder> {
  return inTransaction(db, async (tx) => {
    const fo = await getFulfillmentOrder(tx, id);
    await orderSide.assertNotHeld(tx, fo.order_id);
    const next = await transition(tx, fo, "in_progress", ["open", "accepted"], {
      accepted_at: fo.accepted_at ?? nowIso(),
    });
    await announce(tx, ctx, next, "in_progress");
    return next;
  });
}

const locationName = (fo: FulfillmentOrder) =>
  fo.location_id ? `Location ${fo.location_id}` : "Digital delivery";

const remaining = (l: FulfillmentOrder["lines"][number]) => l.quantity - l.fulfilled_quantity;

/** Ships everything left on the fulfillment order: stock leaves its location. */
export async function fulfilFulfillmentOrder(
  db: Executor,
  ctx: RequestContext,
  id: string,
): Promise<FulfillmentOrder> {
  return inTransaction(db, async (tx) => {
    const fo = await getFulfillmentOrder(tx, id);
    await orderSide.assertNotHeld(tx, fo.order_id);
    const next = await transition(tx, fo, "fulfilled", OPEN_STATES, {
      fulfilled_at: nowIso(),
      closed_at: nowIso(),
      accepted_at: fo.accepted_at ?? nowIso(),
    });
    const shipped: NonNullable<orderSide.FulfillmentChange["shipped"]>[number][] = [];
    for (const line of fo.lines) {
      const q = remaining(line);
      if (q <= 0) continue;
      if (fo.location_id) {
        await shipStock(tx, ctx, {
          sku: line.sku,
          locationId: fo.location_id,
          quantity: q,
          reference: { type: "order_line", id: line.order_line_id },
        });
      }
      await tx
        .updateTable("fulfillment_order_lines")
        .set({ fulfilled_quantity: line.quantity })
        .where("fulfillment_order_id", "=", fo.id)
        .where("order_line_id", "=", line.order_line_id)
        .where("sku", "=", line.sku)
        .execute();
      shipped.push({ lineId: line.order_line_id, locationId: fo.location_id, quantity: q });
    }
    const done = await getFulfillmentOrder(tx, id);
    await announce(tx, ctx, done, "fulfilled");
    await orderSide.changeOrder(tx, ctx, fo.order_id, {
      shipped,
      action: "fulfillment_order.fulfilled",
      message: `${locationName(fo)} fulfilled ${fo.id}`,
      data: { fulfillment_order_id: fo.id, lines: done.lines },
    });
    void next;
    return done;
  });
}

/** Releases the stock still committed by some lines of a fulfillment order at its location. */
async function releaseLines(
  tx: Executor,
  ctx: RequestContext,
  fo: FulfillmentOrder,
  units: ReadonlyArray<{ order_line_id: string; sku: string; quantity: number }>,
): Promise<void> {
  if (!fo.location_id) return;
  for (const u of units) {
    if (u.quantity <= 0) continue;
    await releaseStock(tx, ctx, {
      sku: u.sku,
      locationId: fo.location_id,
      quantity: u.quantity,
      reference: { type: "order_line", id: u.order_line_id },
    });
  }
}

export interface ResourcingResult {
  fulfillment_order: FulfillmentOrder;
  resourced_to: FulfillmentOrder[];
  backordered: Array<{ order_line_id: string; sku: string; quantity: number }>;
}

/**
 * Sources units again after `fo`'s location gave them up, excluding every location that already
 * rejected or was short on this order; commits elsewhere or backorders; writes the timeline.
 */
async function resource(
  tx: Executor,
  ctx: RequestContext,
  fo: FulfillmentOrder,
  units: ReadonlyArray<{ order_line_id: string; sku: string; quantity: number }>,
  why: { trigger: "rejection" | "shortage"; reason: string },
): Promise<Omit<ResourcingResult, "fulfillment_order">> {
  const toSource = units.filter((u) => u.quantity > 0);
  if (toSource.length === 0 || !fo.location_id) return { resourced_to: [], backordered: [] };
  const order = await orderSide.orderContext(tx, fo.order_id);
  const siblings = await fulfillmentOrdersOfOrder(tx, fo.order_id);
  const excluded = new Set<string>([fo.location_id]);
  for (const s of siblings) {
    if (s.location_id && (s.status === "rejected" || s.lines.some((l) => l.shortage_quantity > 0)))
      excluded.add(s.location_id);
  }
  const outcome = await sourceAndCommit(tx, ctx, {
    orderId: fo.order_id,
    trigger: why.trigger,
    input: {
      channel: order.channelId,
      locationIds: order.locationIds ?? undefined,
      lines: toSource.map((u) => ({ key: u.order_line_id, sku: u.sku, quantity: u.quantity })),
      // A pickup order has no address of its own: the customer is near the store they chose.
      destination: order.destination ?? (await addressOf(tx, fo.location_id)),
      fulfillmentType: fo.fulfillment_type === "digital" ? "ship" : fo.fulfillment_type,
      pickupLocationId: null,
      requestedDate: order.requestedDate,
      excludeLocationIds: [...excluded],
    },
  });
  const moves: orderSide.AllocationMove[] = [];
  for (const p of outcome.placed) {
    moves.push({
      lineId: p.key,
      sku: p.sku,
      fromLocationId: fo.location_id,
      toLocationId: p.locationId,
      quantity: p.quantity,
    });
  }
  const backordered = outcome.unplaced.map((u) => ({
    order_line_id: u.key,
    sku: u.sku,
    quantity: u.quantity,
  }));
  for (const b of backordered) {
    moves.push({
      lineId: b.order_line_id,
      sku: b.sku,
      fromLocationId: fo.location_id,
      toLocationId: null,
      quantity: b.quantity,
    });
  }
  const targets = outcome.fulfillmentOrders.map((f) => f.location_id ?? "digital");
  const message =
    `${why.trigger === "rejection" ? "Rejected" : "Short"} at ${fo.location_id} (${why.reason}): ` +
    (targets.length ? `re-sourced to ${targets.join(", ")}` : "no other location can take it") +
    (backordered.length
      ? `; backordered ${backordered.map((b) => `${b.quantity} × ${b.sku}`).join(", ")}`
      : "");
  await orderSide.changeOrder(tx, ctx, fo.order_id, {
    moves,
    action: "order.resourced",
    message,
    data: {
      fulfillment_order_id: fo.id,
      trigger: why.trigger,
      reason: why.reason,
      excluded_location_ids: [...excluded],
      resourced_to: outcome.fulfillmentOrders.map((f) => f.id),
      backordered,
      sourcing_decision_ids: outcome.decisionIds,
    },
  });
  const data = {
    order_id: fo.order_id,
    from_fulfillment_order_id: fo.id,
    from_location_id: fo.location_id,
    trigger: why.trigger,
    reason: why.reason,
    fulfillment_order_ids: outcome.fulfillmentOrders.map((f) => f.id),
    backordered,
    excluded_location_ids: [...excluded],
    explanation: outcome.plan.decision.explanation.excluded.map((e) => ({
      location_id: e.locationId,
      reason: e.reason,
      detail: reasonText(e.reason),
    })),
  };
  await recordAudit(tx, ctx, {
    action: "order.resourced",
    resourceType: "order",
    resourceId: fo.order_id,
    data,
  });
  await emitEvent(tx, ctx, { type: "order.resourced", resourceType: "order", resourceId: fo.order_id, data });
  return { resourced_to: outcome.fulfillmentOrders, backordered };
}

async function addressOf(tx: Executor, locationId: string) {
  const [loc] = await getLocationsByIds(tx, [locationId]);
  return loc
    ? { country: loc.country, postal_code: loc.postal_code, latitude: loc.latitude, longitude: loc.longitude }
    : null;
}

export async function rejectFulfillmentOrder(
  db: Executor,
  ctx: RequestContext,
  id: string,
  reason: string,
): Promise<ResourcingResult> {
  return inTransaction(db, async (tx) => {
    const fo = await getFulfillmentOrder(tx, id);
    const rejected = await transition(tx, fo, "rejected", OPEN_STATES, { reason, closed_at: nowIso() });
    const units = fo.lines.map((l) => ({
      order_line_id: l.order_line_id,
      sku: l.sku,
      quantity: remaining(l),
    }));
    await releaseLines(tx, ctx, fo, units);
    await announce(tx, ctx, rejected, "rejected", { reason });
    const result = await resource(tx, ctx, fo, units, { trigger: "rejection", reason });
    return { fulfillment_order: rejected, ...result };
  });
}

export async function reportShortage(
  db: Executor,
  ctx: RequestContext,
  id: string,
  input: ShortageInput,
): Promise<ResourcingResult> {
  return inTransaction(db, async (tx) => {
    const fo = await getFulfillmentOrder(tx, id);
    if (!OPEN_STATES.includes(fo.status)) {
      throw conflict(`Fulfillment order ${fo.id} is ${fo.status}; only open work can be short`, {
        current_status: fo.status,
      });
    }
    const units: Array<{ order_line_id: string; sku: string; quantity: number }> = [];
    const errors: Array<{ path: string; message: string }> = [];
    input.lines.forEach((s, i) => {
      const line = fo.lines.find(
        (l) => l.order_line_id === s.order_line_id && (s.sku === undefined || l.sku === s.sku),
      );
      if (!line)
        errors.push({
          path: `body.lines.${i}.order_line_id`,
          message: "Not a line of this fulfillment order",
        });
      else if (
        s.quantity >
        remaining(line) -
          units
            .filter((u) => u.order_line_id === line.order_line_id && u.sku === line.sku)
            .reduce((a, u) => a + u.quantity, 0)
      )
        errors.push({
          path: `body.lines.${i}.quantity`,
          message: `At most ${remaining(line)} units are still to fulfil`,
        });
      else units.push({ order_line_id: line.order_line_id, sku: line.sku, quantity: s.quantity });
    });
    if (errors.length) throw unprocessable("The shortage does not match the fulfillment order", errors);
    const reason = input.reason ?? "short pick";
    for (const u of units) {
      await tx
        .updateTable("fulfillment_order_lines")
        .set((eb) => ({
          quantity: eb("quantity", "-", u.quantity),
          shortage_quantity: eb("shortage_quantity", "+", u.quantity),
        }))
        .where("fulfillment_order_id", "=", fo.id)
        .where("order_line_id", "=", u.order_line_id)
        .where("sku", "=", u.sku)
        .execute();
    }
    await releaseLines(tx, ctx, fo, units);
    let after = await getFulfillmentOrder(tx, id);
    const nothingLeft = after.lines.every((l) => remaining(l) <= 0);
    const anyDone = after.lines.some((l) => l.fulfilled_quantity > 0);
    if (nothingLeft) {
      after = await transition(tx, after, anyDone ? "fulfilled" : "cancelled", OPEN_STATES, {
        reason,
        closed_at: nowIso(),
      });
    } else {
      await tx
        .updateTable("fulfillment_orders")
        .set({ reason, version: after.version + 1, updated_at: nowIso() })
        .where("id", "=", id)
        .execute();
      after = await getFulfillmentOrder(tx, id);
    }
    await announce(tx, ctx, after, "shortage_reported", { reason, lines: units });
    const result = await resource(tx, ctx, fo, units, { trigger: "shortage", reason });
    return { fulfillment_order: after, ...result };
  });
}

/** Cancels the work: stock is released and the units go back to the order as backordered. */
export async function cancelFulfillmentOrder(
  db: Executor,
  ctx: RequestContext,
  id: string,
  reason: string | undefined,
): Promise<FulfillmentOrder> {
  return inTransaction(db, async (tx) => {
    const fo = await getFulfillmentOrder(tx, id);
    const cancelled = await transition(tx, fo, "cancelled", OPEN_STATES, {
      reason: reason ?? null,
      closed_at: nowIso(),
    });
    const units = fo.lines.map((l) => ({
      order_line_id: l.order_line_id,
      sku: l.sku,
      quantity: remaining(l),
    }));
    await releaseLines(tx, ctx, fo, units);
    const location = fo.location_id;
    const moves = location
      ? units
          .filter((u) => u.quantity > 0)
          .map((u) => ({
            lineId: u.order_line_id,
            sku: u.sku,
            fromLocationId: location,
            toLocationId: null,
            quantity: u.quantity,
          }))
      : [];
    await announce(tx, ctx, cancelled, "cancelled", { reason: reason ?? null });
    await orderSide.changeOrder(tx, ctx, fo.order_id, {
      moves,
      action: "fulfillment_order.cancelled",
      message: `${fo.id} cancelled${reason ? `: ${reason}` : ""}`,
      data: { fulfillment_order_id: fo.id },
    });
    return cancelled;
  });
}

/**
 * The order released stock of a line at a location (cancellation, edit): the fulfillment
 * orders there give the units up too, newest first; an emptied one is cancelled. No stock moves
 * here — the caller already released it.
 */
export async function releasedByOrder(
  tx: Executor,
  ctx: RequestContext,
  a: { lineId: string; locationId: string | null; quantity: number },
): Promise<void> {
  let left = a.quantity;
  let q = tx
    .selectFrom("fulfillment_order_lines as l")
    .innerJoin("fulfillment_orders as f", "f.id", "l.fulfillment_order_id")
    .select(["f.id", "l.sku", "l.quantity", "l.fulfilled_quantity"])
    .where("l.order_line_id", "=", a.lineId)
    .where("f.status", "in", [...OPEN_STATES]);
  q =
    a.locationId === null
      ? q.where("f.location_id", "is", null)
      : q.where("f.location_id", "=", a.locationId);
  const rows = await q.orderBy("f.id", "desc").execute();
  const touched = new Set<string>();
  for (const r of rows) {
    if (left <= 0) break;
    const take = Math.min(left, r.quantity - r.fulfilled_quantity);
    if (take <= 0) continue;
    left -= take;
    touched.add(r.id);
    await tx
      .updateTable("fulfillment_order_lines")
      .set((eb) => ({ quantity: eb("quantity", "-", take) }))
      .where("fulfillment_order_id", "=", r.id)
      .where("order_line_id", "=", a.lineId)
      .where("sku", "=", r.sku)
      .execute();
  }
  for (const id of touched) {
    const fo = await getFulfillmentOrder(tx, id);
    if (fo.lines.every((l) => remaining(l) <= 0)) {
      const done = fo.lines.some((l) => l.fulfilled_quantity > 0);
      const next = await transition(tx, fo, done ? "fulfilled" : "cancelled", OPEN_STATES, {
        reason: "order changed",
        closed_at: nowIso(),
      });
      await announce(tx, ctx, next, done ? "fulfilled" : "cancelled", { reason: "order changed" });
    }
  }
}

/**
 * Backordered units were just committed at a location from arriving stock (the orders module's
 * backorder filler): the location gets the work as a fulfillment order — added to this order's
 * open one there, or a new one with its promise dates.
 */
export async function committedFromArrivingStock(
  tx: Executor,
  ctx: RequestContext,
  a: { orderId: string; lineId: string; sku: string; locationId: string; quantity: number },
): Promise<void> {
  const target = await orderSide.orderTarget(tx, a.orderId);
  const type = target?.fulfillmentType === "digital" || !target ? "ship" : target.fulfillmentType;
  const open = await tx
    .selectFrom("fulfillment_orders")
    .selectAll()
    .where("order_id", "=", a.orderId)
    .where("location_id", "=", a.locationId)
    .where("fulfillment_type", "=", type)
    .where("status", "=", "open")
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (open) {
    const line = await tx
      .selectFrom("fulfillment_order_lines")
      .select("quantity")
      .where("fulfillment_order_id", "=", open.id)
      .where("order_line_id", "=", a.lineId)
      .where("sku", "=", a.sku)
      .executeTakeFirst();
    if (line) {
      await tx
        .updateTable("fulfillment_order_lines")
        .set((eb) => ({ quantity: eb("quantity", "+", a.quantity) }))
        .where("fulfillment_order_id", "=", open.id)
        .where("order_line_id", "=", a.lineId)
        .where("sku", "=", a.sku)
        .execute();
    } else {
      await tx
        .insertInto("fulfillment_order_lines")
        .values({
          fulfillment_order_id: open.id,
          order_line_id: a.lineId,
          sku: a.sku,
          quantity: a.quantity,
          fulfilled_quantity: 0,
          shortage_quantity: 0,
        })
        .execute();
    }
    await tx
      .updateTable("fulfillment_orders")
      .set({ version: open.version + 1, updated_at: nowIso() })
      .where("id", "=", open.id)
      .execute();
    const fo = await getFulfillmentOrder(tx, open.id);
    await announce(tx, ctx, fo, "updated", { added: a });
    return;
  }
  const dates = await promiseFor(tx, target, a.locationId, type);
  await createFulfillmentOrders(tx, ctx, {
    orderId: a.orderId,
    fulfillmentType: type,
    decisionId: null,
    placed: [{ key: a.lineId, sku: a.sku, locationId: a.locationId, quantity: a.quantity }],
    dates: new Map(dates ? [[a.locationId, dates]] : []),
  });
}

/** Ship and delivery dates from one location to the order's destination, by the rule's rate zones. */
async function promiseFor(
  tx: Executor,
  target: Awaited<ReturnType<typeof orderSide.orderTarget>>,
  locationId: string,
  type: "ship" | "pickup" | "local_delivery",
): Promise<{ ship: string; delivery: string } | null> {
  const [loc] = await getLocationsByIds(tx, [locationId]);
  if (!loc) return null;
  const from = placeOf({
    country: loc.country,
    postal_code: loc.postal_code,
    latitude: loc.latitude,
    longitude: loc.longitude,
  });
  const to = placeOf(target?.destination) ?? from;
  const rule = await resolveRule(tx, target?.channelId ?? null, type);
  const zones = toEngineRules(rule.settings).costs[type].zones;
  const km = from && to ? distanceKm(from, to) : 0;
  const zone = zones.find((z) => km <= z.maxKm) ?? zones[zones.length - 1];
  const dates = promiseDates({
    now: new Date(),
    timeZone: loc.time_zone,
    processingDays: loc.processing_days,
    cutoffHour: loc.cutoff_hour,
    transitDays: zone?.transitDays ?? 0,
    holidays: rule.settings.holidays,
  });
  return { ship: dates.shipDate, delivery: dates.deliveryDate };
}
