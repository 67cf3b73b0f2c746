// Deleting products and variants: delete when nothing refers to it, archive otherwise.
import { sql } from "kysely";
import { type Executor, inTransaction } from "../../db/transaction.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { emitEvent } from "../events/index.js";
import { getProduct, getVariant } from "./product-queries.js";
import { productChanged, updateProduct, updateVariant } from "./products.js";

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
