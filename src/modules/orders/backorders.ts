import type { Executor } from "../../db/transaction.js";
import type { OrderStatus } from "../../domain/order.js";
import { nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { getVariantsBySkus, kitsContaining } from "../catalog/index.js";
import { committedFromArrivingStock } from "../fulfillment/index.js";
import { availability, tryCommitStock } from "../inventory/index.js";
import { busy, commitChange, deferFill } from "./change.js";
import { lockAndLoad } from "./view.js";

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
  const skus = [e.sku, ...(await kitsContaining(tx, e.sku))];
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
    const _previous = loaded.order.status as OrderStatus;
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
    await commitChange(tx, ctx, loaded, {
      action: "order.backorder_allocated",
      message: `${q} × ${c.sku} committed at ${e.locationId} from arriving stock`,
      data: { line_id: line.id, sku: c.sku, location_id: e.locationId, quantity: q },
      events: ["order.updated"],
    });
  }
}
