import type { Executor } from "../../db/transaction.js";
import {
  type FieldError,
  normalizeAddress,
  type PostalAddress,
  validateAddress,
} from "../../domain/address.js";
import { conflict, notFound, unprocessable } from "../../domain/errors.js";
import { isEditable, type OrderStatus } from "../../domain/order.js";
import type { FulfillmentKind } from "../../domain/pricing.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { getChannel } from "../channels/index.js";
import { getLocationsByIds } from "../locations/index.js";
import { taxRateFor } from "../promotions/index.js";
import { type AllocationRequestLine, allocateOrderLines, releaseAllocation } from "./allocation.js";
import { fillBackorders } from "./backorders.js";
import { allocationRowsOf } from "./capture.js";
import { commitChange, deferFill, markBusy, reprice } from "./change.js";
import { lineTitles } from "./line-titles.js";
import type { EditOrderInput } from "./schemas.js";
import type { OrderLinesTable } from "./tables.js";
import { sourcingTargetFrom } from "./target.js";
import {
  checkLineFormats,
  checkMayOverridePrices,
  planLines,
  refusePhysicalLinesOfDigitalOrder,
  taxDestination,
  throwIf,
} from "./validation.js";
import { lockAndLoad, type OrderView, quantitiesOf } from "./view.js";

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

  const draft = previous === "draft";
  const at = nowIso();
  const channel = await getChannel(tx, order.channel_id);

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
    ...lineTitles(p.variant),
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

  reprice(loaded);
  const version = order.version + 1;
  const view = await commitChange(tx, ctx, loaded, {
    action: "order.edited",
    message: `Order #${order.number} edited (version ${version}): ${changes.join("; ") || "no change"}${input.reason ? ` — ${input.reason}` : ""}`,
    data: {
      version,
      previous_version: version - 1,
      changes,
      reason: input.reason ?? null,
      grand_total: order.grand_total,
    },
    events: ["order.updated"],
  });

  // Stock this edit freed goes to waiting backorders now.
  const deferred = deferFill.get(tx) ?? [];
  deferFill.delete(tx);
  for (const e of uniquePairs([...released, ...deferred])) await fillBackorders(tx, ctx, e);
  return view;
}

function uniquePairs(pairs: Array<{ sku: string; locationId: string }>) {
  const seen = new Map<string, { sku: string; locationId: string }>();
  for (const p of pairs) seen.set(`${p.sku}|${p.locationId}`, p);
  return [...seen.values()];
}
