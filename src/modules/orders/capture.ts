import { type RawBuilder, sql } from "kysely";
import { insertRows, withBufferedInserts } from "../../db/buffered-inserts.js";
import { type Executor, isPostgres } from "../../db/transaction.js";
import {
  type FieldError,
  isEmail,
  normalizeAddress,
  normalizeEmail,
  normalizePhone,
  validateAddress,
} from "../../domain/address.js";
import { conflict, unprocessable } from "../../domain/errors.js";
import { deriveStatus, ruleHolds } from "../../domain/order.js";
import { type PromoRule, priceOrder } from "../../domain/pricing.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { getChannelByCode } from "../channels/index.js";
import { findCustomer } from "../customers/index.js";
import { emitEvent } from "../events/index.js";
import { StockRaceError, withLateStockCommits } from "../inventory/index.js";
import { getLocationsByIds } from "../locations/index.js";
import { findUsablePromo, redeemPromoCode, taxRateFor } from "../promotions/index.js";
import { allocateOrderLines, type LineAllocation } from "./allocation.js";
import { record, refuseInexactTotals } from "./change.js";
import { lineTitles } from "./line-titles.js";
import { orderCaptured, paymentCaptured } from "./reactions.js";
import type { CreateOrderInput } from "./schemas.js";
import type { OrderAllocationsTable, OrderHoldsTable, OrderLinesTable, OrdersTable } from "./tables.js";
import { addTimeline } from "./timeline.js";
import {
  checkLineFormats,
  checkMayOverridePrices,
  eligibleLocations,
  planLines,
  refusePhysicalLinesOfDigitalOrder,
  taxDestination,
  throwIf,
} from "./validation.js";
import { getOrder, type Loaded, type OrderView, quantitiesOf } from "./view.js";

export class DuplicateExternalRef extends Error {
  constructor(readonly orderId: string) {
    super("duplicate external reference");
  }
}

/**
 * Captures an order in the caller's transaction: validates, prices, commits stock for every
 * line (or backorders / preorders / rejects by the SKU's policy), numbers it, applies hold rules,
 * and records the timeline, audit and `order.created` event. A marketplace resending the same
 * external reference gets the existing order back (`created: false`).
 */
export async function captureOrder(
  tx: Executor,
  ctx: RequestContext,
  input: CreateOrderInput,
): Promise<{ order: OrderView; created: boolean }> {
  // Every outbox event of the capture (stock levels, fulfillment orders, the order) goes in as
  // one multi-row insert at the end, in the same transaction.
  if (isPostgres(tx) && input.draft !== true) {
    // Stock rows are locked last (see withLateStockCommits); if stock moved meanwhile, the
    // capture runs again from the savepoint, committing as it sources.
    await sql`savepoint capture_late_stock`.execute(tx);
    try {
      return await withBufferedInserts(tx, () =>
        withLateStockCommits(tx, ctx, () => capture(tx, ctx, input)),
      );
    } catch (error) {
      if (!(error instanceof StockRaceError)) throw error;
      await sql`rollback to savepoint capture_late_stock`.execute(tx);
    }
  }
  return withBufferedInserts(tx, () => capture(tx, ctx, input));
}

