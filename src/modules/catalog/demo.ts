// The demo catalog: 3 warehouses and 10 stores in US cities (real coordinates), a USD retail
// price list with quantity tiers, ~280 SKUs with variants, preorders and kits, and 4 channels.
// Every piece is created only when missing, so seeding again changes nothing.
import type { Executor } from "../../db/transaction.js";
import { withCheckDigit } from "../../domain/gtin.js";
import { seedContext } from "../access/index.js";
import { createChannel, getChannelByCode } from "../channels/index.js";
import { type Capability, createLocation, getLocationsByCodes } from "../locations/index.js";
import { KITS } from "./demo-kits.js";
import { STORES, WAREHOUSES } from "./demo-locations.js";
import { type DemoProduct, PRODUCTS } from "./demo-products.js";
import type { PriceInput } from "./price-list-schemas.js";
import { createPriceList, findPriceList, setPrices } from "./price-lists.js";
import { createProduct } from "./products.js";
import type { VariantInput } from "./schemas.js";

export const DEMO_PRICE_LIST = "usd-retail";

function variantsOf(p: DemoProduct, gtinCounter: { next: number }, preorderDate: string): VariantInput[] {
  const combos: Array<Array<[string, string, string]>> = [[]];
  for (const [name, values] of p.options) {
    const next: Array<Array<[string, string, string]>> = [];
    for (const combo of combos)
      for (const [value, code] of values) next.push([...combo, [name, value, code]]);
    combos.splice(0, combos.length, ...next);
  }
  return combos.map((combo, i) => {
    const sku = [p.prefix, ...combo.map(([, , code]) => code)].join("-");
    // Bigger sizes weigh a little more.
    const weight = Math.round(p.weight * (1 + (i % 5) * 0.04));
    const body = `08600${String(gtinCounter.next++).padStart(7, "0")}`;
    return {
      sku,
      ...(combo.length > 0 && { options: Object.fromEntries(combo.map(([name, value]) => [name, value])) }),
      barcode: withCheckDigit(body),
      weight_grams: weight,
      length_mm: p.dims[0],
      width_mm: p.dims[1],
      height_mm: p.dims[2],
      ...(p.backorder === "allow" && { backorder_policy: "allow" as const }),
      ...(p.backorder === "preorder" && {
        backorder_policy: "preorder" as const,
        available_from: preorderDate,
      }),
    };
  });
}

function pricesOf(
  p: { price: number; tiers?: Array<[number, number]> | undefined },
  sku: string,
  bump = 0,
): PriceInput[] {
  const base = p.price + bump;
  return [
    { sku, amount: base, min_quantity: 1 },
    ...(p.tiers ?? []).map(([min, off]) => ({
      sku,
      amount: Math.round((base * (100 - off)) / 100),
      min_quantity: min,
    })),
  ];
}

export interface CatalogDemoSummary {
  locations: number;
  products: number;
  skus: number;
  kits: number;
  channels: number;
}

/** Seeds the demo catalog, locations, price list and channels; what exists already is left alone. */
export async function seedCatalogDemo(
  db: Executor,
  log: (line: string) => void = () => {},
): Promise<CatalogDemoSummary> {
  const ctx = seedContext();
  const summary: CatalogDemoSummary = { locations: 0, products: 0, skus: 0, kits: 0, channels: 0 };

  const all = [...WAREHOUSES, ...STORES];
  const existing = await getLocationsByCodes(
    db,
    all.map((l) => l.code),
  );
  for (const l of all) {
    if (existing.has(l.code)) continue;
    const isStore = l.type === "store";
    const capabilities: Capability[] = isStore
      ? ["ship", "pickup", "local_delivery", "returns"]
      : ["ship", "returns"];
    await createLocation(db, ctx, {
      ...l,
      country: "US",
      capabilities,
      processing_days: isStore ? 1 : 1,
      cutoff_hour: isStore ? 17 : 15,
      daily_capacity: isStore ? 150 : 5000,
      priority: isStore ? 200 : 100,
    });
    summary.locations++;
  }

  let priceList = await findPriceList(db, DEMO_PRICE_LIST);
  if (!priceList)
    priceList = await createPriceList(db, ctx, { code: DEMO_PRICE_LIST, name: "US retail", currency: "USD" });

  const handles = new Set(
    (await db.selectFrom("products").select("handle").where("handle", "is not", null).execute()).map(
      (r) => r.handle,
    ),
  );
  const gtin = { next: 1 };
  const preorderDate = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 15)).toISOString();
  const prices: PriceInput[] = [];
  for (const p of PRODUCTS) {
    const variants = variantsOf(p, gtin, preorderDate);
    if (handles.has(p.handle)) continue;
    await createProduct(db, ctx, {
      handle: p.handle,
      title: p.title,
      vendor: p.vendor,
      product_type: p.product_type,
      tags: p.tags ?? [],
      variants,
    });
    summary.products++;
    summary.skus += variants.length;
    // XL and up cost a little more, as they often do.
    for (const v of variants) prices.push(...pricesOf(p, v.sku, /-(XL|XXL)$/.test(v.sku) ? 200 : 0));
  }
  for (const k of KITS) {
    if (handles.has(k.handle)) continue;
    await createProduct(db, ctx, {
      handle: k.handle,
      title: k.title,
      vendor: "Ordo Bundles",
      product_type: "Bundle",
      tags: ["bundle"],
      variants: [
        {
          sku: k.sku,
          title: "Default",
          components: k.components.map(([sku, quantity]) => ({ sku, quantity })),
        },
      ],
    });
    summary.products++;
    summary.skus++;
    summary.kits++;
    prices.push({ sku: k.sku, amount: k.price, min_quantity: 1 });
  }
  if (prices.length) await setPrices(db, ctx, priceList.id, prices);

  const warehouses = WAREHOUSES.map((l) => l.code);
  const stores = STORES.map((l) => l.code);
  const channels = [
    { code: "web", name: "Web store", type: "web" as const, location_ids: [...warehouses, ...stores] },
    { code: "app", name: "Mobile app", type: "mobile" as const, location_ids: [...warehouses, ...stores] },
    { code: "pos", name: "Store POS", type: "pos" as const, location_ids: stores },
    { code: "call_center", name: "Call center", type: "call_center" as const, location_ids: warehouses },
  ];
  for (const c of channels) {
    if (await getChannelByCode(db, c.code)) continue;
    await createChannel(db, ctx, { ...c, currency: "USD", price_list_id: priceList.id });
    summary.channels++;
  }
  log(
    `demo catalog: ${summary.locations} locations, ${summary.products} products (${summary.skus} SKUs, ${summary.kits} kits), ${summary.channels} channels added; price list ${DEMO_PRICE_LIST}`,
  );
  return summary;
}
