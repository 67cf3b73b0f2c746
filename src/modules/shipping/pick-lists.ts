// Pick lists: what to take off the shelves for one fulfillment order or a batch (wave) of them
// at one location, a line per SKU in bin order (the walk through the aisles) with what goes to
// which order.
import type { Executor } from "../../db/transaction.js";
import { unprocessable } from "../../domain/errors.js";
import { handlingBySkus } from "../catalog/index.js";
import { type FulfillmentOrder, getFulfillmentOrder, unitsLeft } from "../fulfillment/index.js";
import { binsAt } from "../inventory/index.js";
import { orderContact } from "../orders/index.js";

export interface PickList {
  location_id: string;
  fulfillment_order_ids: string[];
  lines: Array<{
    bin: string | null;
    sku: string;
    product_title: string;
    variant_title: string | null;
    barcode: string | null;
    quantity: number;
    picks: Array<{ fulfillment_order_id: string; order_number: number; quantity: number }>;
  }>;
}

/** Bins compare as people read them: A2 before A10. Lines without a bin come last. */
const byBin = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a.localeCompare(b, "en", { numeric: true });

export async function pickList(db: Executor, ids: readonly string[]): Promise<PickList> {
  const fos: FulfillmentOrder[] = [];
  for (const id of ids) fos.push(await getFulfillmentOrder(db, id));
  const locations = new Set(fos.map((f) => f.location_id));
  const location = fos[0]?.location_id;
  if (!location || locations.size > 1) {
    throw unprocessable("A pick list is for fulfillment orders of one location", [
      { path: "query.fulfillment_order_ids", message: `they are at ${[...locations].join(", ")}` },
    ]);
  }
  const numbers = new Map<string, number>();
  for (const f of fos) numbers.set(f.id, (await orderContact(db, f.order_id)).number);
  const skus = [...new Set(fos.flatMap((f) => f.lines.map((l) => l.sku)))];
  const bins = await binsAt(db, location, skus);
  const handling = await handlingBySkus(db, skus);
  const lines = new Map<string, PickList["lines"][number]>();
  for (const f of fos) {
    for (const l of f.lines) {
      const quantity = unitsLeft(l) - l.picked_quantity;
      if (quantity <= 0) continue;
      const line = lines.get(l.sku) ?? {
        bin: bins.get(l.sku) ?? null,
        sku: l.sku,
        product_title: handling.get(l.sku)?.product_title ?? l.sku,
        variant_title: handling.get(l.sku)?.variant_title ?? null,
        barcode: handling.get(l.sku)?.barcode ?? null,
        quantity: 0,
        picks: [],
      };
      line.quantity += quantity;
      line.picks.push({ fulfillment_order_id: f.id, order_number: numbers.get(f.id)!, quantity });
      lines.set(l.sku, line);
    }
  }
  return {
    location_id: location,
    fulfillment_order_ids: fos.map((f) => f.id),
    lines: [...lines.values()].sort((a, b) => byBin(a.bin, b.bin) || a.sku.localeCompare(b.sku)),
  };
}