async function capture(
  tx: Executor,
  ctx: RequestContext,
  input: CreateOrderInput,
): Promise<{ order: OrderView; created: boolean }> {
  const at = nowIso();
  const errors: FieldError[] = [];
  const fulfillment = input.requested_fulfillment;
  const phone = input.phone ? normalizePhone(input.phone, input.shipping_address?.country) : null;
  if (input.phone && !phone) errors.push({ path: "body.phone", message: "Not a valid phone number" });
  if (input.email !== undefined && !isEmail(normalizeEmail(input.email))) {
    errors.push({ path: "body.email", message: "Not a valid e-mail address" });
  }
  if (!input.email && !input.customer_id) {
    errors.push({ path: "body.email", message: "A guest order needs an e-mail (or give customer_id)" });
  }
  if (input.shipping_address)
    errors.push(...validateAddress(input.shipping_address, "body.shipping_address"));
  if (input.billing_address) errors.push(...validateAddress(input.billing_address, "body.billing_address"));
  if ((fulfillment === "ship" || fulfillment === "local_delivery") && !input.shipping_address) {
    errors.push({ path: "body.shipping_address", message: `Required for ${fulfillment}` });
  }
  if (fulfillment === "pickup" && !input.pickup_location_id) {
    errors.push({ path: "body.pickup_location_id", message: "Required for pickup" });
  }
  if (fulfillment !== "pickup" && input.pickup_location_id) {
    errors.push({ path: "body.pickup_location_id", message: "Only for pickup orders" });
  }
  if (input.requested_delivery_date && input.requested_delivery_date < at.slice(0, 10)) {
    errors.push({ path: "body.requested_delivery_date", message: "Must not be in the past" });
  }
  checkLineFormats(input.lines, "body.lines", errors);
  throwIf(errors, 400, "The order is invalid");
  checkMayOverridePrices(ctx, input.lines, "body.lines");

  const channel = await getChannelByCode(tx, input.channel);
  if (!channel?.active) {
    throw unprocessable("The order is invalid", [
      { path: "body.channel", message: `Unknown or inactive channel ${input.channel}` },
    ]);
  }
  if (input.external_ref) {
    const existing = await tx
      .selectFrom("orders")
      .select("id")
      .where("channel_id", "=", channel.id)
      .where("external_ref", "=", input.external_ref)
      .executeTakeFirst();
    if (existing) return { order: await getOrder(tx, existing.id), created: false };
  }
  if (input.currency && input.currency !== channel.currency) {
    errors.push({ path: "body.currency", message: `Channel ${channel.code} sells in ${channel.currency}` });
  }
  const customer = input.customer_id ? await findCustomer(tx, input.customer_id) : null;
  if (input.customer_id && !customer)
    errors.push({ path: "body.customer_id", message: `Unknown customer ${input.customer_id}` });
  const planned = await planLines(tx, channel, input.lines, "body.lines", at, errors);
  refusePhysicalLinesOfDigitalOrder(fulfillment, planned, errors);
  const locationIds = [...channel.location_ids];
  if (input.pickup_location_id && !locationIds.includes(input.pickup_location_id))
    locationIds.push(input.pickup_location_id);
  const locations = await getLocationsByIds(tx, locationIds);
  const scope = eligibleLocations(channel, locations, fulfillment, input.pickup_location_id ?? null, errors);
  let promo: { id: string; rule: PromoRule } | null = null;
  if (input.promo_code) {
    const found = await findUsablePromo(tx, input.promo_code, channel.currency, at);
    if ("error" in found) errors.push({ path: "body.promo_code", message: found.error });
    else promo = { id: found.promo.id, rule: found.rule };
  }
  throwIf(errors, 422, "The order cannot be accepted");

  const shipping = input.shipping_address ? normalizeAddress(input.shipping_address) : null;
  const billing = input.billing_address ? normalizeAddress(input.billing_address) : shipping;
  const dest = taxDestination(
    fulfillment,
    shipping,
    billing,
    locations.find((l) => l.id === input.pickup_location_id),
  );
  const taxRate = await taxRateFor(tx, dest.country, dest.region);
  const priced = priceOrder({
    lines: planned.map((p) => ({ sku: p.sku, quantity: p.quantity, unit_price: p.unit_price })),
    promo: promo?.rule ?? null,
    fulfillment,
    tax_rate_bps: taxRate,
  });
  refuseInexactTotals(priced);

  const orderId = newId("order");
  const draft = input.draft === true;
  const lineIds = planned.map(() => newId("orderLine"));
  const allocations = draft
    ? []
    : await allocateOrderLines(
        tx,
        ctx,
        {
          id: orderId,
          locationIds: scope,
          locations,
          at,
          fulfillment: {
            channelId: channel.id,
            fulfillmentType: fulfillment,
            destination: fulfillment === "digital" ? (billing ?? shipping) : (shipping ?? billing),
            pickupLocationId: input.pickup_location_id ?? null,
            requestedDate: input.requested_delivery_date ?? null,
          },
        },
        planned.map((p, i) => ({
          lineId: lineIds[i]!,
          sku: p.sku,
          quantity: p.quantity,
          variant: p.variant,
        })),
      );
  if (promo && !draft && !(await redeemPromoCode(tx, promo.id))) {
    throw conflict(`Promo code ${promo.rule.code} has been used up`, {
      errors: [{ path: "body.promo_code", message: "Usage limit reached" }],
    });
  }

  const name = customer?.name ?? shipping?.name ?? billing?.name ?? null;
  const lines: OrderLinesTable[] = planned.map((p, i) => {
    const a = allocations[i];
    const pl = priced.lines[i]!;
    return {
      id: lineIds[i]!,
      order_id: orderId,
      sku: p.sku,
      ...lineTitles(p.variant),
      quantity: p.quantity,
      pending: draft ? p.quantity : 0,
      committed: a?.committed ?? 0,
      backordered: a?.backordered ?? 0,
      shipped: 0,
      delivered: 0,
      returned: 0,
      cancelled: 0,
      preorder: a?.preorder ? 1 : 0,
      unit_price: p.unit_price,
      price_override_reason: p.price_override_reason,
      subtotal: pl.subtotal,
      discount: pl.discount,
      tax: pl.tax,
      total: pl.total,
      location_id: a?.locations[0]?.locationId ?? null,
      created_at: at,
      updated_at: at,
    };
  });
  const allocationRows = allocationRowsOf(orderId, planned, lineIds, allocations);
  const holdsToPlace = draft
    ? []
    : ruleHolds({
        grand_total: priced.totals.grand_total,
        currency: channel.currency,
        shipping_country: shipping?.country ?? null,
        billing_country: input.billing_address ? (billing?.country ?? null) : null,
      });
  // A payment to authorize holds the order until the provider has said yes.
  const takesPayment = input.payment !== undefined && !draft && priced.totals.grand_total > 0;
  if (takesPayment) holdsToPlace.push({ type: "payment", reason: "Awaiting payment authorization" });
  const holds: OrderHoldsTable[] = holdsToPlace.map((h) => ({
    id: newId("hold"),
    order_id: orderId,
    type: h.type,
    reason: h.reason,
    source: h.type === "payment" ? "payments" : "rule",
    placed_by: h.type === "payment" ? "payments" : "rules",
    placed_at: at,
    released_at: null,
    released_by: null,
    release_reason: null,
  }));
  const order: OrdersTable = {
    id: orderId,
    number: 0, // taken as the order is inserted, below
    channel_id: channel.id,
    external_ref: input.external_ref ?? null,
    email: input.email ? normalizeEmail(input.email) : customer!.email,
    phone: phone ?? customer?.phone ?? null,
    customer_id: customer?.id ?? null,
    customer_name: name,
    name_lc: name?.toLowerCase() ?? null,
    shipping_address: shipping ? JSON.stringify(shipping) : null,
    billing_address: billing ? JSON.stringify(billing) : null,
    currency: channel.currency,
    subtotal: priced.totals.subtotal,
    discount_total: priced.totals.discount_total,
    shipping_total: priced.totals.shipping_total,
    tax_total: priced.totals.tax_total,
    grand_total: priced.totals.grand_total,
    tax_rate_bps: taxRate,
    status: deriveStatus(lines.map(quantitiesOf)),
    open_holds: holds.length,
    requested_fulfillment: fulfillment,
    pickup_location_id: input.pickup_location_id ?? null,
    requested_delivery_date: input.requested_delivery_date ?? null,
    promo_code: promo?.rule.code ?? null,
    promo_rule: promo ? JSON.stringify(promo.rule) : null,
    location_scope: JSON.stringify(scope),
    notes: input.notes ?? null,
    tags: JSON.stringify([...new Set(input.tags ?? [])]),
    version: 1,
    placed_at: draft ? null : at,
    cancelled_at: null,
    created_by: ctx.actor.id,
    created_at: at,
    updated_at: at,
  };
  const inserted = await tx
    .insertInto("orders")
    .values({ ...order, number: await orderNumberValue(tx) })
    .onConflict((oc) => oc.columns(["channel_id", "external_ref"]).doNothing())
    .returning("number")
    .executeTakeFirst();
  if (inserted) order.number = Number(inserted.number);
  else {
    // Another request with this external reference won the race: undo ours, answer with theirs.
    const theirs = await tx
      .selectFrom("orders")
      .select("id")
      .where("channel_id", "=", channel.id)
      .where("external_ref", "=", order.external_ref)
      .executeTakeFirstOrThrow();
    throw new DuplicateExternalRef(theirs.id);
  }
  await insertRows(tx, "order_lines", lines);
  await insertRows(tx, "order_allocations", allocationRows);
  const tags = JSON.parse(order.tags) as string[];
  await insertRows(
    tx,
    "order_tags",
    tags.map((tag) => ({ tag, order_id: orderId })),
  );
  await insertRows(tx, "order_holds", holds);

  const loaded: Loaded = { order, lines, holds, allocations: allocationRows };
  const shortSkus = lines
    .filter((l) => l.backordered > 0)
    .map((l) => ({ sku: l.sku, backordered: l.backordered, preorder: l.preorder === 1 }));
  const view = await record(tx, ctx, loaded, {
    action: draft ? "order.draft_created" : "order.created",
    message: draft
      ? `Draft order #${order.number} created`
      : `Order #${order.number} placed via ${channel.code}: ${lines.length} line(s), ${order.grand_total} ${order.currency}`,
    data: {
      number: order.number,
      channel: channel.code,
      grand_total: order.grand_total,
      backordered: shortSkus,
    },
    events: [draft ? "order.draft_created" : "order.created"],
  });
  for (const h of holds) {
    await addTimeline(tx, ctx, orderId, "order.held", `Held (${h.type}) by ${h.placed_by}: ${h.reason}`, {
      hold_id: h.id,
      type: h.type,
    });
  }
  if (holds.length)
    await emitEvent(tx, ctx, { type: "order.held", resourceType: "order", resourceId: orderId, data: view });
  if (takesPayment && input.payment) await paymentCaptured(tx, ctx, view, input.payment);
  await orderCaptured(tx, ctx, view);
  return { order: view, created: true };
}

/**
 * The value to insert as the next order number: a lock-free sequence on PostgreSQL (evaluated by
 * the INSERT), the counter row on SQLite (one writer at a time anyway).
 */
export async function orderNumberValue(tx: Executor): Promise<number | RawBuilder<number>> {
  // On PostgreSQL the INSERT itself takes the number from the sequence: no round trip of its own.
  if (isPostgres(tx)) return sql<number>`nextval('order_number_seq')`;
  const counter = await tx
    .updateTable("counters")
    .set({ value: sql`value + 1` })
    .where("name", "=", "order_number")
    .returning("value")
    .executeTakeFirstOrThrow();
  return counter.value;
}

export function allocationRowsOf(
  orderId: string,
  planned: ReadonlyArray<{ sku: string }>,
  lineIds: readonly string[],
  allocations: readonly LineAllocation[],
): OrderAllocationsTable[] {
  return allocations.flatMap((a, i) =>
    a.locations.map((loc) => ({
      line_id: lineIds[i]!,
      location_id: loc.locationId,
      order_id: orderId,
      sku: planned[i]!.sku,
      quantity: loc.quantity,
    })),
  );
}
