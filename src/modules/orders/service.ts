import { type RawBuilder, sql } from "kysely";
import { insertRows, withBufferedInserts } from "../../db/buffered-inserts.js";
import { type Executor, isPostgres } from "../../db/transaction.js";
import {
  type FieldError,
  isEmail,
  normalizeAddress,
  normalizeEmail,
  normalizePhone,
  type PostalAddress,
  validateAddress,
} from "../../domain/address.js";
import {
  cancellable,
  cancelUnits,
  canTransition,
  deriveStatus,
  isEditable,
  type LineQuantities,
  type OrderStatus,
  releasableToFulfillment,
  ruleHolds,
} from "../../domain/order.js";
import { exceedsExactMoney, type FulfillmentKind, type PromoRule, priceOrder } from "../../domain/pricing.js";
import { ApiError, badRequest, conflict, notFound, problemType, unprocessable } from "../../http/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/actor.js";
import { recordAudit } from "../audit/service.js";
import { unitPrices } from "../catalog/pricing.js";
import { getVariantsBySkus, type Variant } from "../catalog/service.js";
import { type Channel, getChannelByCode } from "../channels/service.js";
import { findCustomer } from "../customers/service.js";
import { emitEvent } from "../events/outbox.js";
import { committedFromArrivingStock } from "../fulfillment/service.js";
import {
  availability,
  onStockAvailable,
  StockRaceError,
  tryCommitStock,
  withLateStockCommits,
} from "../inventory/service.js";
import { getLocationsByIds, type Location } from "../locations/service.js";
import { findUsablePromo, redeemPromoCode, taxRateFor } from "../promotions/service.js";
import { isDigital } from "../sourcing/service.js";
import {
  type AllocationRequestLine,
  allocateOrderLines,
  type LineAllocation,
  releaseAllocation,
  sourcingTargetFrom,
} from "./allocation.js";
import type { CreateOrderInput, EditOrderInput } from "./schemas.js";
import type {
  OrderAllocationsTable,
  OrderEventsTable,
  OrderHoldsTable,
  OrderLinesTable,
  OrdersTable,
} from "./tables.js";

// ------------------------------------------------------------------------------ the view

export interface Loaded {
  order: OrdersTable;
  lines: OrderLinesTable[];
  holds: OrderHoldsTable[];
  allocations: OrderAllocationsTable[];
}

const quantitiesOf = (l: OrderLinesTable): LineQuantities => ({
  quantity: l.quantity,
  pending: l.pending,
  committed: l.committed,
  backordered: l.backordered,
  shipped: l.shipped,
  delivered: l.delivered,
  returned: l.returned,
  cancelled: l.cancelled,
});

function summaryOf(o: OrdersTable) {
  return {
    id: o.id,
    number: o.number,
    channel_id: o.channel_id,
    external_ref: o.external_ref,
    status: o.status as OrderStatus,
    email: o.email,
    phone: o.phone,
    customer_id: o.customer_id,
    customer_name: o.customer_name,
    currency: o.currency,
    totals: {
      subtotal: o.subtotal,
      discount_total: o.discount_total,
      shipping_total: o.shipping_total,
      tax_total: o.tax_total,
      grand_total: o.grand_total,
    },
    on_hold: o.open_holds > 0,
    requested_fulfillment: o.requested_fulfillment as FulfillmentKind,
    pickup_location_id: o.pickup_location_id,
    requested_delivery_date: o.requested_delivery_date,
    tags: JSON.parse(o.tags) as string[],
    version: o.version,
    placed_at: o.placed_at,
    cancelled_at: o.cancelled_at,
    created_at: o.created_at,
    updated_at: o.updated_at,
  };
}

export function toView({ order, lines, holds, allocations }: Loaded) {
  const fulfillment = {
    quantity: 0,
    pending: 0,
    committed: 0,
    backordered: 0,
    shipped: 0,
    delivered: 0,
    returned: 0,
    cancelled: 0,
  };
  for (const l of lines)
    for (const k of Object.keys(fulfillment) as Array<keyof LineQuantities>) fulfillment[k] += l[k];
  const status = order.status as OrderStatus;
  return {
    ...summaryOf(order),
    shipping_address: order.shipping_address ? (JSON.parse(order.shipping_address) as PostalAddress) : null,
    billing_address: order.billing_address ? (JSON.parse(order.billing_address) as PostalAddress) : null,
    promo_code: order.promo_code,
    notes: order.notes,
    tax_rate_bps: order.tax_rate_bps,
    releasable_to_fulfillment: releasableToFulfillment(status, order.open_holds),
    fulfillment,
    lines: lines.map((l) => ({
      id: l.id,
      sku: l.sku,
      title: l.title,
      ...quantitiesOf(l),
      preorder: l.preorder === 1,
      unit_price: l.unit_price,
      price_override_reason: l.price_override_reason,
      subtotal: l.subtotal,
      discount: l.discount,
      tax: l.tax,
      total: l.total,
      location_id: l.location_id,
      allocations: allocations
        .filter((a) => a.line_id === l.id)
        .map((a) => ({ location_id: a.location_id, quantity: a.quantity })),
    })),
    holds: holds.map((h) => ({ ...h })),
  };
}
export type OrderView = ReturnType<typeof toView>;

async function load(db: Executor, id: string): Promise<Loaded> {
  const order = await db.selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirst();
  if (!order) throw notFound("Order", id);
  const [lines, holds, allocations] = await Promise.all([
    db.selectFrom("order_lines").selectAll().where("order_id", "=", id).orderBy("id").execute(),
    db.selectFrom("order_holds").selectAll().where("order_id", "=", id).orderBy("id").execute(),
    db.selectFrom("order_allocations").selectAll().where("order_id", "=", id).orderBy("line_id").execute(),
  ]);
  return { order, lines, holds, allocations };
}

