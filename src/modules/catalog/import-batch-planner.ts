// Validates batches of parsed catalog CSV rows against the database and the file so far, and
// plans their writes (see import.ts for the import as a whole).
import type { Executor } from "../../db/transaction.js";
import type { CatalogRow, RowError } from "../../domain/catalog-csv.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { PriceInput } from "./price-list-schemas.js";
import type { PriceList } from "./price-lists.js";
import type { ProductsTable, VariantsTable } from "./tables.js";
import { variantRow } from "./variant-validation.js";

interface SkuState {
  line: number;
  is_kit: boolean;
  status: string;
}

/** What the file has established so far (committed batches in batch mode; everything in file mode). */
export interface FileState {
  skus: Map<string, SkuState>;
  barcodes: Map<string, string>;
  /** handle → product id, for products created or touched by the file */
  products: Map<string, string>;
}

export interface ProductPlan {
  id: string;
  handle: string;
  created: boolean;
  /** Whether anything of it (fields, variants, kit, prices) differs from what is stored. */
  changed: boolean;
  skus: string[];
}

export interface Plan {
  newProducts: ProductsTable[];
  productUpdates: Map<string, Partial<ProductsTable>>;
  newVariants: VariantsTable[];
  variantUpdates: Array<{ id: string; set: Partial<VariantsTable> }>;
  kits: Array<{ sku: string; components: Array<{ sku: string; quantity: number }> }>;
  prices: PriceInput[];
  touched: Map<string, ProductPlan>;
  rows: number;
  unchanged: number;
  errors: RowError[];
  firstLine: number;
  lastLine: number;
}

export const emptyState = (): FileState => ({ skus: new Map(), barcodes: new Map(), products: new Map() });

function productFields(row: CatalogRow): Partial<ProductsTable> {
  const set: Partial<ProductsTable> = {};
  if (row.title !== undefined) set.title = row.title;
  if (row.description !== undefined) set.description = row.description;
  if (row.vendor !== undefined) set.vendor = row.vendor;
  if (row.product_type !== undefined) set.product_type = row.product_type;
  if (row.tags !== undefined) set.tags = JSON.stringify(row.tags);
  return set;
}

function variantFields(row: CatalogRow): Partial<VariantsTable> {
  const set: Partial<VariantsTable> = {};
  if (row.variant_title !== undefined) set.title = row.variant_title;
  if (row.options !== undefined) set.options = JSON.stringify(row.options);
  if (row.barcode !== undefined) set.barcode = row.barcode;
  for (const k of ["weight_grams", "length_mm", "width_mm", "height_mm"] as const)
    if (row[k] !== undefined) set[k] = row[k];
  if (row.track_inventory !== undefined) set.track_inventory = row.track_inventory ? 1 : 0;
  if (row.backorder_policy !== undefined) set.backorder_policy = row.backorder_policy;
  if (row.available_from !== undefined) set.available_from = row.available_from;
  if (row.components !== undefined && row.components.length > 0) set.is_kit = 1;
  if (row.status !== undefined) set.status = row.status;
  return set;
}

async function lookup<R>(items: readonly string[], query: (batch: string[]) => Promise<R[]>): Promise<R[]> {
  const unique = [...new Set(items)];
  const out: R[] = [];
  for (let i = 0; i < unique.length; i += 500) out.push(...(await query(unique.slice(i, i + 500))));
  return out;
}

/**
 * Validates a batch of parsed rows against the database and the file so far, and plans its
 * writes. Rows with problems are left out and their problems returned; `overlay` receives what
 * the batch establishes (merged into the file's state by the caller when the batch counts).
 */
