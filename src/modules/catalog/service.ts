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
  if (skus.length === 0) return new Map();
  const rows = await db
    .selectFrom("variants")
    .selectAll()
    .where("sku", "in", [...new Set(skus)])
    .execute();
  return withKitComponents(db, rows);
}

/** A variant as an order line records it: with its product's title. */
export interface SellableVariant extends Variant {
  product_title: string;
}

/** Like `getVariantsBySkus`, with each variant's product title (joined, not one more round trip). */
export async function getSellableVariantsBySkus(
  db: Executor,
  skus: readonly string[],
): Promise<Map<string, SellableVariant>> {
  if (skus.length === 0) return new Map();
  const rows = await db
    .selectFrom("variants")
    .innerJoin("products", "products.id", "variants.product_id")
    .selectAll("variants")
    .select("products.title as product_title")
    .where("variants.sku", "in", [...new Set(skus)])
    .execute();
  return withKitComponents(db, rows);
}

async function withKitComponents<R extends VariantsTable>(
  db: Executor,
  rows: readonly R[],
): Promise<Map<string, Omit<R, "options" | "track_inventory" | "is_kit"> & Variant>> {
  const result = new Map<string, Omit<R, "options" | "track_inventory" | "is_kit"> & Variant>();
  const kitSkus = rows.filter((r) => r.is_kit === 1).map((r) => r.sku);
  const components = kitSkus.length
    ? await db.selectFrom("kit_components").selectAll().where("kit_sku", "in", kitSkus).execute()
    : [];
  for (const row of rows) {
    const parts = components
      .filter((c) => c.kit_sku === row.sku)
      .map((c) => ({ sku: c.component_sku, quantity: c.quantity }));
    result.set(row.sku, { ...row, ...toVariant(row, parts) });
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

/** What people handling the goods read: product title, variant title, barcode, size and weight by SKU. */
export interface Handling {
  sku: string;
  product_title: string;
  variant_title: string;
  barcode: string | null;
  weight_grams: number;
  length_mm: number | null;
  width_mm: number | null;
  height_mm: number | null;
}

export async function handlingBySkus(db: Executor, skus: readonly string[]): Promise<Map<string, Handling>> {
  if (skus.length === 0) return new Map();
  const rows = await db
    .selectFrom("variants")
    .innerJoin("products", "products.id", "variants.product_id")
    .select([
      "variants.sku",
      "products.title as product_title",
      "variants.title as variant_title",
      "variants.barcode",
      "variants.weight_grams",
      "variants.length_mm",
      "variants.width_mm",
      "variants.height_mm",
    ])
    .where("variants.sku", "in", [...new Set(skus)])
    .execute();
  return new Map(rows.map((r) => [r.sku, { ...r, weight_grams: Number(r.weight_grams) }]));
}