export async function getOrder(db: Executor, id: string): Promise<OrderView> {
  return toView(await load(db, id));
}

/** Takes the order's row lock (PostgreSQL) before reading it, so changes to one order serialize. */
async function lockAndLoad(tx: Executor, id: string): Promise<Loaded> {
  const r = await tx
    .updateTable("orders")
    .set({ updated_at: nowIso() })
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw notFound("Order", id);
  return load(tx, id);
}

// -------------------------------------------------------------------------- the timeline

async function addTimeline(
  tx: Executor,
  ctx: RequestContext,
  orderId: string,
  type: string,
  message: string,
  data?: unknown,
): Promise<void> {
  const row: OrderEventsTable = {
    id: newId("orderEvent"),
    order_id: orderId,
    type,
    message,
    data: data === undefined ? null : JSON.stringify(data),
    actor_type: ctx.actor.type,
    actor_id: ctx.actor.id,
    actor_name: ctx.actor.name,
    request_id: ctx.requestId,
    created_at: nowIso(),
  };
  await insertRows(tx, "order_events", [row]);
}

export async function getTimeline(db: Executor, id: string, page: PageRequest) {
  const exists = await db.selectFrom("orders").select("id").where("id", "=", id).executeTakeFirst();
  if (!exists) throw notFound("Order", id);
  const r = await keysetPage(
    db.selectFrom("order_events").selectAll().where("order_id", "=", id),
    "id",
    page,
    "asc",
  );
  return {
    data: r.data.map((e) => ({
      id: e.id,
      type: e.type,
      message: e.message,
      data: e.data === null ? null : (JSON.parse(e.data) as unknown),
      actor: { type: e.actor_type, id: e.actor_id, name: e.actor_name },
      request_id: e.request_id,
      created_at: e.created_at,
    })),
    next_cursor: r.next_cursor,
  };
}

/** Audit row, timeline entry and outbox event for one change, in the caller's transaction. */
async function record(
  tx: Executor,
  ctx: RequestContext,
  loaded: Loaded,
  change: { action: string; message: string; data?: unknown; events: string[] },
): Promise<OrderView> {
  const view = toView(loaded);
  await addTimeline(tx, ctx, loaded.order.id, change.action, change.message, change.data);
  await recordAudit(tx, ctx, {
    action: change.action,
    resourceType: "order",
    resourceId: loaded.order.id,
    data: change.data,
  });
  for (const type of change.events) {
    await emitEvent(tx, ctx, { type, resourceType: "order", resourceId: loaded.order.id, data: view });
  }
  return view;
}

// --------------------------------------------------------------------------- validation

interface PlannedLine {
  index: number;
  path: string;
  sku: string;
  quantity: number;
  variant: Variant;
  unit_price: number;
  price_override_reason: string | null;
}

interface LineInput {
  sku: string;
  quantity: number;
  unit_price?: number | undefined;
  price_override_reason?: string | undefined;
}

/** 403 when a line overrides its price and the caller may not (orders:override_price). */
function checkMayOverridePrices(ctx: RequestContext, lines: readonly LineInput[], prefix: string): void {
  if (ctx.actor.type === "system" || ctx.actor.permissions.has("orders:override_price")) return;
  const i = lines.findIndex((l) => l.unit_price !== undefined);
  if (i < 0) return;
  throw new ApiError(
    403,
    "Forbidden",
    "Overriding a line's price requires the permission orders:override_price",
    {
      type: problemType("forbidden"),
      errors: [{ path: `${prefix}.${i}.unit_price`, message: "Not allowed to override prices" }],
    },
  );
}

function checkLineFormats(
  lines: readonly LineInput[],
  prefix: string,
  errors: FieldError[],
  seen = new Set<string>(),
) {
  lines.forEach((l, i) => {
    const path = `${prefix}.${i}`;
    if (seen.has(l.sku))
      errors.push({
        path: `${path}.sku`,
        message: `Duplicate line for SKU ${l.sku}; use one line with the total quantity`,
      });
    seen.add(l.sku);
    if (l.unit_price !== undefined && !l.price_override_reason) {
      errors.push({ path: `${path}.price_override_reason`, message: "A price override needs a reason" });
    }
    if (l.unit_price === undefined && l.price_override_reason) {
      errors.push({ path: `${path}.unit_price`, message: "A reason was given but no price override" });
    }
  });
}

/** Variants and unit prices for lines, or every precise reason they cannot be sold in the channel. */
async function planLines(
  tx: Executor,
  channel: Channel,
  lines: readonly LineInput[],
  prefix: string,
  at: string,
  errors: FieldError[],
  keepPrices: Map<string, number> = new Map(),
): Promise<PlannedLine[]> {
  const variants = await getVariantsBySkus(
    tx,
    lines.map((l) => l.sku),
  );
  const needPrice = lines.filter(
    (l) => l.unit_price === undefined && !keepPrices.has(l.sku) && variants.has(l.sku),
  );
  const prices =
    needPrice.length && channel.price_list_id
      ? await unitPrices(
          tx,
          channel.price_list_id,
          needPrice.map((l) => ({ sku: l.sku, quantity: l.quantity })),
          at,
        )
      : new Map<string, number>();
  const planned: PlannedLine[] = [];
  lines.forEach((l, index) => {
    const path = `${prefix}.${index}`;
    const variant = variants.get(l.sku);
    if (!variant) {
      errors.push({ path: `${path}.sku`, message: `Unknown SKU ${l.sku}` });
      return;
    }
    if (variant.status !== "active") {
      errors.push({ path: `${path}.sku`, message: `SKU ${l.sku} is not sellable (archived)` });
      return;
    }
    if (variant.available_from && variant.available_from > at && variant.backorder_policy !== "preorder") {
      errors.push({
        path: `${path}.sku`,
        message: `SKU ${l.sku} is not available before ${variant.available_from}`,
      });
      return;
    }
    const unit = l.unit_price ?? keepPrices.get(l.sku) ?? prices.get(l.sku);
    if (unit === undefined) {
      errors.push({ path: `${path}.sku`, message: `SKU ${l.sku} has no price in channel ${channel.code}` });
      return;
    }
    planned.push({
      index,
      path,
      sku: l.sku,
      quantity: l.quantity,
      variant,
      unit_price: unit,
      price_override_reason: l.unit_price !== undefined ? (l.price_override_reason ?? null) : null,
    });
  });
  return planned;
}

