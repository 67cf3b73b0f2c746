import type { Executor } from "../../db/transaction.js";

export interface PriceQuery {
  sku: string;
  quantity: number;
}

/**
 * Unit prices (minor units) from a price list at a moment: for each SKU the tier with the
 * highest `min_quantity` not above the quantity, among prices valid at `at`. SKUs without a
 * price are absent from the result.
 */
export async function unitPrices(
  db: Executor,
  priceListId: string,
  lines: readonly PriceQuery[],
  at: string,
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (lines.length === 0) return result;
  const skus = [...new Set(lines.map((l) => l.sku))];
  const rows = await db
    .selectFrom("prices")
    .select(["sku", "min_quantity", "amount"])
    .where("price_list_id", "=", priceListId)
    .where("sku", "in", skus)
    .where((eb) => eb.or([eb("valid_from", "is", null), eb("valid_from", "<=", at)]))
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">", at)]))
    .orderBy("min_quantity", "desc")
    .execute();
  for (const line of lines) {
    const tier = rows.find((r) => r.sku === line.sku && r.min_quantity <= line.quantity);
    if (tier) result.set(line.sku, tier.amount);
  }
  return result;
}
