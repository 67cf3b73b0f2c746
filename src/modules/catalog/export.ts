// Catalog CSV export: the import's own format, so a merchant can export, edit in a spreadsheet
// and import again (an unedited export imports as "unchanged").
import { stringify } from "csv-stringify/sync";
import type { Executor } from "../../db/transaction.js";
import { CATALOG_COLUMNS, catalogCsvRow, type ExportedVariant } from "../../domain/catalog-csv.js";
import { currencyDigits } from "../../domain/reference-codes.js";
import type { PriceList } from "./price-lists.js";

const PAGE = 200;

/** Products the export cannot write (the CSV keys products by handle). */
export async function productsWithoutHandle(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("products")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("handle", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Every variant of every product with a handle, as catalog CSV, page by page (bounded memory
 * for a catalog of any size); with a price list, its current prices and tiers too. Kits come
 * after every other row, so the file also imports into an empty catalog (a kit's components
 * must exist or come first).
 */
export async function* exportCatalogCsv(db: Executor, priceList: PriceList | null): AsyncGenerator<string> {
  yield stringify([[...CATALOG_COLUMNS]]);
  yield* variantRows(db, priceList, false);
  yield* variantRows(db, priceList, true);
}

async function* variantRows(
  db: Executor,
  priceList: PriceList | null,
  kits: boolean,
): AsyncGenerator<string> {
  const digits = priceList ? currencyDigits(priceList.currency) : 2;
  const now = new Date().toISOString();
  let after = "";
  for (;;) {
    const products = await db
      .selectFrom("products")
      .selectAll()
      .where("handle", "is not", null)
      .where("handle", ">", after)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("variants")
            .select("variants.id")
            .whereRef("variants.product_id", "=", "products.id")
            .where("variants.is_kit", "=", kits ? 1 : 0),
        ),
      )
      .orderBy("handle")
      .limit(PAGE)
      .execute();
    if (products.length === 0) return;
    after = products[products.length - 1]!.handle as string;
    const variants = await db
      .selectFrom("variants")
      .selectAll()
      .where(
        "product_id",
        "in",
        products.map((p) => p.id),
      )
      .where("is_kit", "=", kits ? 1 : 0)
      .orderBy("sku")
      .execute();
    const skus = variants.map((v) => v.sku);
    const components = kits
      ? await db
          .selectFrom("kit_components")
          .selectAll()
          .where("kit_sku", "in", skus)
          .orderBy("component_sku")
          .execute()
      : [];
    const prices =
      priceList && skus.length
        ? await db
            .selectFrom("prices")
            .select(["sku", "min_quantity", "amount"])
            .where("price_list_id", "=", priceList.id)
            .where("sku", "in", skus)
            .where((eb) => eb.or([eb("valid_from", "is", null), eb("valid_from", "<=", now)]))
            .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">", now)]))
            .execute()
        : [];
    const rows: string[][] = [];
    for (const p of products) {
      for (const v of variants.filter((x) => x.product_id === p.id)) {
        const exported: ExportedVariant = {
          handle: p.handle as string,
          title: p.title,
          description: p.description,
          vendor: p.vendor,
          product_type: p.product_type,
          tags: JSON.parse(p.tags) as string[],
          sku: v.sku,
          variant_title: v.title,
          options: JSON.parse(v.options) as Record<string, string>,
          barcode: v.barcode,
          weight_grams: v.weight_grams,
          length_mm: v.length_mm,
          width_mm: v.width_mm,
          height_mm: v.height_mm,
          track_inventory: v.track_inventory === 1,
          backorder_policy: v.backorder_policy,
          available_from: v.available_from,
          components: components
            .filter((c) => c.kit_sku === v.sku)
            .map((c) => ({ sku: c.component_sku, quantity: c.quantity })),
          prices: prices.filter((x) => x.sku === v.sku),
          status: v.status,
        };
        rows.push(catalogCsvRow(exported, digits));
      }
    }
    yield stringify(rows);
  }
}