/**
 * A digital order delivers no parcel: it has no shipping address, no shipping charge and no
 * shipping tax, so every line must be a digital item (no tracked stock, no weight).
 */
function refusePhysicalLinesOfDigitalOrder(
  fulfillment: FulfillmentKind,
  planned: readonly PlannedLine[],
  errors: FieldError[],
): void {
  if (fulfillment !== "digital") return;
  for (const p of planned) {
    if (isDigital(p.variant)) continue;
    errors.push({
      path: `${p.path}.sku`,
      message: `SKU ${p.sku} is a physical item: a digital order cannot deliver it (order it for ship, pickup or local_delivery)`,
    });
  }
}

function eligibleLocations(
  channel: Channel,
  locations: Location[],
  fulfillment: FulfillmentKind,
  pickupLocationId: string | null,
  errors: FieldError[],
): string[] {
  const served = new Set(channel.location_ids);
  if (fulfillment === "pickup") {
    const loc = locations.find((l) => l.id === pickupLocationId);
    if (!loc)
      errors.push({ path: "body.pickup_location_id", message: `Unknown location ${pickupLocationId}` });
    else if (!loc.active)
      errors.push({ path: "body.pickup_location_id", message: `Location ${loc.id} is not active` });
    else if (!loc.capabilities.includes("pickup")) {
      errors.push({ path: "body.pickup_location_id", message: `Location ${loc.id} does not offer pickup` });
    } else if (!served.has(loc.id)) {
      errors.push({
        path: "body.pickup_location_id",
        message: `Location ${loc.id} does not serve channel ${channel.code}`,
      });
    } else return [loc.id];
    return [];
  }
  return locations
    .filter(
      (l) =>
        served.has(l.id) &&
        l.active &&
        (fulfillment === "digital" || l.capabilities.includes(fulfillment as "ship" | "local_delivery")),
    )
    .sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1))
    .map((l) => l.id);
}

function taxDestination(
  fulfillment: FulfillmentKind,
  shipping: PostalAddress | null,
  billing: PostalAddress | null,
  pickup: Location | undefined,
): { country: string | null; region: string | null } {
  if (fulfillment === "pickup" && pickup) return { country: pickup.country, region: pickup.region };
  const a = fulfillment === "digital" ? (billing ?? shipping) : (shipping ?? billing);
  return { country: a?.country ?? null, region: a?.region ?? null };
}

function throwIf(errors: FieldError[], status: 400 | 422, detail: string) {
  if (!errors.length) return;
  throw status === 400 ? badRequest(detail, errors) : unprocessable(detail, errors);
}

// ------------------------------------------------------------------------------ capture

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
      title: p.variant.title,
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
  const holds: OrderHoldsTable[] = holdsToPlace.map((h) => ({
    id: newId("hold"),
    order_id: orderId,
    type: h.type,
    reason: h.reason,
    source: "rule",
    placed_by: "rules",
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
    await addTimeline(tx, ctx, orderId, "order.held", `Held (${h.type}) by rule: ${h.reason}`, {
      hold_id: h.id,
      type: h.type,
    });
  }
  if (holds.length)
    await emitEvent(tx, ctx, { type: "order.held", resourceType: "order", resourceId: orderId, data: view });
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

function allocationRowsOf(
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

// ------------------------------------------------------------------ derived state & save

function refuseInexactTotals(priced: Parameters<typeof exceedsExactMoney>[0]): void {
  if (!exceedsExactMoney(priced)) return;
  throw unprocessable("The order's total is too large to be kept exactly: split it into several orders", [
    { path: "body.lines", message: "Quantities × prices too large" },
  ]);
}

/** Re-prices on active (not cancelled) quantities with the order's stored promo and tax rate. */
function reprice(loaded: Loaded): void {
  const { order, lines } = loaded;
  const priced = priceOrder({
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity - l.cancelled, unit_price: l.unit_price })),
    promo: order.promo_rule ? (JSON.parse(order.promo_rule) as PromoRule) : null,
    fulfillment: order.requested_fulfillment as FulfillmentKind,
    tax_rate_bps: order.tax_rate_bps,
  });
  refuseInexactTotals(priced);
  lines.forEach((l, i) => {
    const p = priced.lines[i]!;
    Object.assign(l, { subtotal: p.subtotal, discount: p.discount, tax: p.tax, total: p.total });
  });
  Object.assign(order, {
    subtotal: priced.totals.subtotal,
    discount_total: priced.totals.discount_total,
    shipping_total: priced.totals.shipping_total,
    tax_total: priced.totals.tax_total,
    grand_total: priced.totals.grand_total,
  });
}

