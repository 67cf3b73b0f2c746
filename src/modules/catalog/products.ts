// Creating and changing products and their variants (reads: product-queries.ts; deletion:
// product-deletion.ts).
import { type Executor, inTransaction } from "../../db/transaction.js";
import { conflict, unprocessable } from "../../domain/errors.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { emitEvent } from "../events/index.js";
import { getProduct, getVariant, type Product } from "./product-queries.js";
import type { CreateProductInput, UpdateProductInput, UpdateVariantInput, VariantInput } from "./schemas.js";
import type { Variant } from "./service.js";
import type { ProductsTable, VariantsTable } from "./tables.js";
import { checkNewVariants, componentProblems, insertVariants, variantRow } from "./variant-validation.js";

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

export async function productChanged(
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
