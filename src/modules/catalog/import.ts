// Streaming catalog CSV import (`ordo import catalog`, `POST /v1/imports/catalog`).
//
// Rows are parsed and validated as they stream in, in batches, against the database and what the
// file said before. Mode `file` (default) writes nothing unless every row is valid, and then
// writes everything in one transaction. Mode `batch` writes each valid batch of rows in its own
// transaction and skips (entirely) each batch with an error; the report says which.
import { Readable, Transform } from "node:stream";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { parse } from "csv-parse";
import { type Executor, inTransaction } from "../../db/transaction.js";
import { type CatalogRow, checkHeader, parseCatalogRow, type RowError } from "../../domain/catalog-csv.js";
import { currencyDigits } from "../../domain/reference-codes.js";
import { ApiError, conflict, problemType } from "../../http/errors.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/actor.js";
import { recordAudit } from "../audit/service.js";
import { type DomainEvent, emitEvents } from "../events/outbox.js";
import type { PriceInput } from "./price-list-schemas.js";
import { chosenPriceList, type PriceList, replacePrices } from "./price-lists.js";
import { variantRow } from "./products.js";
import type { ProductsTable, VariantsTable } from "./tables.js";

export type ImportMode = "file" | "batch";

/** Problems after which an import stops reading (as the inventory import does). */
export const MAX_IMPORT_ERRORS = 1000;

export interface ImportProgress {
  bytes: number;
  rows: number;
  /** Rows written so far (grows while `phase` is `writing`). */
  written: number;
  phase: "reading" | "writing" | "done";
}