/** Derives the status from the lines (refusing a transition the state machine does not allow) and writes order and lines. */
async function save(tx: Executor, loaded: Loaded, previous: OrderStatus): Promise<void> {
  const { order, lines } = loaded;
  const status = deriveStatus(lines.map(quantitiesOf));
  if (!canTransition(previous, status)) {
    throw conflict(`An order cannot go from ${previous} to ${status}`);
  }
  order.status = status;
  order.open_holds = loaded.holds.filter((h) => h.released_at === null).length;
  if (status === "cancelled" && !order.cancelled_at) order.cancelled_at = nowIso();
  order.updated_at = nowIso();
  const { id, ...rest } = order;
  await tx.updateTable("orders").set(rest).where("id", "=", id).execute();
  for (const l of lines) {
    const { id: lineId, ...fields } = l;
    l.updated_at = order.updated_at;
    await tx
      .updateTable("order_lines")
      .set({ ...fields, updated_at: order.updated_at })
      .where("id", "=", lineId)
      .execute();
  }
}

// Orders being changed in a transaction: the backorder filler leaves them alone (their change
// re-allocates them itself), and during an edit released stock is not handed out until the edit
// has re-committed what it needs.
const busy = new WeakMap<object, Set<string>>();
const deferFill = new WeakMap<object, Array<{ sku: string; locationId: string }>>();
function markBusy(tx: Executor, orderId: string) {
  const set = busy.get(tx) ?? new Set<string>();
  busy.set(tx, set);
  set.add(orderId);
}

/** Gives back `quantity` committed units of a line, newest allocations first. */
async function releaseLineUnits(
  tx: Executor,
  ctx: RequestContext,
  loaded: Loaded,
  line: OrderLinesTable,
  quantity: number,
) {
  let left = quantity;
  const mine = loaded.allocations.filter((a) => a.line_id === line.id).reverse();
  for (const a of mine) {
    if (left === 0) break;
    const q = Math.min(a.quantity, left);
    await releaseAllocation(tx, ctx, {
      lineId: line.id,
      sku: line.sku,
      locationId: a.location_id,
      quantity: q,
    });
    a.quantity -= q;
    left -= q;
    if (a.quantity === 0) {
      await tx
        .deleteFrom("order_allocations")
        .where("line_id", "=", a.line_id)
        .where("location_id", "=", a.location_id)
        .execute();
    } else {
      await tx
        .updateTable("order_allocations")
        .set({ quantity: a.quantity })
        .where("line_id", "=", a.line_id)
        .where("location_id", "=", a.location_id)
        .execute();
    }
  }
  loaded.allocations = loaded.allocations.filter((a) => a.quantity > 0);
  // Untracked SKUs have committed units without an allocation: nothing to give back.
}

// --------------------------------------------------------------------------- cancellation

export async function cancelOrder(
  tx: Executor,
  ctx: RequestContext,
  id: string,
  input: { reason: string; lines?: Array<{ line_id: string; quantity: number }> | undefined },
): Promise<OrderView> {
  markBusy(tx, id);
  const loaded = await lockAndLoad(tx, id);
  const previous = loaded.order.status as OrderStatus;
  if (previous === "cancelled") throw conflict(`Order #${loaded.order.number} is already cancelled`);
  const targets: Array<{ line: OrderLinesTable; quantity: number }> = [];
  if (input.lines) {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    input.lines.forEach((t, i) => {
      const line = loaded.lines.find((l) => l.id === t.line_id);
      if (!line)
        errors.push({ path: `body.lines.${i}.line_id`, message: `No line ${t.line_id} on this order` });
      else if (seen.has(line.id)) errors.push({ path: `body.lines.${i}.line_id`, message: "Duplicate line" });
      else if (t.quantity > cancellable(quantitiesOf(line))) {
        errors.push({
          path: `body.lines.${i}.quantity`,
          message: `Only ${cancellable(quantitiesOf(line))} unit(s) can still be cancelled`,
        });
      } else targets.push({ line, quantity: t.quantity });
      if (line) seen.add(line.id);
    });
    throwIf(errors, 422, "The cancellation is invalid");
  } else {
    for (const line of loaded.lines) {
      const n = cancellable(quantitiesOf(line));
      if (n > 0) targets.push({ line, quantity: n });
    }
    if (!targets.length)
      throw conflict(`Nothing on order #${loaded.order.number} can be cancelled any more (already shipped)`);
  }
  for (const { line, quantity } of targets) {
    const { next, fromCommitted } = cancelUnits(quantitiesOf(line), quantity);
    if (fromCommitted > 0) await releaseLineUnits(tx, ctx, loaded, line, fromCommitted);
    Object.assign(line, next);
  }
  reprice(loaded);
  await save(tx, loaded, previous);
  const full = loaded.order.status === "cancelled";
  const detail = targets.map((t) => ({ line_id: t.line.id, sku: t.line.sku, quantity: t.quantity }));
  return record(tx, ctx, loaded, {
    action: full ? "order.cancelled" : "order.lines_cancelled",
    message: full
      ? `Order #${loaded.order.number} cancelled: ${input.reason}`
      : `Cancelled ${detail.map((d) => `${d.quantity} × ${d.sku}`).join(", ")}: ${input.reason}`,
    data: { reason: input.reason, lines: detail, grand_total: loaded.order.grand_total },
    events: [full ? "order.cancelled" : "order.updated"],
  });
}

// ---------------------------------------------------------------------------------- holds

