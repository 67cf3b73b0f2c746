// Checks of user input naming SKUs and locations: a 422 for anything unknown or not stockable.
import type { Executor } from "../../db/transaction.js";
import { type FieldError, unprocessable } from "../../domain/errors.js";
import { getVariantsBySkus, type Variant } from "../catalog/index.js";
import { getLocationsByIds, type Location } from "../locations/index.js";

/** Known, stockable SKUs (not kits), or a 422 listing every bad one. */
export async function requireStockSkus(
  db: Executor,
  items: Array<{ sku: string; path: string }>,
): Promise<Map<string, Variant>> {
  const variants = await getVariantsBySkus(
    db,
    items.map((i) => i.sku),
  );
  const errors: FieldError[] = [];
  for (const { sku, path } of items) {
    const v = variants.get(sku);
    if (!v) errors.push({ path, message: `Unknown SKU ${sku}` });
    else if (v.is_kit) errors.push({ path, message: `${sku} is a kit: its stock is its components' stock` });
  }
  if (errors.length) throw unprocessable(errors[0]?.message ?? "Invalid SKU", errors);
  return variants;
}

export async function requireLocation(db: Executor, id: string, path = "location_id"): Promise<Location> {
  const [location] = await getLocationsByIds(db, [id]);
  if (!location)
    throw unprocessable(`Location ${id} does not exist`, [{ path, message: `Unknown location ${id}` }]);
  return location;
}

/** A 422 when a SKU appears on more than one of the lines. */
export function uniqueLines(lines: Array<{ sku: string; quantity: number }>, path = "body.lines") {
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    if (seen.has(l.sku)) {
      throw unprocessable(`${l.sku} appears twice`, [{ path: `${path}.${i}.sku`, message: "Duplicate SKU" }]);
    }
    seen.add(l.sku);
  });
}
