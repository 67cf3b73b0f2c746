import { type Expression, type SqlBool, sql } from "kysely";
import { type Executor, inTransaction } from "../../db/transaction.js";
import { conflict, type FieldError, notFound, unprocessable } from "../../http/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/actor.js";
import { recordAudit } from "../audit/service.js";
import { emitEvent } from "../events/outbox.js";
import type { CreateProductInput, UpdateProductInput, UpdateVariantInput, VariantInput } from "./schemas.js";
import { type KitComponent, toVariant, type Variant } from "./service.js";
import type { ProductsTable, VariantsTable } from "./tables.js";

export interface Product extends Omit<ProductsTable, "tags"> {
  tags: string[];
  variants: Variant[];
}

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
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

// ---- validation shared by the API and the CSV import ---------------------------------------------

interface KnownVariant {
  sku: string;
  is_kit: number;
  status: string;
}

/**
 * Checks a kit's components: each exists (in the database or among `pending`, variants being
 * created with it), is not a kit, is not archived, is not the kit itself. Returns the problems.
 */
export async function componentProblems(
  db: Executor,
  kitSku: string,
  components: readonly KitComponent[],
  path: string,
  pending: ReadonlyMap<string, { is_kit: boolean }> = new Map(),
  known?: ReadonlyMap<string, KnownVariant>,
): Promise<FieldError[]> {
  if (components.length === 0) return [];
  const lookup =
    known ??
    new Map(
      (
        await db
          .selectFrom("variants")
          .select(["sku", "is_kit", "status"])
          .where(
            "sku",
            "in",
            components.map((c) => c.sku),
          )
          .execute()
      ).map((r) => [r.sku, r]),
    );
  const problems: FieldError[] = [];
  for (const [i, c] of components.entries()) {
    const at = `${path}.${i}.sku`;
    const p = pending.get(c.sku);
    const row = lookup.get(c.sku);
    if (c.sku === kitSku) problems.push({ path: at, message: "A kit cannot contain itself" });
    else if (p?.is_kit || (!p && row?.is_kit === 1))
      problems.push({ path: at, message: `${c.sku} is a kit; a kit's components cannot be kits` });
    else if (p) continue;
    else if (!row) problems.push({ path: at, message: `Unknown SKU ${c.sku}` });
    else if (row.status === "archived") problems.push({ path: at, message: `${c.sku} is archived` });
  }
  return problems;
}

function defaultVariantTitle(options: Record<string, string> | undefined): string {
  const values = Object.values(options ?? {});
  return values.length ? values.join(" / ") : "Default";
}

export function variantRow(
  productId: string,
  v: VariantInput,
  now: string,
  productStatus = "active",
): VariantsTable {
  const isKit = (v.components?.length ?? 0) > 0;
  return {
    id: newId("variant"),
    product_id: productId,
    sku: v.sku,
    title: v.title ?? defaultVariantTitle(v.options),
    options: JSON.stringify(v.options ?? {}),
    barcode: v.barcode ?? null,
    weight_grams: v.weight_grams ?? 0,
    length_mm: v.length_mm ?? null,
    width_mm: v.width_mm ?? null,
    height_mm: v.height_mm ?? null,
    track_inventory: v.track_inventory === false ? 0 : 1,
    backorder_policy: v.backorder_policy ?? "deny",
    available_from: v.available_from ?? null,
    is_kit: isKit ? 1 : 0,
    status: v.status ?? (productStatus as VariantsTable["status"]),
    created_at: now,
    updated_at: now,
  };
}