export async function placeHold(
  tx: Executor,
  ctx: RequestContext,
  id: string,
  input: { type: string; reason: string },
): Promise<OrderView> {
  const loaded = await lockAndLoad(tx, id);
  const status = loaded.order.status as OrderStatus;
  if (status === "cancelled" || status === "delivered" || status === "returned" || status === "shipped") {
    throw conflict(`Order #${loaded.order.number} is ${status}: there is nothing left to hold`);
  }
  const hold: OrderHoldsTable = {
    id: newId("hold"),
    order_id: id,
    type: input.type,
    reason: input.reason,
    source: "agent",
    placed_by: ctx.actor.name,
    placed_at: nowIso(),
    released_at: null,
    released_by: null,
    release_reason: null,
  };
  await tx.insertInto("order_holds").values(hold).execute();
  loaded.holds.push(hold);
  await save(tx, loaded, status);
  return record(tx, ctx, loaded, {
    action: "order.held",
    message: `Held (${hold.type}): ${hold.reason}`,
    data: { hold_id: hold.id, type: hold.type, reason: hold.reason },
    events: ["order.held"],
  });
}

export async function releaseHold(
  tx: Executor,
  ctx: RequestContext,
  id: string,
  holdId: string,
  reason: string,
): Promise<OrderView> {
  const loaded = await lockAndLoad(tx, id);
  const hold = loaded.holds.find((h) => h.id === holdId);
  if (!hold) throw notFound("Hold", holdId);
  if (hold.released_at) throw conflict(`Hold ${holdId} was already released`);
  Object.assign(hold, { released_at: nowIso(), released_by: ctx.actor.name, release_reason: reason });
  await tx
    .updateTable("order_holds")
    .set({ released_at: hold.released_at, released_by: hold.released_by, release_reason: reason })
    .where("id", "=", holdId)
    .where("released_at", "is", null)
    .execute();
  await save(tx, loaded, loaded.order.status as OrderStatus);
  return record(tx, ctx, loaded, {
    action: "order.released",
    message: `Hold (${hold.type}) released: ${reason}`,
    data: { hold_id: hold.id, type: hold.type, reason },
    events: ["order.released"],
  });
}

// ---------------------------------------------------------------------------------- edits

async function snapshot(tx: Executor, loaded: Loaded): Promise<void> {
  await tx
    .insertInto("order_versions")
    .values({
      order_id: loaded.order.id,
      version: loaded.order.version,
      snapshot: JSON.stringify(toView(loaded)),
      created_at: nowIso(),
    })
    .execute();
}

export async function listVersions(db: Executor, id: string) {
  await db
    .selectFrom("orders")
    .select("id")
    .where("id", "=", id)
    .executeTakeFirstOrThrow()
    .catch(() => {
      throw notFound("Order", id);
    });
  const rows = await db
    .selectFrom("order_versions")
    .selectAll()
    .where("order_id", "=", id)
    .orderBy("version")
    .execute();
  return {
    data: rows.map((r) => ({
      version: r.version,
      created_at: r.created_at,
      order: JSON.parse(r.snapshot) as unknown,
    })),
  };
}

async function channelOf(tx: Executor, channelId: string): Promise<Channel> {
  const row = await tx
    .selectFrom("channels")
    .select("code")
    .where("id", "=", channelId)
    .executeTakeFirstOrThrow();
  const channel = await getChannelByCode(tx, row.code);
  if (!channel) throw notFound("Channel", channelId);
  return channel;
}

/**
 * Edits an order that has not shipped: add, remove or re-quantify lines, change addresses,
 * notes or tags. One transaction: the previous version is kept, all stock is released and
 * committed again for the new lines, and the order is re-priced.
 */