export async function planBatch(
  db: Executor,
  rows: readonly CatalogRow[],
  state: FileState,
  overlay: FileState,
  priceList: PriceList | null,
): Promise<Plan> {
  const plan: Plan = {
    newProducts: [],
    productUpdates: new Map(),
    newVariants: [],
    variantUpdates: [],
    kits: [],
    prices: [],
    touched: new Map(),
    rows: 0,
    unchanged: 0,
    errors: [],
    firstLine: rows[0]?.line ?? 0,
    lastLine: rows[rows.length - 1]?.line ?? 0,
  };
  const skus = rows.map((r) => r.sku);
  const existing = new Map(
    (
      await lookup(skus, (b) =>
        db
          .selectFrom("variants")
          .innerJoin("products", "products.id", "variants.product_id")
          .selectAll("variants")
          .select("products.handle")
          .where("variants.sku", "in", b)
          .execute(),
      )
    ).map((r) => [r.sku, r]),
  );
  const handles = rows.map((r) => r.handle).filter((h) => !state.products.has(h) && !overlay.products.has(h));
  const products = new Map(
    (
      await lookup(handles, (b) => db.selectFrom("products").selectAll().where("handle", "in", b).execute())
    ).map((r) => [r.handle as string, r]),
  );
  // What is stored for rows that may not change anything: kit definitions and prices.
  const storedKits = new Map<string, string>();
  const kitRows = rows
    .filter((r) => r.components?.length && existing.get(r.sku)?.is_kit === 1)
    .map((r) => r.sku);
  for (const c of await lookup(kitRows, (b) =>
    db.selectFrom("kit_components").selectAll().where("kit_sku", "in", b).execute(),
  ))
    storedKits.set(c.kit_sku, `${storedKits.get(c.kit_sku) ?? ""}${c.component_sku}:${c.quantity};`);
  const storedPrices = new Map<string, string[]>();
  const pricedRows = priceList
    ? rows.filter((r) => r.price !== undefined && existing.has(r.sku)).map((r) => r.sku)
    : [];
  for (const p of await lookup(pricedRows, (b) =>
    db
      .selectFrom("prices")
      .selectAll()
      .where("price_list_id", "=", priceList!.id)
      .where("sku", "in", b)
      .execute(),
  )) {
    const list = storedPrices.get(p.sku) ?? [];
    list.push(`${p.min_quantity}:${p.amount}:${p.valid_from ?? ""}:${p.valid_to ?? ""}`);
    storedPrices.set(p.sku, list);
  }
  const barcodes = rows.map((r) => r.barcode).filter((b): b is string => b !== undefined);
  const barcodeOwners = new Map(
    (
      await lookup(barcodes, (b) =>
        db.selectFrom("variants").select(["sku", "barcode"]).where("barcode", "in", b).execute(),
      )
    ).map((r) => [r.barcode as string, r.sku]),
  );
  const componentSkus = rows
    .flatMap((r) => r.components ?? [])
    .map((c) => c.sku)
    // A component may also have a row later in this file: what is stored for it still counts.
    .filter((s) => !state.skus.has(s) && !overlay.skus.has(s));
  const components = new Map(
    (
      await lookup(componentSkus, (b) =>
        db.selectFrom("variants").select(["sku", "is_kit", "status"]).where("sku", "in", b).execute(),
      )
    ).map((r) => [r.sku, r]),
  );
  const newKits = rows
    .filter((r) => (r.components?.length ?? 0) > 0 && existing.has(r.sku))
    .map((r) => r.sku);
  const usedAsComponent = new Map(
    (
      await lookup(newKits, (b) =>
        db
          .selectFrom("kit_components")
          .select(["kit_sku", "component_sku"])
          .where("component_sku", "in", b)
          .execute(),
      )
    ).map((r) => [r.component_sku, r.kit_sku]),
  );

  const now = nowIso();
  for (const row of rows) {
    const errors: RowError[] = [];
    const err = (field: string, message: string) => errors.push({ line: row.line, field, message });
    const seen = overlay.skus.get(row.sku) ?? state.skus.get(row.sku);
    if (seen) err("sku", `SKU ${row.sku} is also on line ${seen.line}`);
    const current = existing.get(row.sku);
    if (current && current.handle !== row.handle)
      err(
        "handle",
        `SKU ${row.sku} belongs to product ${current.handle ?? current.product_id}, not ${row.handle}`,
      );

    const storedProduct = products.get(row.handle);
    let productId = overlay.products.get(row.handle) ?? state.products.get(row.handle) ?? storedProduct?.id;
    const isNewProduct = productId === undefined;
    if (isNewProduct && row.title === undefined) err("title", `Required for the new product ${row.handle}`);

    if (row.barcode !== undefined) {
      const owner =
        overlay.barcodes.get(row.barcode) ??
        state.barcodes.get(row.barcode) ??
        barcodeOwners.get(row.barcode);
      if (owner !== undefined && owner !== row.sku)
        err("barcode", `Barcode ${row.barcode} already belongs to ${owner}`);
    }
    for (const c of row.components ?? []) {
      const known = overlay.skus.get(c.sku) ?? state.skus.get(c.sku);
      const db = components.get(c.sku);
      if (known ? known.is_kit : db?.is_kit === 1)
        err("components", `${c.sku} is a kit; a kit's components cannot be kits`);
      else if (!known && !db)
        err("components", `Unknown SKU ${c.sku} (components must exist or come on earlier lines)`);
      else if ((known?.status ?? db?.status) === "archived") err("components", `${c.sku} is archived`);
    }
    const kitOf = usedAsComponent.get(row.sku);
    if (kitOf) err("components", `${row.sku} is a component of kit ${kitOf}, so it cannot be a kit`);
    if ((row.price !== undefined || row.price_tiers !== undefined) && !priceList)
      err("price", "No price list chosen for prices (price_list)");
    if (current && row.backorder_policy === "preorder" && row.available_from === undefined)
      err("available_from", "A preorder needs available_from");

    if (errors.length) {
      plan.errors.push(...errors);
      continue;
    }

    plan.rows++;
    if (productId === undefined) {
      productId = newId("product");
      plan.newProducts.push({
        id: productId,
        handle: row.handle,
        title: row.title as string,
        description: row.description ?? null,
        vendor: row.vendor ?? null,
        product_type: row.product_type ?? null,
        tags: JSON.stringify(row.tags ?? []),
        status: "active",
        created_at: now,
        updated_at: now,
      });
      plan.touched.set(productId, {
        id: productId,
        handle: row.handle,
        created: true,
        changed: true,
        skus: [],
      });
    } else if (!plan.touched.has(productId)) {
      plan.touched.set(productId, {
        id: productId,
        handle: row.handle,
        created: false,
        changed: false,
        skus: [],
      });
    }
    const touched = plan.touched.get(productId)!;
    const fields = storedProduct ? changedFields(productFields(row), storedProduct) : productFields(row);
    if (!isNewProduct && Object.keys(fields).length) {
      const set = plan.productUpdates.get(productId) ?? {};
      // The first row that states a product field wins.
      plan.productUpdates.set(productId, { ...fields, ...set });
      touched.changed = true;
    }
    overlay.products.set(row.handle, productId);
    touched.skus.push(row.sku);

    const isKit = current
      ? row.components?.length
        ? true
        : current.is_kit === 1
      : (row.components?.length ?? 0) > 0;
    let rowChanged = !current;
    if (current) {
      const { handle: _, ...stored } = current;
      const set = changedFields(variantFields(row), stored);
      if (Object.keys(set).length) {
        plan.variantUpdates.push({ id: current.id, set });
        rowChanged = true;
      }
    } else {
      plan.newVariants.push(
        variantRow(
          productId,
          {
            sku: row.sku,
            ...(row.variant_title !== undefined && { title: row.variant_title }),
            ...(row.options !== undefined && { options: row.options }),
            ...(row.barcode !== undefined && { barcode: row.barcode }),
            ...(row.weight_grams !== undefined && { weight_grams: row.weight_grams }),
            ...(row.length_mm !== undefined && { length_mm: row.length_mm }),
            ...(row.width_mm !== undefined && { width_mm: row.width_mm }),
            ...(row.height_mm !== undefined && { height_mm: row.height_mm }),
            ...(row.track_inventory !== undefined && { track_inventory: row.track_inventory }),
            ...(row.backorder_policy !== undefined && { backorder_policy: row.backorder_policy }),
            ...(row.available_from !== undefined && { available_from: row.available_from }),
            ...(row.components !== undefined && { components: row.components }),
            ...(row.status !== undefined && { status: row.status }),
          },
          now,
        ),
      );
    }
    if (row.components?.length) {
      const wanted = [...row.components]
        .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
        .map((c) => `${c.sku}:${c.quantity};`)
        .join("");
      const stored = storedKits.get(row.sku);
      const storedSorted =
        stored === undefined
          ? undefined
          : stored
              .split(";")
              .filter(Boolean)
              .sort()
              .map((x) => `${x};`)
              .join("");
      if (storedSorted !== wanted) {
        plan.kits.push({ sku: row.sku, components: row.components });
        rowChanged = true;
      }
    }
    if (row.price !== undefined) {
      const tiers = [
        { sku: row.sku, amount: row.price, min_quantity: 1 },
        ...(row.price_tiers ?? []).map((t) => ({
          sku: row.sku,
          amount: t.amount,
          min_quantity: t.min_quantity,
        })),
      ];
      const wanted = tiers
        .map((t) => `${t.min_quantity}:${t.amount}::`)
        .sort()
        .join("|");
      const stored = (storedPrices.get(row.sku) ?? []).sort().join("|");
      if (wanted !== stored) {
        plan.prices.push(...tiers);
        rowChanged = true;
      }
    }
    if (rowChanged) touched.changed = true;
    else plan.unchanged++;
    overlay.skus.set(row.sku, {
      line: row.line,
      is_kit: isKit,
      status: row.status ?? current?.status ?? "active",
    });
    if (row.barcode !== undefined) overlay.barcodes.set(row.barcode, row.sku);
  }
  return plan;
}

/** The fields of `set` whose values differ from `stored`. */
function changedFields<T extends object>(set: Partial<T>, stored: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(set)) {
    if ((stored as Record<string, unknown>)[k] !== v) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export function mergeInto(state: FileState, overlay: FileState): void {
  for (const [k, v] of overlay.skus) state.skus.set(k, v);
  for (const [k, v] of overlay.barcodes) state.barcodes.set(k, v);
  for (const [k, v] of overlay.products) state.products.set(k, v);
}