/** New variants must have unused SKUs and barcodes and valid kit components; throws 409 / 422. */
async function checkNewVariants(
  tx: Executor,
  variants: readonly VariantInput[],
  path: string,
): Promise<void> {
  const skus = variants.map((v) => v.sku);
  const taken = new Set<string>();
  for (const batch of chunks(skus))
    for (const r of await tx.selectFrom("variants").select("sku").where("sku", "in", batch).execute())
      taken.add(r.sku);
  const barcodes = variants.map((v) => v.barcode).filter((b): b is string => !!b);
  const usedBarcodes = new Map<string, string>();
  for (const batch of chunks(barcodes))
    for (const r of await tx
      .selectFrom("variants")
      .select(["sku", "barcode"])
      .where("barcode", "in", batch)
      .execute())
      usedBarcodes.set(r.barcode!, r.sku);
  const clashes: FieldError[] = [];
  variants.forEach((v, i) => {
    if (taken.has(v.sku)) clashes.push({ path: `${path}.${i}.sku`, message: `SKU ${v.sku} already exists` });
    if (v.barcode && usedBarcodes.has(v.barcode))
      clashes.push({
        path: `${path}.${i}.barcode`,
        message: `Barcode ${v.barcode} already belongs to ${usedBarcodes.get(v.barcode)}`,
      });
  });
  if (clashes.length) throw conflict("SKUs and barcodes must be unique", { errors: clashes });

  const pending = new Map(variants.map((v) => [v.sku, { is_kit: (v.components?.length ?? 0) > 0 }]));
  const problems: FieldError[] = [];
  for (const [i, v] of variants.entries())
    problems.push(
      ...(await componentProblems(tx, v.sku, v.components ?? [], `${path}.${i}.components`, pending)),
    );
  if (problems.length) throw unprocessable("Kit components are invalid", problems);
}

async function insertVariants(tx: Executor, rows: readonly VariantsTable[], inputs: readonly VariantInput[]) {
  for (const batch of chunks(rows, 200)) await tx.insertInto("variants").values(batch).execute();
  const links = inputs.flatMap((v) =>
    (v.components ?? []).map((c) => ({ kit_sku: v.sku, component_sku: c.sku, quantity: c.quantity })),
  );
  for (const batch of chunks(links)) await tx.insertInto("kit_components").values(batch).execute();
}

// ---- writes -----------------------------------------------------------------------------------------

export async function createProduct(
  db: Executor,
  ctx: RequestContext,
  input: CreateProductInput,
): Promise<Product> {
  return inTransaction(db, async (tx) => {
    if (input.handle) {
      const taken = await tx
        .selectFrom("products")
        .select("id")
        .where("handle", "=", input.handle)
        .executeTakeFirst();
      if (taken)
        throw conflict(`A product with handle ${input.handle} already exists`, {
          existing_id: taken.id,
          errors: [{ path: "body.handle", message: "Already used" }],
        });
    }
    await checkNewVariants(tx, input.variants, "body.variants");
    const now = nowIso();
    const product: ProductsTable = {
      id: newId("product"),
      handle: input.handle ?? null,
      title: input.title,
      description: input.description ?? null,
      vendor: input.vendor ?? null,
      product_type: input.product_type ?? null,
      tags: JSON.stringify(input.tags ?? []),
      status: input.status ?? "active",
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto("products").values(product).execute();
    await insertVariants(
      tx,
      input.variants.map((v) => variantRow(product.id, v, now, product.status)),
      input.variants,
    );
    const created = await getProduct(tx, product.id);
    await recordAudit(tx, ctx, {
      action: "product.created",
      resourceType: "product",
      resourceId: product.id,
      data: { title: product.title, skus: input.variants.map((v) => v.sku) },
    });
    await emitEvent(tx, ctx, {
      type: "product.created",
      resourceType: "product",
      resourceId: product.id,
      data: created,
    });
    return created;
  });
}

async function productChanged(
  tx: Executor,
  ctx: RequestContext,
  productId: string,
  action: string,
  data: unknown,
): Promise<Product> {
  const product = await getProduct(tx, productId);
  await recordAudit(tx, ctx, { action, resourceType: "product", resourceId: productId, data });
  await emitEvent(tx, ctx, {
    type: "product.updated",
    resourceType: "product",
    resourceId: productId,
    data: product,
  });
  return product;
}

export async function updateProduct(
  db: Executor,
  ctx: RequestContext,
  ref: string,
  patch: UpdateProductInput,
): Promise<Product> {
  return inTransaction(db, async (tx) => {
    const current = await getProduct(tx, ref);
    if (patch.handle && patch.handle !== current.handle) {
      const taken = await tx
        .selectFrom("products")
        .select("id")
        .where("handle", "=", patch.handle)
        .executeTakeFirst();
      if (taken)
        throw conflict(`A product with handle ${patch.handle} already exists`, {
          errors: [{ path: "body.handle", message: "Already used" }],
        });
    }
    const { tags, ...rest } = patch;
    const set: Partial<ProductsTable> = {};
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) (set as Record<string, unknown>)[k] = v;
    if (tags !== undefined) set.tags = JSON.stringify(tags);
    const now = nowIso();
    await tx
      .updateTable("products")
      .set({ ...set, updated_at: now })
      .where("id", "=", current.id)
      .execute();
    // Archiving a product archives its variants; restoring it restores them.
    if (patch.status && patch.status !== current.status)
      await tx
        .updateTable("variants")
        .set({ status: patch.status, updated_at: now })
        .where("product_id", "=", current.id)
        .execute();
    return productChanged(
      tx,
      ctx,
      current.id,
      patch.status === "archived" ? "product.archived" : "product.updated",
      {
        change: patch,
      },
    );
  });
}