export async function editOrder(
  tx: Executor,
  ctx: RequestContext,
  id: string,
  input: EditOrderInput,
): Promise<OrderView> {
  markBusy(tx, id);
  const loaded = await lockAndLoad(tx, id);
  const { order } = loaded;
  const previous = order.status as OrderStatus;
  if (!isEditable(loaded.lines.map(quantitiesOf), previous)) {
    throw conflict(`Order #${order.number} is ${previous} and can no longer be edited`);
  }
  if (input.expected_version !== undefined && input.expected_version !== order.version) {
    throw conflict(
      `Order #${order.number} is at version ${order.version}, not ${input.expected_version}; reload and retry`,
      {
        current_version: order.version,
      },
    );
  }
  const errors: FieldError[] = [];
  if (input.shipping_address)
    errors.push(...validateAddress(input.shipping_address, "body.shipping_address"));
  if (input.billing_address) errors.push(...validateAddress(input.billing_address, "body.billing_address"));
  const existingSkus = new Set(
    loaded.lines.filter((l) => !input.remove_lines?.includes(l.id)).map((l) => l.sku),
  );
  checkLineFormats(input.add_lines ?? [], "body.add_lines", errors, existingSkus);
  checkMayOverridePrices(ctx, input.add_lines ?? [], "body.add_lines");
  (input.remove_lines ?? []).forEach((lineId, i) => {
    if (!loaded.lines.some((l) => l.id === lineId))
      errors.push({ path: `body.remove_lines.${i}`, message: `No line ${lineId} on this order` });
  });
  (input.update_lines ?? []).forEach((u, i) => {
    if (!loaded.lines.some((l) => l.id === u.line_id))
      errors.push({ path: `body.update_lines.${i}.line_id`, message: `No line ${u.line_id} on this order` });
    if (input.remove_lines?.includes(u.line_id))
      errors.push({ path: `body.update_lines.${i}.line_id`, message: "Line is also being removed" });
  });
  throwIf(errors, 400, "The edit is invalid");

  await snapshot(tx, loaded);
  const draft = previous === "draft";
  const at = nowIso();
  const channel = await channelOf(tx, order.channel_id);

  // Release every commitment; what the new lines need is committed again below.
  deferFill.set(tx, []);
  const released: Array<{ sku: string; locationId: string }> = [];
  for (const a of loaded.allocations) {
    await releaseAllocation(tx, ctx, {
      lineId: a.line_id,
      sku: a.sku,
      locationId: a.location_id,
      quantity: a.quantity,
    });
    released.push({ sku: a.sku, locationId: a.location_id });
  }
  await tx.deleteFrom("order_allocations").where("order_id", "=", id).execute();
  loaded.allocations = [];

  // The new set of lines: kept (maybe re-quantified) and added.
  const removed = loaded.lines.filter((l) => input.remove_lines?.includes(l.id));
  const kept = loaded.lines.filter((l) => !input.remove_lines?.includes(l.id));
  for (const u of input.update_lines ?? []) {
    const line = kept.find((l) => l.id === u.line_id)!;
    line.quantity = u.quantity + line.cancelled;
  }
  const stillThere = kept.filter((l) => l.quantity - l.cancelled > 0 || l.cancelled > 0);
  const keptInputs = stillThere.map((l) => ({
    sku: l.sku,
    quantity: Math.max(1, l.quantity - l.cancelled),
    unit_price: l.price_override_reason ? l.unit_price : undefined,
    price_override_reason: l.price_override_reason ?? undefined,
  }));
  const planErrors: FieldError[] = [];
  const keptPlan = await planLines(tx, channel, keptInputs, "body.update_lines", at, planErrors);
  const addPlan = await planLines(tx, channel, input.add_lines ?? [], "body.add_lines", at, planErrors);
  refusePhysicalLinesOfDigitalOrder(order.requested_fulfillment as FulfillmentKind, addPlan, planErrors);
  throwIf(planErrors, 422, "The edit cannot be applied");

  const zeroed = kept.filter((l) => !stillThere.includes(l));
  const newLines: OrderLinesTable[] = addPlan.map((p) => ({
    id: newId("orderLine"),
    order_id: id,
    sku: p.sku,
    title: p.variant.title,
    quantity: p.quantity,
    pending: 0,
    committed: 0,
    backordered: 0,
    shipped: 0,
    delivered: 0,
    returned: 0,
    cancelled: 0,
    preorder: 0,
    unit_price: p.unit_price,
    price_override_reason: p.price_override_reason,
    subtotal: 0,
    discount: 0,
    tax: 0,
    total: 0,
    location_id: null,
    created_at: at,
    updated_at: at,
  }));
  stillThere.forEach((l, i) => {
    const p = keptPlan[i]!;
    l.unit_price = p.unit_price;
  });
  const all = [...stillThere, ...newLines];
  const plans = [...keptPlan, ...addPlan];
  const requests: AllocationRequestLine[] = all.map((l, i) => ({
    lineId: l.id,
    sku: l.sku,
    quantity: l.quantity - l.cancelled,
    variant: plans[i]!.variant,
  }));
  // Addresses first: the lines are sourced for where the order now goes.
  const changes: string[] = [];
  if (input.shipping_address) {
    order.shipping_address = JSON.stringify(normalizeAddress(input.shipping_address));
    changes.push("shipping address");
  }
  if (input.billing_address) {
    order.billing_address = JSON.stringify(normalizeAddress(input.billing_address));
    changes.push("billing address");
  }
  if (input.shipping_address || input.billing_address) {
    const ship = order.shipping_address ? (JSON.parse(order.shipping_address) as PostalAddress) : null;
    const bill = order.billing_address ? (JSON.parse(order.billing_address) as PostalAddress) : null;
    const pickup = order.pickup_location_id
      ? (await getLocationsByIds(tx, [order.pickup_location_id]))[0]
      : undefined;
    const dest = taxDestination(order.requested_fulfillment as FulfillmentKind, ship, bill, pickup);
    order.tax_rate_bps = await taxRateFor(tx, dest.country, dest.region);
    if (!order.customer_id) {
      const name = ship?.name ?? bill?.name ?? null;
      order.customer_name = name;
      order.name_lc = name?.toLowerCase() ?? null;
    }
  }
  const target = sourcingTargetFrom(order);
  const allocations = draft
    ? []
    : await allocateOrderLines(
        tx,
        ctx,
        { id, locationIds: target.locationIds, at, fulfillment: target },
        requests,
      );
  all.forEach((l, i) => {
    const active = l.quantity - l.cancelled;
    const a = allocations[i];
    Object.assign(l, {
      pending: draft ? active : 0,
      committed: a?.committed ?? 0,
      backordered: a?.backordered ?? 0,
      preorder: a?.preorder ? 1 : 0,
      location_id: a?.locations[0]?.locationId ?? null,
    });
  });
  loaded.allocations = allocationRowsOf(
    id,
    all,
    all.map((l) => l.id),
    allocations,
  );
  for (const l of [...removed, ...zeroed]) {
    await tx.deleteFrom("order_lines").where("id", "=", l.id).execute();
  }
  if (newLines.length) await tx.insertInto("order_lines").values(newLines).execute();
  if (loaded.allocations.length)
    await tx.insertInto("order_allocations").values(loaded.allocations).execute();
  loaded.lines = all;
  if (!all.some((l) => l.quantity - l.cancelled > 0)) {
    throw unprocessable("An order needs at least one line; cancel it instead", [
      { path: "body", message: "No lines left" },
    ]);
  }

  // Notes, tags.
  if (input.notes !== undefined) {
    order.notes = input.notes;
    changes.push("notes");
  }
  if (input.tags) {
    const tags = [...new Set(input.tags)];
    order.tags = JSON.stringify(tags);
    await tx.deleteFrom("order_tags").where("order_id", "=", id).execute();
    if (tags.length)
      await tx
        .insertInto("order_tags")
        .values(tags.map((tag) => ({ tag, order_id: id })))
        .execute();
    changes.push("tags");
  }
  if (input.add_lines?.length)
    changes.push(`added ${input.add_lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ")}`);
  if (input.update_lines?.length) changes.push(`changed quantities of ${input.update_lines.length} line(s)`);
  if (removed.length) changes.push(`removed ${removed.map((l) => l.sku).join(", ")}`);

  order.version += 1;
  reprice(loaded);
  await save(tx, loaded, previous);

  // Stock this edit freed goes to waiting backorders now.
  const deferred = deferFill.get(tx) ?? [];
  deferFill.delete(tx);
  for (const e of uniquePairs([...released, ...deferred])) await fillBackorders(tx, ctx, e);

  return record(tx, ctx, loaded, {
    action: "order.edited",
    message: `Order #${order.number} edited (version ${order.version}): ${changes.join("; ") || "no change"}${input.reason ? ` — ${input.reason}` : ""}`,
    data: {
      version: order.version,
      previous_version: order.version - 1,
      changes,
      reason: input.reason ?? null,
      grand_total: order.grand_total,
    },
    events: ["order.updated"],
  });
}

