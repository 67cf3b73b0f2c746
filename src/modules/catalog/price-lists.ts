import { type Executor, inTransaction } from "../../db/transaction.js";
import { conflict, notFound, unprocessable } from "../../domain/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { emitEvent } from "../events/index.js";
import type { PriceInput } from "./price-list-schemas.js";
import type { PriceListsTable, PricesTable } from "./tables.js";

export type PriceList = PriceListsTable;

/** A price list by id (`pl_…`) or code; null when unknown. */
export async function findPriceList(db: Executor, ref: string): Promise<PriceList | null> {
  const row = await db
    .selectFrom("price_lists")
    .selectAll()
    .where((eb) => eb.or([eb("id", "=", ref), eb("code", "=", ref)]))
    .executeTakeFirst();
  return row ?? null;
}

/** The price list a request names for its price columns (null when it names none); 422 when unknown. */
export async function chosenPriceList(
  db: Executor,
  ref: string | undefined,
  path: string,
): Promise<PriceList | null> {
  if (!ref) return null;
  const row = await findPriceList(db, ref);
  if (!row)
    throw unprocessable(`Price list ${ref} does not exist`, [{ path, message: `Unknown price list ${ref}` }]);
  return row;
}

export async function getPriceList(db: Executor, ref: string): Promise<PriceList> {
  const row = await findPriceList(db, ref);
  if (!row) throw notFound("Price list", ref);
  return row;
}

export async function listPriceLists(db: Executor, page: PageRequest) {
  return keysetPage(db.selectFrom("price_lists").selectAll(), "id", page, "asc");
}

export async function createPriceList(
  db: Executor,
  ctx: RequestContext,
  input: { code: string; name: string; currency: string },
): Promise<PriceList> {
  return inTransaction(db, async (tx) => {
    const taken = await tx
      .selectFrom("price_lists")
      .select("id")
      .where("code", "=", input.code)
      .executeTakeFirst();
    if (taken)
      throw conflict(`A price list with code ${input.code} already exists`, { existing_id: taken.id });
    const now = nowIso();
    const row: PriceListsTable = { id: newId("priceList"), ...input, created_at: now, updated_at: now };
    await tx.insertInto("price_lists").values(row).execute();
    await recordAudit(tx, ctx, {
      action: "price_list.created",
      resourceType: "price_list",
      resourceId: row.id,
      data: { code: row.code, currency: row.currency },
    });
    await emitEvent(tx, ctx, {
      type: "price_list.created",
      resourceType: "price_list",
      resourceId: row.id,
      data: row,
    });
    return row;
  });
}

/** Renames or re-currencies a price list (flows/price-lists.ts keeps channels' currencies right). */
export async function updatePriceList(
  db: Executor,
  ctx: RequestContext,
  ref: string,
  patch: { name?: string | undefined; currency?: string | undefined },
): Promise<PriceList> {
  return inTransaction(db, async (tx) => {
    const current = await getPriceList(tx, ref);
    await tx
      .updateTable("price_lists")
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.currency !== undefined && { currency: patch.currency }),
        updated_at: nowIso(),
      })
      .where("id", "=", current.id)
      .execute();
    const updated = await getPriceList(tx, current.id);
    await recordAudit(tx, ctx, {
      action: "price_list.updated",
      resourceType: "price_list",
      resourceId: current.id,
      data: { change: patch },
    });
    await emitEvent(tx, ctx, {
      type: "price_list.updated",
      resourceType: "price_list",
      resourceId: current.id,
      data: updated,
    });
    return updated;
  });
}

export async function listPrices(db: Executor, ref: string, sku: string | undefined, page: PageRequest) {
  const list = await getPriceList(db, ref);
  let query = db.selectFrom("prices").selectAll().where("price_list_id", "=", list.id);
  if (sku) query = query.where("sku", "=", sku);
  return keysetPage(query, "id", page, "asc");
}

/**
 * Sets prices: for every SKU named, its prices in this list become exactly the given ones
 * (tiers and validity windows). SKUs not named keep theirs. Unknown SKUs are a 422.
 */
export async function setPrices(
  db: Executor,
  ctx: RequestContext,
  ref: string,
  prices: readonly PriceInput[],
  options: { audit?: boolean } = {},
): Promise<{ data: PricesTable[] }> {
  return inTransaction(db, async (tx) => {
    const list = await getPriceList(tx, ref);
    const skus = [...new Set(prices.map((p) => p.sku))];
    const known = new Set<string>();
    for (let i = 0; i < skus.length; i += 500) {
      const rows = await tx
        .selectFrom("variants")
        .select("sku")
        .where("sku", "in", skus.slice(i, i + 500))
        .execute();
      for (const r of rows) known.add(r.sku);
    }
    const errors = prices.flatMap((p, i) =>
      known.has(p.sku) ? [] : [{ path: `body.prices.${i}.sku`, message: `Unknown SKU ${p.sku}` }],
    );
    if (errors.length) throw unprocessable("Prices name SKUs that do not exist", errors);
    const rows = await replacePrices(tx, list.id, prices);
    if (options.audit !== false) {
      await recordAudit(tx, ctx, {
        action: "price_list.prices_set",
        resourceType: "price_list",
        resourceId: list.id,
        data: { skus: skus.slice(0, 100), sku_count: skus.length, price_count: rows.length },
      });
      await emitEvent(tx, ctx, {
        type: "price_list.prices_changed",
        resourceType: "price_list",
        resourceId: list.id,
        data: {
          price_list_id: list.id,
          code: list.code,
          skus: skus.slice(0, 1000),
          prices: rows.slice(0, 1000),
        },
      });
    }
    return { data: rows };
  });
}

/** Replaces the prices of the SKUs named (no checks; the caller validated them). */
export async function replacePrices(
  tx: Executor,
  priceListId: string,
  prices: readonly PriceInput[],
): Promise<PricesTable[]> {
  const skus = [...new Set(prices.map((p) => p.sku))];
  for (let i = 0; i < skus.length; i += 500) {
    await tx
      .deleteFrom("prices")
      .where("price_list_id", "=", priceListId)
      .where("sku", "in", skus.slice(i, i + 500))
      .execute();
  }
  const rows: PricesTable[] = prices.map((p) => ({
    id: newId("price"),
    price_list_id: priceListId,
    sku: p.sku,
    min_quantity: p.min_quantity,
    amount: p.amount,
    valid_from: p.valid_from ?? null,
    valid_to: p.valid_to ?? null,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto("prices")
      .values(rows.slice(i, i + 500))
      .execute();
  return rows;
}

export async function deletePrices(
  db: Executor,
  ctx: RequestContext,
  ref: string,
  sku: string,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const list = await getPriceList(tx, ref);
    const result = await tx
      .deleteFrom("prices")
      .where("price_list_id", "=", list.id)
      .where("sku", "=", sku)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound(`Price of ${sku} in price list`, list.code);
    await recordAudit(tx, ctx, {
      action: "price_list.prices_deleted",
      resourceType: "price_list",
      resourceId: list.id,
      data: { sku },
    });
    await emitEvent(tx, ctx, {
      type: "price_list.prices_changed",
      resourceType: "price_list",
      resourceId: list.id,
      data: { price_list_id: list.id, code: list.code, skus: [sku], prices: [] },
    });
  });
}
