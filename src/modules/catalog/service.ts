import type { Executor } from "../../db/transaction.js";
import type { VariantsTable } from "./tables.js";

export interface KitComponent {
  sku: string;
  quantity: number;
}

/** A sellable SKU as other modules see it (options parsed, kit components attached). */
export interface Variant extends Omit<VariantsTable, "options" | "track_inventory" | "is_kit"> {
  options: Record<string, string>;
  track_inventory: boolean;
  is_kit: boolean;
  /** For kits: the SKUs (and quantities per kit) that are committed instead of the kit itself. */
  components: KitComponent[];
}

export function toVariant(row: VariantsTable, components: KitComponent[]): Variant {
  return {
    ...row,
    options: JSON.parse(row.options) as Record<string, string>,
    track_inventory: row.track_inventory === 1,
    is_kit: row.is_kit === 1,
    components,
  };
}

/** Variants by SKU in one round trip each for variants and kit components; unknown SKUs are absent. */
export async function getVariantsBySkus(
  db: Executor,
  skus: readonly string[],
): Promise<Map<string, Variant>> {
  const result = new Map<string, Variant>();
  if (skus.length === 0) return result;
  const unique = [...new Set(skus)];
  const rows = await db.selectFrom("variants").selectAll().where("sku", "in", unique).execute();
  const kitSkus = rows.filter((r) => r.is_kit === 1).map((r) => r.sku);
  const components = kitSkus.length
    ? await db.selectFrom("kit_components").selectAll().where("kit_sku", "in", kitSkus).execute()
    : [];
  for (const row of rows) {
    const parts = components
      .filter((c) => c.kit_sku === row.sku)
      .map((c) => ({ sku: c.component_sku, quantity: c.quantity }));
    result.set(row.sku, toVariant(row, parts));
  }
  return result;
}

/** The kits that contain `componentSku` (stock arriving for it may complete them). */
export async function kitsContaining(db: Executor, componentSku: string): Promise<string[]> {
  const rows = await db
    .selectFrom("kit_components")
    .select("kit_sku")
    .where("component_sku", "=", componentSku)
    .execute();
  return rows.map((r) => r.kit_sku);
}