function uniquePairs(pairs: Array<{ sku: string; locationId: string }>) {
  const seen = new Map<string, { sku: string; locationId: string }>();
  for (const p of pairs) seen.set(`${p.sku}|${p.locationId}`, p);
  return [...seen.values()];
}

// ------------------------------------------------------------------------- draft placement

export async function placeDraft(tx: Executor, ctx: RequestContext, id: string): Promise<OrderView> {
  markBusy(tx, id);
  const loaded = await lockAndLoad(tx, id);
  const { order } = loaded;
  if (order.status !== "draft") throw conflict(`Order #${order.number} is ${order.status}, not a draft`);
  const at = nowIso();
  const channel = await channelOf(tx, order.channel_id);
  const errors: FieldError[] = [];
  const plan = await planLines(
    tx,
    channel,
    loaded.lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity - l.cancelled,
      unit_price: l.price_override_reason ? l.unit_price : undefined,
      price_override_reason: l.price_override_reason ?? undefined,
    })),
    "lines",
    at,
    errors,
  );
  let promoId: string | null = null;
  if (order.promo_code) {
    const found = await findUsablePromo(tx, order.promo_code, order.currency, at);
    if ("error" in found) errors.push({ path: "promo_code", message: found.error });
    else promoId = found.promo.id;
  }
  throwIf(errors, 422, "The draft cannot be placed");
  loaded.lines.forEach((l, i) => {
    l.unit_price = plan[i]!.unit_price;
  });
  const allocations = await allocateOrderLines(
    tx,
    ctx,
    { id, locationIds: JSON.parse(order.location_scope) as string[], at },
    loaded.lines.map((l, i) => ({
      lineId: l.id,
      sku: l.sku,
      quantity: l.pending,
      variant: plan[i]!.variant,
    })),
  );
  loaded.lines.forEach((l, i) => {
    const a = allocations[i]!;
    Object.assign(l, {
      pending: 0,
      committed: a.committed,
      backordered: a.backordered,
      preorder: a.preorder ? 1 : 0,
      location_id: a.locations[0]?.locationId ?? null,
    });
  });
  loaded.allocations = allocationRowsOf(
    id,
    loaded.lines,
    loaded.lines.map((l) => l.id),
    allocations,
  );
  if (loaded.allocations.length)
    await tx.insertInto("order_allocations").values(loaded.allocations).execute();
  if (promoId && !(await redeemPromoCode(tx, promoId)))
    throw conflict(`Promo code ${order.promo_code} has been used up`);
  reprice(loaded);
  const ship = order.shipping_address ? (JSON.parse(order.shipping_address) as PostalAddress) : null;
  const bill = order.billing_address ? (JSON.parse(order.billing_address) as PostalAddress) : null;
  const holds = ruleHolds({
    grand_total: order.grand_total,
    currency: order.currency,
    shipping_country: ship?.country ?? null,
    billing_country: bill?.country ?? null,
  }).map(
    (h): OrderHoldsTable => ({
      id: newId("hold"),
      order_id: id,
      type: h.type,
      reason: h.reason,
      source: "rule",
      placed_by: "rules",
      placed_at: at,
      released_at: null,
      released_by: null,
      release_reason: null,
    }),
  );
  if (holds.length) await tx.insertInto("order_holds").values(holds).execute();
  loaded.holds.push(...holds);
  order.placed_at = at;
  await save(tx, loaded, "draft");
  const view = await record(tx, ctx, loaded, {
    action: "order.created",
    message: `Draft #${order.number} placed: ${order.grand_total} ${order.currency}`,
    data: { number: order.number, grand_total: order.grand_total },
    events: ["order.created"],
  });
  for (const h of holds)
    await addTimeline(tx, ctx, id, "order.held", `Held (${h.type}) by rule: ${h.reason}`, { hold_id: h.id });
  if (holds.length)
    await emitEvent(tx, ctx, { type: "order.held", resourceType: "order", resourceId: id, data: view });
  return view;
}

// ---------------------------------------------------------------------- backorder filling

/**
 * Stock of a SKU arrived (or was freed) at a location: commit it to the oldest backordered
 * lines first (first come, first served) that this location may serve, until it runs out.
 */