export interface ImportOptions {
  mode?: ImportMode;
  /** Rows per batch (validation round trips; in `batch` mode also the unit of all-or-nothing). */
  batchSize?: number;
  /** Price list (id or code) that the `price` and `price_tiers` columns go into. */
  priceList?: string | undefined;
  /** Validate only; write nothing. */
  dryRun?: boolean;
  /** Refuse input larger than this (bytes). */
  maxBytes?: number;
  /**
   * After this many problems reading stops (the rest of the file is neither checked nor written):
   * a file that bad needs fixing, not a longer report, and checking it all would tie the server up.
   */
  maxErrors?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportReport {
  id: string;
  mode: ImportMode;
  dry_run: boolean;
  price_list: string | null;
  /** Whether anything was written. */
  committed: boolean;
  rows: number;
  rows_imported: number;
  products_created: number;
  products_updated: number;
  variants_created: number;
  variants_updated: number;
  /** Rows for existing SKUs that changed nothing (fields, kit, prices): nothing written for them. */
  variants_unchanged: number;
  /** SKUs whose prices in the price list were set (changed). */
  skus_priced: number;
  batches_committed: number;
  batches_failed: number;
  error_count: number;
  errors: RowError[];
  /** The line where reading stopped after `maxErrors` problems; null when the whole file was read. */
  stopped_at_line: number | null;
  duration_ms: number;
}

interface SkuState {
  line: number;
  is_kit: boolean;
  status: string;
}

/** What the file has established so far (committed batches in batch mode; everything in file mode). */
interface FileState {
  skus: Map<string, SkuState>;
  barcodes: Map<string, string>;
  /** handle → product id, for products created or touched by the file */
  products: Map<string, string>;
}

interface ProductPlan {
  id: string;
  handle: string;
  created: boolean;
  /** Whether anything of it (fields, variants, kit, prices) differs from what is stored. */
  changed: boolean;
  skus: string[];
}

interface Plan {
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

const emptyState = (): FileState => ({ skus: new Map(), barcodes: new Map(), products: new Map() });

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
async function planBatch(
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

function mergeInto(state: FileState, overlay: FileState): void {
  for (const [k, v] of overlay.skus) state.skus.set(k, v);
  for (const [k, v] of overlay.barcodes) state.barcodes.set(k, v);
  for (const [k, v] of overlay.products) state.products.set(k, v);
}

interface Totals {
  products_created: number;
  products_updated: number;
  variants_created: number;
  variants_updated: number;
  variants_unchanged: number;
  skus_priced: number;
}

/** Writes planned batches in the caller's transaction, with their events and one audit row. */
async function applyPlans(
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

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** Imports a catalog CSV from a stream of bytes; see the module comment and README for the format. */
export async function importCatalog(
  db: Executor,
  ctx: RequestContext,
  source: AsyncIterable<Buffer | string> | Readable,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const started = Date.now();
  const mode = options.mode ?? "file";
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 1000, 10_000));
  const maxErrors = Math.max(1, options.maxErrors ?? MAX_IMPORT_ERRORS);
  const dryRun = options.dryRun ?? false;
  const priceList = await chosenPriceList(db, options.priceList, "querystring.price_list");
  const digits = priceList ? currencyDigits(priceList.currency) : 2;
  const importId = newId("catalogImport");

  const report: ImportReport = {
    id: importId,
    mode,
    dry_run: dryRun,
    price_list: priceList?.code ?? null,
    committed: false,
    rows: 0,
    rows_imported: 0,
    products_created: 0,
    products_updated: 0,
    variants_created: 0,
    variants_updated: 0,
    variants_unchanged: 0,
    skus_priced: 0,
    batches_committed: 0,
    batches_failed: 0,
    error_count: 0,
    errors: [],
    stopped_at_line: null,
    duration_ms: 0,
  };
  const addErrors = (errors: readonly RowError[]) => {
    for (const e of errors) {
      if (report.errors.length >= maxErrors) break;
      report.errors.push(e);
    }
    report.error_count = report.errors.length;
  };
  const tooManyErrors = () => report.errors.length >= maxErrors;

  let bytes = 0;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const counter = new Transform({
    transform(chunk: Buffer | string, _enc, done) {
      bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
      if (bytes > maxBytes)
        done(
          new ApiError(413, "Content Too Large", `The file is larger than ${maxBytes} bytes`, {
            type: problemType("import-too-large"),
          }),
        );
      else done(null, chunk);
    },
  });
  const parser = parse({
    info: true,
    relax_column_count: true,
    skip_records_with_error: true,
    skip_empty_lines: true,
    bom: true,
    trim: true,
  });
  // After malformed CSV the parser's idea of where rows start is unreliable: rows from there on
  // are never written, in either mode.
  let brokenAt = Number.POSITIVE_INFINITY;
  parser.on("skip", (error: Error & { lines?: number }) => {
    const line = error.lines ?? 0;
    brokenAt = Math.min(brokenAt, line);
    addErrors([{ line, field: "(row)", message: `Malformed CSV: ${error.message}` }]);
    if (tooManyErrors()) stopReading(line);
  });
  const input = source instanceof Readable ? source : Readable.from(source);
  input.on("error", (e) => counter.destroy(e));
  counter.on("error", (e) => parser.destroy(e));
  input.pipe(counter).pipe(parser);

  const state = emptyState();
  const plans: Plan[] = [];
  const totals: Totals = {
    products_created: 0,
    products_updated: 0,
    variants_created: 0,
    variants_updated: 0,
    variants_unchanged: 0,
    skus_priced: 0,
  };
  let columns: string[] | null = null;
  let pending: CatalogRow[] = [];
  let pendingErrors = 0;
  let headerBroken = false;

  const flush = async () => {
    if (pending.length === 0 && pendingErrors === 0) return;
    const overlay = emptyState();
    const plan = await planBatch(db, pending, state, overlay, priceList);
    addErrors(plan.errors);
    const failed = plan.errors.length > 0 || pendingErrors > 0 || plan.lastLine >= brokenAt;
    if (mode === "file") {
      mergeInto(state, overlay);
      plans.push(plan);
    } else if (failed) {
      report.batches_failed++;
    } else {
      if (!dryRun) {
        await inTransaction(db, (tx) =>
          applyPlans(tx, ctx, newId("catalogImport"), [plan], priceList, totals),
        );
        report.committed = true;
      }
      report.batches_committed++;
      report.rows_imported += plan.rows;
      mergeInto(state, overlay);
    }
    pending = [];
    pendingErrors = 0;
    options.onProgress?.({ bytes, rows: report.rows, written: report.rows_imported, phase: "reading" });
    // Parsing and validating a batch is synchronous work: let other requests in between batches.
    await yieldToEventLoop();
  };
  /** Reads and discards the rest of the input: an HTTP upload must finish before the answer. */
  const discardRest = () => {
    input.unpipe(counter);
    input.resume();
  };
  const stopReading = (line: number) => {
    if (report.stopped_at_line !== null) return;
    report.stopped_at_line = line;
    discardRest();
    counter.end();
  };

  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const { record, info } = item;
    const line = info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    if (columns === null) {
      const header = checkHeader(record);
      columns = header.columns;
      if (header.errors.length) {
        addErrors(header.errors);
        headerBroken = true;
        discardRest();
        break;
      }
      continue;
    }
    report.rows++;
    if (record.length !== columns.length) {
      addErrors([
        { line, field: "(row)", message: `Expected ${columns.length} fields, found ${record.length}` },
      ]);
      pendingErrors++;
    } else {
      const fields: Record<string, string> = {};
      for (let i = 0; i < columns.length; i++) fields[columns[i]!] = record[i]!;
      const parsed = parseCatalogRow(fields, line, digits);
      if (parsed.row) pending.push(parsed.row);
      else {
        addErrors(parsed.errors);
        pendingErrors++;
      }
    }
    if (report.stopped_at_line !== null) break;
    if (tooManyErrors()) {
      stopReading(line);
      break;
    }
    if (pending.length + pendingErrors >= batchSize) await flush();
  }
  if (columns === null && !headerBroken)
    addErrors([{ line: 1, field: "(file)", message: "The file is empty" }]);
  if (!headerBroken && report.stopped_at_line === null) await flush();

  if (mode === "file") {
    const ok = report.error_count === 0 && columns !== null;
    report.batches_committed = ok ? plans.length : 0;
    report.batches_failed = ok ? 0 : plans.length;
    if (ok) {
      report.rows_imported = plans.reduce((n, p) => n + p.rows, 0);
      if (!dryRun) {
        const progress = (written: number) =>
          options.onProgress?.({ bytes, rows: report.rows, written, phase: "writing" });
        progress(0);
        try {
          await inTransaction(
            db,
            (tx) => {
              // A retried transaction starts counting again.
              Object.assign(totals, {
                products_created: 0,
                products_updated: 0,
                variants_created: 0,
                variants_updated: 0,
                variants_unchanged: 0,
                skus_priced: 0,
              });
              return applyPlans(tx, ctx, importId, plans, priceList, totals, progress);
            },
            { attempts: 3 },
          );
        } catch (error) {
          if (isUniqueViolation(error))
            throw conflict(
              "The catalog changed while the file was read (a SKU or handle now exists); import it again",
            );
          throw error;
        }
        report.committed = true;
      }
    }
  }
  Object.assign(report, totals);
  report.duration_ms = Date.now() - started;
  options.onProgress?.({ bytes, rows: report.rows, written: report.rows_imported, phase: "done" });
  return report;
}
