import { sql } from "kysely";
import { type Executor, inTransaction } from "../../db/transaction.js";
import { badRequest, conflict, notFound } from "../../domain/errors.js";
import type { PromoRule } from "../../domain/pricing.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { PromoCodesTable, TaxRatesTable } from "./tables.js";

export interface PromoCode extends Omit<PromoCodesTable, "skus" | "active"> {
  skus: string[];
  active: boolean;
}

const toPromo = (r: PromoCodesTable): PromoCode => ({
  ...r,
  skus: JSON.parse(r.skus) as string[],
  active: r.active === 1,
});

export const normalizeCode = (code: string) => code.trim().toUpperCase();

export interface PromoInput {
  code: string;
  kind: PromoCode["kind"];
  value: number;
  currency?: string | undefined;
  skus?: string[] | undefined;
  min_subtotal?: number | undefined;
  starts_at?: string | undefined;
  ends_at?: string | undefined;
  usage_limit?: number | undefined;
}

export async function createPromoCode(
  db: Executor,
  ctx: RequestContext,
  input: PromoInput,
): Promise<PromoCode> {
  if (input.kind === "percentage" && (input.value < 1 || input.value > 10_000)) {
    throw badRequest("The promo code is invalid", [
      { path: "body.value", message: "A percentage is 1 to 10000 basis points" },
    ]);
  }
  if (input.kind === "fixed" && !input.currency) {
    throw badRequest("The promo code is invalid", [
      { path: "body.currency", message: "A fixed discount needs a currency" },
    ]);
  }
  return inTransaction(db, async (tx) => {
    const code = normalizeCode(input.code);
    const existing = await tx
      .selectFrom("promo_codes")
      .select("id")
      .where("code", "=", code)
      .executeTakeFirst();
    if (existing) throw conflict(`Promo code ${code} already exists`);
    const now = nowIso();
    const row: PromoCodesTable = {
      id: newId("promo"),
      code,
      kind: input.kind,
      value: input.kind === "free_shipping" ? 0 : input.value,
      currency: input.currency ?? null,
      skus: JSON.stringify(input.skus ?? []),
      min_subtotal: input.min_subtotal ?? 0,
      starts_at: input.starts_at ? new Date(input.starts_at).toISOString() : null,
      ends_at: input.ends_at ? new Date(input.ends_at).toISOString() : null,
      usage_limit: input.usage_limit ?? null,
      used_count: 0,
      active: 1,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto("promo_codes").values(row).execute();
    await recordAudit(tx, ctx, {
      action: "promo_code.created",
      resourceType: "promo_code",
      resourceId: row.id,
      data: { code },
    });
    return toPromo(row);
  });
}

export async function listPromoCodes(db: Executor, page: PageRequest) {
  const r = await keysetPage(db.selectFrom("promo_codes").selectAll(), "id", page);
  return { data: r.data.map(toPromo), next_cursor: r.next_cursor };
}

export async function getPromoCode(db: Executor, id: string): Promise<PromoCode> {
  const row = await db.selectFrom("promo_codes").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Promo code", id);
  return toPromo(row);
}

/**
 * The promo rule for a code usable now in this currency, or the reason it is not. Usage limits
 * are enforced by `redeemPromoCode`, inside the capturing transaction.
 */
export async function findUsablePromo(
  db: Executor,
  code: string,
  currency: string,
  at: string,
): Promise<{ promo: PromoCode; rule: PromoRule } | { error: string }> {
  const row = await db
    .selectFrom("promo_codes")
    .selectAll()
    .where("code", "=", normalizeCode(code))
    .executeTakeFirst();
  if (row?.active !== 1) return { error: "Unknown promo code" };
  if (row.starts_at && row.starts_at > at) return { error: "This promo code is not valid yet" };
  if (row.ends_at && row.ends_at <= at) return { error: "This promo code has expired" };
  if (row.usage_limit !== null && row.used_count >= row.usage_limit)
    return { error: "This promo code has been used up" };
  if (row.kind === "fixed" && row.currency !== currency)
    return { error: `This promo code is not valid in ${currency}` };
  const promo = toPromo(row);
  return {
    promo,
    rule: {
      code: promo.code,
      kind: promo.kind,
      value: promo.value,
      skus: promo.skus,
      min_subtotal: promo.min_subtotal,
    },
  };
}

/** Counts one use; false when the limit was reached meanwhile (a conditional update, safe under concurrency). */
export async function redeemPromoCode(tx: Executor, promoId: string): Promise<boolean> {
  const r = await tx
    .updateTable("promo_codes")
    .set({ used_count: sql`used_count + 1` })
    .where("id", "=", promoId)
    .where((eb) => eb.or([eb("usage_limit", "is", null), eb("used_count", "<", eb.ref("usage_limit"))]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ------------------------------------------------------------------------------ tax rates

export async function upsertTaxRate(
  db: Executor,
  ctx: RequestContext,
  input: { country: string; region?: string | undefined; rate_bps: number; name: string },
): Promise<TaxRatesTable> {
  return inTransaction(db, async (tx) => {
    const region = (input.region ?? "").toUpperCase();
    const now = nowIso();
    const existing = await tx
      .selectFrom("tax_rates")
      .selectAll()
      .where("country", "=", input.country)
      .where("region", "=", region)
      .executeTakeFirst();
    let row: TaxRatesTable;
    if (existing) {
      row = { ...existing, rate_bps: input.rate_bps, name: input.name, updated_at: now };
      await tx
        .updateTable("tax_rates")
        .set({ rate_bps: row.rate_bps, name: row.name, updated_at: now })
        .where("id", "=", row.id)
        .execute();
    } else {
      row = {
        id: newId("taxRate"),
        country: input.country,
        region,
        rate_bps: input.rate_bps,
        name: input.name,
        created_at: now,
        updated_at: now,
      };
      await tx.insertInto("tax_rates").values(row).execute();
    }
    await recordAudit(tx, ctx, {
      action: "tax_rate.set",
      resourceType: "tax_rate",
      resourceId: row.id,
      data: input,
    });
    return row;
  });
}

export async function listTaxRates(db: Executor) {
  return db.selectFrom("tax_rates").selectAll().orderBy("country").orderBy("region").execute();
}

/** The rate for a region, else the country's, else 0 (basis points). */
export async function taxRateFor(
  db: Executor,
  country: string | null,
  region: string | null | undefined,
): Promise<number> {
  if (!country) return 0;
  const rows = await db
    .selectFrom("tax_rates")
    .select(["region", "rate_bps"])
    .where("country", "=", country)
    .where("region", "in", region ? ["", region.toUpperCase()] : [""])
    .execute();
  const specific = rows.find((r) => r.region !== "");
  return (specific ?? rows[0])?.rate_bps ?? 0;
}

export async function promoCodeExists(db: Executor, code: string): Promise<boolean> {
  const row = await db.selectFrom("promo_codes").select("id").where("code", "=", code).executeTakeFirst();
  return !!row;
}