export async function fillBackorders(
  tx: Executor,
  ctx: RequestContext,
  e: { sku: string; locationId: string },
): Promise<void> {
  const deferred = deferFill.get(tx);
  if (deferred) {
    deferred.push(e);
    return;
  }
  const skip = busy.get(tx) ?? new Set<string>();
  // Lines waiting for this SKU itself, or for a kit it is a component of — first come, first
  // served across both.
  const kits = await tx
    .selectFrom("kit_components")
    .select("kit_sku")
    .where("component_sku", "=", e.sku)
    .execute();
  const skus = [e.sku, ...kits.map((k) => k.kit_sku)];
  const candidates = await tx
    .selectFrom("order_lines")
    .innerJoin("orders", "orders.id", "order_lines.order_id")
    .select([
      "order_lines.id as line_id",
      "order_lines.order_id",
      "order_lines.sku",
      "order_lines.preorder",
      "orders.location_scope",
    ])
    .where("order_lines.sku", "in", skus)
    .where("order_lines.backordered", ">", 0)
    .where("orders.status", "not in", ["draft", "cancelled"])
    .orderBy("order_lines.id")
    .limit(200)
    .execute();
  if (!candidates.length) return;
  const variants = await getVariantsBySkus(tx, skus);
  const at = nowIso();
  for (const c of candidates) {
    const variant = variants.get(c.sku);
    if (!variant || skip.has(c.order_id)) continue;
    if (!(JSON.parse(c.location_scope) as string[]).includes(e.locationId)) continue;
    if (c.preorder === 1 && variant.available_from && variant.available_from > at) continue;
    const [row] = await availability(tx, [c.sku], [e.locationId], variants);
    const free = row?.available ?? 0;
    if (free <= 0) continue;
    skip.add(c.order_id);
    busy.set(tx, skip);
    const loaded = await lockAndLoad(tx, c.order_id);
    const line = loaded.lines.find((l) => l.id === c.line_id);
    if (!line || line.backordered === 0) continue;
    const q = Math.min(free, line.backordered);
    const ok = await tryCommitStock(tx, ctx, {
      sku: c.sku,
      locationId: e.locationId,
      quantity: q,
      reference: { type: "order_line", id: line.id },
      variant,
    });
    if (!ok) continue;
    await committedFromArrivingStock(tx, ctx, {
      orderId: c.order_id,
      lineId: line.id,
      sku: c.sku,
      locationId: e.locationId,
      quantity: q,
    });
    const previous = loaded.order.status as OrderStatus;
    line.backordered -= q;
    line.committed += q;
    line.location_id ??= e.locationId;
    const existing = loaded.allocations.find((a) => a.line_id === line.id && a.location_id === e.locationId);
    if (existing) {
      existing.quantity += q;
      await tx
        .updateTable("order_allocations")
        .set({ quantity: existing.quantity })
        .where("line_id", "=", line.id)
        .where("location_id", "=", e.locationId)
        .execute();
    } else {
      const a = {
        line_id: line.id,
        location_id: e.locationId,
        order_id: c.order_id,
        sku: c.sku,
        quantity: q,
      };
      loaded.allocations.push(a);
      await tx.insertInto("order_allocations").values(a).execute();
    }
    await save(tx, loaded, previous);
    await record(tx, ctx, loaded, {
      action: "order.backorder_allocated",
      message: `${q} × ${c.sku} committed at ${e.locationId} from arriving stock`,
      data: { line_id: line.id, sku: c.sku, location_id: e.locationId, quantity: q },
      events: ["order.updated"],
    });
  }
}

onStockAvailable(fillBackorders);

// ---------------------------------------------------------------------------------- search

export interface OrderFilter {
  number?: number | undefined;
  email?: string | undefined;
  customer_id?: string | undefined;
  name?: string | undefined;
  status?: string | undefined;
  channel?: string | undefined;
  sku?: string | undefined;
  tag?: string | undefined;
  hold?: string | undefined;
  created_from?: string | undefined;
  created_to?: string | undefined;
  external_ref?: string | undefined;
}

/** A LIKE pattern matching values that start with `text`, its `%`, `_` and `\\` taken literally. */
export const prefixPattern = (text: string) =>
  `${text
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listOrders(db: Executor, filter: OrderFilter, page: PageRequest) {
  let q = db.selectFrom("orders").selectAll();
  if (filter.number !== undefined) q = q.where("number", "=", filter.number);
  if (filter.email) q = q.where("email", "=", normalizeEmail(filter.email));
  if (filter.customer_id) q = q.where("customer_id", "=", filter.customer_id);
  if (filter.name) {
    // The range lets both databases use the (name_lc, id) index; LIKE keeps the match exact.
    const prefix = filter.name.trim().toLowerCase();
    q = q
      .where("name_lc", ">=", prefix)
      .where("name_lc", "<", `${prefix}\u{10FFFF}`)
      .where(sql<boolean>`name_lc like ${prefixPattern(filter.name)} escape '\\'`);
  }
  if (filter.status) q = q.where("status", "=", filter.status);
  if (filter.channel) {
    const channel = await getChannelByCode(db, filter.channel);
    q = q.where("channel_id", "=", channel?.id ?? "-");
  }
  if (filter.external_ref) q = q.where("external_ref", "=", filter.external_ref);
  if (filter.sku) {
    const sku = filter.sku;
    q = q.where("id", "in", (eb) => eb.selectFrom("order_lines").select("order_id").where("sku", "=", sku));
  }
  if (filter.tag) {
    const tag = filter.tag;
    q = q.where("id", "in", (eb) => eb.selectFrom("order_tags").select("order_id").where("tag", "=", tag));
  }
  if (filter.hold === "any") q = q.where("open_holds", ">", 0);
  else if (filter.hold) {
    const type = filter.hold;
    q = q.where("id", "in", (eb) =>
      eb
        .selectFrom("order_holds")
        .select("order_id")
        .where("type", "=", type)
        .where("released_at", "is", null),
    );
  }
  if (filter.created_from) q = q.where("created_at", ">=", new Date(filter.created_from).toISOString());
  if (filter.created_to) q = q.where("created_at", "<", new Date(filter.created_to).toISOString());
  const r = await keysetPage(q, "id", page);
  return { data: r.data.map(summaryOf), next_cursor: r.next_cursor };
}
