// Validation shared by the API and the CSV import: kit components, new SKUs and barcodes, and the
// rows of new variants.
import type { Executor } from "../../db/transaction.js";
import { conflict, type FieldError, unprocessable } from "../../domain/errors.js";
import { newId } from "../../lib/ids.js";
import { chunks } from "./product-queries.js";
import type { VariantInput } from "./schemas.js";
import type { KitComponent } from "./service.js";
import type { VariantsTable } from "./tables.js";

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
export async function checkNewVariants(
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

export async function insertVariants(
  tx: Executor,
  rows: readonly VariantsTable[],
  inputs: readonly VariantInput[],
) {
  for (const batch of chunks(rows, 200)) await tx.insertInto("variants").values(batch).execute();
  const links = inputs.flatMap((v) =>
    (v.components ?? []).map((c) => ({ kit_sku: v.sku, component_sku: c.sku, quantity: c.quantity })),
  );
  for (const batch of chunks(links)) await tx.insertInto("kit_components").values(batch).execute();
}