export async function addVariant(
  db: Executor,
  ctx: RequestContext,
  productRef: string,
  input: VariantInput,
): Promise<Variant> {
  return inTransaction(db, async (tx) => {
    const product = await getProduct(tx, productRef);
    await checkNewVariants(tx, [input], "body");
    const row = variantRow(product.id, input, nowIso(), product.status);
    await insertVariants(tx, [row], [input]);
    await productChanged(tx, ctx, product.id, "variant.created", { sku: input.sku });
    return getVariant(tx, row.id);
  });
}

export async function updateVariant(
  db: Executor,
  ctx: RequestContext,
  ref: string,
  patch: UpdateVariantInput,
): Promise<Variant> {
  return inTransaction(db, async (tx) => {
    const current = await getVariant(tx, ref);
    const policy = patch.backorder_policy ?? current.backorder_policy;
    const availableFrom = patch.available_from === undefined ? current.available_from : patch.available_from;
    if (policy === "preorder" && !availableFrom)
      throw unprocessable("A preorder needs available_from", [
        { path: "body.available_from", message: "Required when backorder_policy is preorder" },
      ]);
    if (patch.barcode && patch.barcode !== current.barcode) {
      const other = await tx
        .selectFrom("variants")
        .select("sku")
        .where("barcode", "=", patch.barcode)
        .executeTakeFirst();
      if (other)
        throw conflict(`Barcode ${patch.barcode} already belongs to ${other.sku}`, {
          errors: [{ path: "body.barcode", message: "Already used" }],
        });
    }
    if (patch.components !== undefined) {
      const problems = await componentProblems(tx, current.sku, patch.components, "body.components");
      if (patch.components.length > 0) {
        const usedIn = await tx
          .selectFrom("kit_components")
          .select("kit_sku")
          .where("component_sku", "=", current.sku)
          .executeTakeFirst();
        if (usedIn)
          problems.push({
            path: "body.components",
            message: `${current.sku} is a component of kit ${usedIn.kit_sku}, so it cannot be a kit`,
          });
      }
      if (problems.length) throw unprocessable("Kit components are invalid", problems);
    }
    const { components, options, track_inventory, ...rest } = patch;
    const set: Partial<VariantsTable> = {};
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) (set as Record<string, unknown>)[k] = v;
    if (options !== undefined) set.options = JSON.stringify(options);
    if (track_inventory !== undefined) set.track_inventory = track_inventory ? 1 : 0;
    if (components !== undefined) set.is_kit = components.length > 0 ? 1 : 0;
    await tx
      .updateTable("variants")
      .set({ ...set, updated_at: nowIso() })
      .where("id", "=", current.id)
      .execute();
    if (components !== undefined) {
      await tx.deleteFrom("kit_components").where("kit_sku", "=", current.sku).execute();
      if (components.length)
        await tx
          .insertInto("kit_components")
          .values(
            components.map((c) => ({ kit_sku: current.sku, component_sku: c.sku, quantity: c.quantity })),
          )
          .execute();
    }
    await productChanged(tx, ctx, current.product_id, "variant.updated", { sku: current.sku, change: patch });
    return getVariant(tx, current.id);
  });
}

