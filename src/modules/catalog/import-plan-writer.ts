// Writes the plans of the catalog CSV import (see import-batch-planner.ts) to the database.
import type { Executor } from "../../db/transaction.js";
import { nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { type DomainEvent, emitEvents } from "../events/index.js";
import type { Plan, ProductPlan } from "./import-batch-planner.js";
import { type PriceList, replacePrices } from "./price-lists.js";

export interface Totals {
  products_created: number;
  products_updated: number;
  variants_created: number;
  variants_updated: number;
  variants_unchanged: number;
  skus_priced: number;
}

/** Writes planned batches in the caller's transaction, with their events and one audit row. */
export async function applyPlans(
  tx: Executor,
  ctx: RequestContext,
  importId: string,
  plans: readonly Plan[],
  priceList: PriceList | null,
  totals: Totals,
  onWritten: (rows: number) => void = () => {},
): Promise<void> {
  const touched = new Map<string, ProductPlan>();
  let written = 0;
  for (const plan of plans) {
    for (let i = 0; i < plan.newProducts.length; i += 200)
      await tx
        .insertInto("products")
        .values(plan.newProducts.slice(i, i + 200))
        .execute();
    const now = nowIso();
    for (const [id, set] of plan.productUpdates)
      await tx
        .updateTable("products")
        .set({ ...set, updated_at: now })
        .where("id", "=", id)
        .execute();
    for (let i = 0; i < plan.newVariants.length; i += 200)
      await tx
        .insertInto("variants")
        .values(plan.newVariants.slice(i, i + 200))
        .execute();
    for (const u of plan.variantUpdates)
      await tx
        .updateTable("variants")
        .set({ ...u.set, updated_at: now })
        .where("id", "=", u.id)
        .execute();
    const kitSkus = plan.kits.map((k) => k.sku);
    for (let i = 0; i < kitSkus.length; i += 500)
      await tx
        .deleteFrom("kit_components")
        .where("kit_sku", "in", kitSkus.slice(i, i + 500))
        .execute();
    const links = plan.kits.flatMap((k) =>
      k.components.map((c) => ({ kit_sku: k.sku, component_sku: c.sku, quantity: c.quantity })),
    );
    for (let i = 0; i < links.length; i += 500)
      await tx
        .insertInto("kit_components")
        .values(links.slice(i, i + 500))
        .execute();
    if (priceList && plan.prices.length) await replacePrices(tx, priceList.id, plan.prices);

    totals.variants_created += plan.newVariants.length;
    totals.variants_updated += plan.variantUpdates.length;
    totals.variants_unchanged += plan.unchanged;
    totals.skus_priced += new Set(plan.prices.map((p) => p.sku)).size;
    for (const [id, p] of plan.touched) {
      const seen = touched.get(id);
      if (seen) {
        seen.skus.push(...p.skus);
        seen.changed ||= p.changed;
      } else touched.set(id, { ...p, skus: [...p.skus] });
    }
    written += plan.rows;
    onWritten(written);
  }
  const created = new Set(plans.flatMap((p) => p.newProducts.map((n) => n.id)));
  const events: DomainEvent[] = [];
  for (const p of touched.values()) {
    // A row that changes nothing makes no event.
    if (!p.changed) continue;
    const isNew = created.has(p.id);
    if (isNew) totals.products_created++;
    else totals.products_updated++;
    events.push({
      type: isNew ? "product.created" : "product.updated",
      resourceType: "product",
      resourceId: p.id,
      data: { id: p.id, handle: p.handle, skus: p.skus, source: "import", import_id: importId },
    });
  }
  // One multi-row insert per 200 events, not one statement per product.
  await emitEvents(tx, ctx, events);
  await recordAudit(tx, ctx, {
    action: "catalog.imported",
    resourceType: "catalog_import",
    resourceId: importId,
    data: {
      lines: [plans[0]?.firstLine ?? 0, plans[plans.length - 1]?.lastLine ?? 0],
      rows: plans.reduce((n, p) => n + p.rows, 0),
      products_changed: [...touched.values()].filter((p) => p.changed).length,
      price_list: priceList?.code ?? null,
    },
  });
}
