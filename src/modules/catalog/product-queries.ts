// Reading products and variants: by id, handle or SKU, and lists with filters.
import { type Expression, type SqlBool, sql } from "kysely";
import type { Executor } from "../../db/transaction.js";
import { notFound } from "../../domain/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { type KitComponent, toVariant, type Variant } from "./service.js";
import type { ProductsTable, VariantsTable } from "./tables.js";

export interface Product extends Omit<ProductsTable, "tags"> {
  tags: string[];
  variants: Variant[];
}

const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Variant rows with their kit components attached. */
export async function withComponents(db: Executor, rows: readonly VariantsTable[]): Promise<Variant[]> {
  const kitSkus = rows.filter((r) => r.is_kit === 1).map((r) => r.sku);
  const parts = new Map<string, KitComponent[]>();
  for (const batch of chunks(kitSkus)) {
    const found = await db.selectFrom("kit_components").selectAll().where("kit_sku", "in", batch).execute();
    for (const c of found) {
      const list = parts.get(c.kit_sku) ?? [];
      list.push({ sku: c.component_sku, quantity: c.quantity });
      parts.set(c.kit_sku, list);
    }
  }
  return rows.map((r) =>
    toVariant(
      r,
      (parts.get(r.sku) ?? []).sort((a, b) => (a.sku < b.sku ? -1 : 1)),
    ),
  );
}

async function productsWithVariants(db: Executor, rows: readonly ProductsTable[]): Promise<Product[]> {
  const ids = rows.map((r) => r.id);
  const variantRows: VariantsTable[] = [];
  for (const batch of chunks(ids))
    variantRows.push(
      ...(await db
        .selectFrom("variants")
        .selectAll()
        .where("product_id", "in", batch)
        .orderBy("id")
        .execute()),
    );
  const variants = await withComponents(db, variantRows);
  return rows.map((r) => ({
    ...r,
    tags: JSON.parse(r.tags) as string[],
    variants: variants.filter((v) => v.product_id === r.id),
  }));
}

/** A product by id (`prod_…`) or handle, with its variants. */
export async function getProduct(db: Executor, ref: string): Promise<Product> {
  const row = await db
    .selectFrom("products")
    .selectAll()
    .where((eb) => eb.or([eb("id", "=", ref), eb("handle", "=", ref)]))
    .executeTakeFirst();
  if (!row) throw notFound("Product", ref);
  return (await productsWithVariants(db, [row]))[0]!;
}

/** A variant by id (`var_…`) or SKU. */
export async function getVariant(db: Executor, ref: string): Promise<Variant> {
  const row = await db
    .selectFrom("variants")
    .selectAll()
    .where((eb) => eb.or([eb("id", "=", ref), eb("sku", "=", ref)]))
    .executeTakeFirst();
  if (!row) throw notFound("Variant", ref);
  return (await withComponents(db, [row]))[0]!;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const like = (column: string, pattern: string): Expression<SqlBool> =>
  sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;

export interface ProductFilter {
  q?: string | undefined;
  status?: "active" | "archived" | undefined;
  vendor?: string | undefined;
  product_type?: string | undefined;
}

/** Products, oldest first; `q` matches a variant's SKU (exact or prefix) or barcode, or words of the title. */
export async function listProducts(db: Executor, filter: ProductFilter, page: PageRequest) {
  let query = db.selectFrom("products").selectAll();
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.vendor) query = query.where("vendor", "=", filter.vendor);
  if (filter.product_type) query = query.where("product_type", "=", filter.product_type);
  if (filter.q) {
    const q = filter.q.toLowerCase();
    const raw = filter.q;
    query = query.where((eb) =>
      eb.or([
        like("products.title", `%${likeEscape(q)}%`),
        eb(
          "products.id",
          "in",
          eb
            .selectFrom("variants")
            .select("variants.product_id")
            .where((v) =>
              v.or([
                v("variants.sku", "=", raw),
                v("variants.barcode", "=", raw),
                like("variants.sku", `${likeEscape(q)}%`),
              ]),
            ),
        ),
      ]),
    );
  }
  const result = await keysetPage(query, "id", page, "asc");
  return { data: await productsWithVariants(db, result.data), next_cursor: result.next_cursor };
}

export interface VariantFilter {
  sku?: string | undefined;
  barcode?: string | undefined;
  q?: string | undefined;
  product_id?: string | undefined;
  status?: "active" | "archived" | undefined;
  is_kit?: "true" | "false" | undefined;
}

export async function listVariants(db: Executor, filter: VariantFilter, page: PageRequest) {
  let query = db.selectFrom("variants").selectAll();
  if (filter.sku) {
    const skus = filter.sku
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    query = query.where("sku", "in", skus.length ? skus : [""]);
  }
  if (filter.barcode) query = query.where("barcode", "=", filter.barcode);
  if (filter.product_id) query = query.where("product_id", "=", filter.product_id);
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.is_kit) query = query.where("is_kit", "=", filter.is_kit === "true" ? 1 : 0);
  if (filter.q) {
    const q = likeEscape(filter.q.toLowerCase());
    const raw = filter.q;
    query = query.where((eb) =>
      eb.or([eb("barcode", "=", raw), like("variants.sku", `${q}%`), like("variants.title", `%${q}%`)]),
    );
  }
  const result = await keysetPage(query, "id", page, "asc");
  return { data: await withComponents(db, result.data), next_cursor: result.next_cursor };
}