// ---- deletion: delete when nothing refers to it, archive otherwise --------------------------------

function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23503" || code === "SQLITE_CONSTRAINT_FOREIGNKEY";
}

/**
 * Deletes variants (and their prices and kit definitions) inside a savepoint. Anything that still
 * refers to them (a kit elsewhere; stock rows and other records with a foreign key) makes the
 * delete fail, the savepoint is rolled back, and the caller archives instead.
 */
async function tryDelete(tx: Executor, skus: readonly string[], productId: string | null): Promise<boolean> {
  const usedByKit = await tx
    .selectFrom("kit_components")
    .select("kit_sku")
    .where("component_sku", "in", [...skus])
    .where("kit_sku", "not in", [...skus])
    .executeTakeFirst();
  if (usedByKit) return false;
  await sql`savepoint catalog_delete`.execute(tx);
  try {
    await tx
      .deleteFrom("prices")
      .where("sku", "in", [...skus])
      .execute();
    await tx
      .deleteFrom("kit_components")
      .where("kit_sku", "in", [...skus])
      .execute();
    await tx
      .deleteFrom("variants")
      .where("sku", "in", [...skus])
      .execute();
    if (productId) await tx.deleteFrom("products").where("id", "=", productId).execute();
    await sql`release savepoint catalog_delete`.execute(tx);
    return true;
  } catch (error) {
    if (!isForeignKeyViolation(error)) throw error;
    await sql`rollback to savepoint catalog_delete`.execute(tx);
    await sql`release savepoint catalog_delete`.execute(tx);
    return false;
  }
}

export interface Deletion {
  id: string;
  outcome: "deleted" | "archived";
}

export async function deleteProduct(db: Executor, ctx: RequestContext, ref: string): Promise<Deletion> {
  return inTransaction(db, async (tx) => {
    const product = await getProduct(tx, ref);
    const deleted = await tryDelete(
      tx,
      product.variants.map((v) => v.sku),
      product.id,
    );
    if (!deleted) {
      await updateProduct(tx, ctx, product.id, { status: "archived" });
      return { id: product.id, outcome: "archived" as const };
    }
    await recordAudit(tx, ctx, {
      action: "product.deleted",
      resourceType: "product",
      resourceId: product.id,
      data: { title: product.title, skus: product.variants.map((v) => v.sku) },
    });
    await emitEvent(tx, ctx, {
      type: "product.deleted",
      resourceType: "product",
      resourceId: product.id,
      data: { id: product.id, skus: product.variants.map((v) => v.sku) },
    });
    return { id: product.id, outcome: "deleted" as const };
  });
}

export async function deleteVariant(db: Executor, ctx: RequestContext, ref: string): Promise<Deletion> {
  return inTransaction(db, async (tx) => {
    const variant = await getVariant(tx, ref);
    if (!(await tryDelete(tx, [variant.sku], null))) {
      await updateVariant(tx, ctx, variant.id, { status: "archived" });
      return { id: variant.id, outcome: "archived" as const };
    }
    await productChanged(tx, ctx, variant.product_id, "variant.deleted", { sku: variant.sku });
    return { id: variant.id, outcome: "deleted" as const };
  });
}
