// The demo catalog: 3 warehouses and 10 stores in US cities (real coordinates), a USD retail
// price list with quantity tiers, ~280 SKUs with variants, preorders and kits, and 4 channels.
// Every piece is created only when missing, so seeding again changes nothing.
import type { Executor } from "../../db/transaction.js";
import { withCheckDigit } from "../../domain/gtin.js";
import { systemContext } from "../access/actor.js";
import { createChannel, getChannelByCode } from "../channels/service.js";
import { type Capability, createLocation, getLocationsByCodes } from "../locations/service.js";
import type { PriceInput } from "./price-list-schemas.js";
import { createPriceList, findPriceList, setPrices } from "./price-lists.js";
import { createProduct } from "./products.js";
import type { VariantInput } from "./schemas.js";

export const DEMO_PRICE_LIST = "usd-retail";

interface DemoLocation {
  code: string;
  name: string;
  type: "warehouse" | "store";
  address_line1: string;
  city: string;
  region: string;
  postal_code: string;
  latitude: number;
  longitude: number;
  time_zone: string;
}

const WAREHOUSES: DemoLocation[] = [
  {
    code: "wh-reno",
    name: "Reno Distribution Center",
    type: "warehouse",
    address_line1: "555 Double Eagle Ct",
    city: "Reno",
    region: "NV",
    postal_code: "89521",
    latitude: 39.4138,
    longitude: -119.7467,
    time_zone: "America/Los_Angeles",
  },
  {
    code: "wh-dallas",
    name: "Dallas Distribution Center",
    type: "warehouse",
    address_line1: "4500 Mountain Creek Pkwy",
    city: "Dallas",
    region: "TX",
    postal_code: "75236",
    latitude: 32.6868,
    longitude: -96.9366,
    time_zone: "America/Chicago",
  },
  {
    code: "wh-allentown",
    name: "Allentown Distribution Center",
    type: "warehouse",
    address_line1: "705 Boulder Dr",
    city: "Breinigsville",
    region: "PA",
    postal_code: "18031",
    latitude: 40.5579,
    longitude: -75.6316,
    time_zone: "America/New_York",
  },
];

const STORES: DemoLocation[] = [
  {
    code: "st-nyc-soho",
    name: "New York SoHo",
    type: "store",
    address_line1: "120 Spring St",
    city: "New York",
    region: "NY",
    postal_code: "10012",
    latitude: 40.7241,
    longitude: -73.9996,
    time_zone: "America/New_York",
  },
  {
    code: "st-boston",
    name: "Boston Newbury St",
    type: "store",
    address_line1: "240 Newbury St",
    city: "Boston",
    region: "MA",
    postal_code: "02116",
    latitude: 42.3489,
    longitude: -71.0845,
    time_zone: "America/New_York",
  },
  {
    code: "st-chicago",
    name: "Chicago Michigan Ave",
    type: "store",
    address_line1: "600 N Michigan Ave",
    city: "Chicago",
    region: "IL",
    postal_code: "60611",
    latitude: 41.8931,
    longitude: -87.6244,
    time_zone: "America/Chicago",
  },
  {
    code: "st-atlanta",
    name: "Atlanta Midtown",
    type: "store",
    address_line1: "1000 Peachtree St NE",
    city: "Atlanta",
    region: "GA",
    postal_code: "30309",
    latitude: 33.7816,
    longitude: -84.3836,
    time_zone: "America/New_York",
  },
  {
    code: "st-miami",
    name: "Miami Brickell",
    type: "store",
    address_line1: "701 S Miami Ave",
    city: "Miami",
    region: "FL",
    postal_code: "33131",
    latitude: 25.7663,
    longitude: -80.1936,
    time_zone: "America/New_York",
  },
  {
    code: "st-denver",
    name: "Denver LoDo",
    type: "store",
    address_line1: "1600 Wynkoop St",
    city: "Denver",
    region: "CO",
    postal_code: "80202",
    latitude: 39.7527,
    longitude: -104.9998,
    time_zone: "America/Denver",
  },
  {
    code: "st-austin",
    name: "Austin Congress Ave",
    type: "store",
    address_line1: "500 Congress Ave",
    city: "Austin",
    region: "TX",
    postal_code: "78701",
    latitude: 30.2676,
    longitude: -97.7429,
    time_zone: "America/Chicago",
  },
  {
    code: "st-seattle",
    name: "Seattle Pike Place",
    type: "store",
    address_line1: "1500 Pike Pl",
    city: "Seattle",
    region: "WA",
    postal_code: "98101",
    latitude: 47.6097,
    longitude: -122.3422,
    time_zone: "America/Los_Angeles",
  },
  {
    code: "st-sf",
    name: "San Francisco Union Square",
    type: "store",
    address_line1: "170 O'Farrell St",
    city: "San Francisco",
    region: "CA",
    postal_code: "94102",
    latitude: 37.7866,
    longitude: -122.4077,
    time_zone: "America/Los_Angeles",
  },
  {
    code: "st-la",
    name: "Los Angeles The Grove",
    type: "store",
    address_line1: "189 The Grove Dr",
    city: "Los Angeles",
    region: "CA",
    postal_code: "90036",
    latitude: 34.0722,
    longitude: -118.3576,
    time_zone: "America/Los_Angeles",
  },
];

interface DemoProduct {
  handle: string;
  title: string;
  product_type: string;
  vendor: string;
  /** SKU prefix; variants are `${prefix}-${option codes}` */
  prefix: string;
  /** Option axes: name → [value, sku code] pairs */
  options: Array<[string, Array<[string, string]>]>;
  price: number;
  weight: number;
  dims: [number, number, number];
  /** Quantity tiers: [min_quantity, percent off] */
  tiers?: Array<[number, number]>;
  backorder?: "allow" | "preorder";
  tags?: string[];
}

const SIZES: Array<[string, string]> = [
  ["S", "S"],
  ["M", "M"],
  ["L", "L"],
  ["XL", "XL"],
  ["XXL", "XXL"],
];
const colours = (...names: string[]): Array<[string, string]> =>
  names.map((n) => [
    n,
    n
      .replace(/[^A-Za-z]/g, "")
      .slice(0, 3)
      .toUpperCase(),
  ]);
const shoeSizes = (from: number, to: number, step: number): Array<[string, string]> => {
  const out: Array<[string, string]> = [];
  for (let s = from; s <= to; s += step) out.push([String(s), String(s * 10)]);
  return out;
};

const PRODUCTS: DemoProduct[] = [
  {
    handle: "classic-crew-tee",
    title: "Classic Crew Tee",
    product_type: "T-Shirt",
    vendor: "Ordo Basics",
    prefix: "TEE",
    options: [
      ["Colour", colours("Black", "White", "Navy", "Heather Grey", "Olive")],
      ["Size", SIZES],
    ],
    price: 2400,
    weight: 180,
    dims: [300, 250, 20],
    tiers: [
      [3, 10],
      [12, 20],
    ],
    tags: ["cotton", "bestseller"],
  },
  {
    handle: "heavyweight-hoodie",
    title: "Heavyweight Hoodie",
    product_type: "Sweatshirt",
    vendor: "Ordo Basics",
    prefix: "HOOD",
    options: [
      ["Colour", colours("Black", "Charcoal", "Forest", "Sand")],
      ["Size", SIZES],
    ],
    price: 6800,
    weight: 650,
    dims: [350, 300, 80],
  },
  {
    handle: "oxford-shirt",
    title: "Oxford Button-Down Shirt",
    product_type: "Shirt",
    vendor: "Ordo Tailoring",
    prefix: "OXF",
    options: [
      ["Colour", colours("White", "Blue", "Pink", "Stripe")],
      ["Size", SIZES],
    ],
    price: 7900,
    weight: 300,
    dims: [320, 260, 30],
  },
  {
    handle: "everyday-chino",
    title: "Everyday Chino",
    product_type: "Pants",
    vendor: "Ordo Tailoring",
    prefix: "CHI",
    options: [
      ["Colour", colours("Khaki", "Navy", "Olive")],
      [
        "Waist",
        [
          ["28", "28"],
          ["30", "30"],
          ["32", "32"],
          ["34", "34"],
          ["36", "36"],
          ["38", "38"],
        ],
      ],
    ],
    price: 8800,
    weight: 550,
    dims: [350, 280, 40],
  },
  {
    handle: "rain-shell-jacket",
    title: "Rain Shell Jacket",
    product_type: "Jacket",
    vendor: "Ordo Outdoors",
    prefix: "RAIN",
    options: [
      ["Colour", colours("Yellow", "Black", "Navy")],
      ["Size", SIZES],
    ],
    price: 14900,
    weight: 420,
    dims: [380, 300, 60],
    backorder: "allow",
  },
  {
    handle: "merino-crew-sock",
    title: "Merino Crew Sock",
    product_type: "Socks",
    vendor: "Ordo Basics",
    prefix: "SOCK",
    options: [
      ["Colour", colours("Black", "Grey", "Navy", "Oatmeal")],
      [
        "Size",
        [
          ["S/M", "SM"],
          ["L/XL", "LXL"],
          ["XXL", "XXL"],
        ],
      ],
    ],
    price: 1800,
    weight: 60,
    dims: [200, 100, 20],
    tiers: [
      [6, 10],
      [12, 20],
    ],
  },
  {
    handle: "trail-runner",
    title: "Trail Runner Shoe",
    product_type: "Shoes",
    vendor: "Ordo Outdoors",
    prefix: "TRL",
    options: [
      ["Colour", colours("Slate", "Orange", "Black")],
      ["Size", shoeSizes(7, 12, 0.5)],
    ],
    price: 13500,
    weight: 900,
    dims: [330, 210, 120],
  },
  {
    handle: "canvas-sneaker",
    title: "Canvas Sneaker",
    product_type: "Shoes",
    vendor: "Ordo Basics",
    prefix: "SNK",
    options: [
      ["Colour", colours("White", "Black", "Red", "Navy")],
      ["Size", shoeSizes(5, 14, 1)],
    ],
    price: 6500,
    weight: 800,
    dims: [320, 200, 110],
  },
  {
    handle: "stoneware-mug",
    title: "Stoneware Mug 12 oz",
    product_type: "Kitchen",
    vendor: "Ordo Home",
    prefix: "MUG",
    options: [["Colour", colours("Chalk", "Sage", "Terracotta", "Midnight", "Sand", "Mist")]],
    price: 1800,
    weight: 400,
    dims: [120, 90, 100],
    tiers: [
      [4, 10],
      [12, 20],
    ],
  },
  {
    handle: "linen-napkin-set",
    title: "Linen Napkin Set of 4",
    product_type: "Kitchen",
    vendor: "Ordo Home",
    prefix: "NAP",
    options: [["Colour", colours("Natural", "White", "Charcoal", "Rust")]],
    price: 3200,
    weight: 250,
    dims: [250, 200, 30],
  },
  {
    handle: "cast-iron-skillet",
    title: "Cast Iron Skillet",
    product_type: "Cookware",
    vendor: "Ordo Home",
    prefix: "SKL",
    options: [
      [
        "Size",
        [
          ['8"', "08"],
          ['10"', "10"],
          ['12"', "12"],
        ],
      ],
    ],
    price: 3900,
    weight: 2600,
    dims: [450, 320, 60],
  },
  {
    handle: "chefs-knife",
    title: "Chef's Knife",
    product_type: "Cookware",
    vendor: "Ordo Home",
    prefix: "KNF",
    options: [
      [
        "Blade",
        [
          ['6"', "6"],
          ['8"', "8"],
        ],
      ],
    ],
    price: 8900,
    weight: 300,
    dims: [380, 80, 30],
  },
  {
    handle: "cotton-bath-towel",
    title: "Cotton Bath Towel",
    product_type: "Bath",
    vendor: "Ordo Home",
    prefix: "TWL",
    options: [
      ["Colour", colours("White", "Fog", "Sage", "Navy", "Clay")],
      [
        "Size",
        [
          ["Hand", "H"],
          ["Bath", "B"],
          ["Sheet", "S"],
        ],
      ],
    ],
    price: 2800,
    weight: 700,
    dims: [300, 250, 80],
    tiers: [[6, 15]],
  },
  {
    handle: "scented-candle",
    title: "Scented Candle",
    product_type: "Home Fragrance",
    vendor: "Ordo Home",
    prefix: "CND",
    options: [
      [
        "Scent",
        [
          ["Cedar", "CED"],
          ["Fig", "FIG"],
          ["Sea Salt", "SEA"],
          ["Amber", "AMB"],
          ["Citrus", "CIT"],
          ["Lavender", "LAV"],
        ],
      ],
    ],
    price: 3400,
    weight: 500,
    dims: [100, 100, 110],
  },
  {
    handle: "usb-c-cable",
    title: "Braided USB-C Cable",
    product_type: "Electronics",
    vendor: "Ordo Tech",
    prefix: "USBC",
    options: [
      [
        "Length",
        [
          ["1 m", "1M"],
          ["2 m", "2M"],
          ["3 m", "3M"],
        ],
      ],
      ["Colour", colours("Black", "White")],
    ],
    price: 1900,
    weight: 60,
    dims: [150, 100, 30],
    tiers: [
      [5, 10],
      [20, 25],
    ],
  },
  {
    handle: "wireless-charger",
    title: "Wireless Charging Pad",
    product_type: "Electronics",
    vendor: "Ordo Tech",
    prefix: "WCHG",
    options: [["Colour", colours("Black", "White")]],
    price: 3900,
    weight: 150,
    dims: [120, 120, 30],
  },
  {
    handle: "bluetooth-speaker",
    title: "Portable Bluetooth Speaker",
    product_type: "Electronics",
    vendor: "Ordo Tech",
    prefix: "SPK",
    options: [["Colour", colours("Black", "Blue", "Red", "Sand")]],
    price: 7900,
    weight: 600,
    dims: [200, 100, 100],
  },
  {
    handle: "anc-headphones",
    title: "Noise-Cancelling Headphones",
    product_type: "Electronics",
    vendor: "Ordo Tech",
    prefix: "ANC",
    options: [["Colour", colours("Black", "Silver", "Navy")]],
    price: 24900,
    weight: 320,
    dims: [220, 190, 90],
  },
  {
    handle: "phone-case",
    title: "Slim Phone Case",
    product_type: "Electronics",
    vendor: "Ordo Tech",
    prefix: "CASE",
    options: [
      [
        "Model",
        [
          ["Phone 14", "P14"],
          ["Phone 15", "P15"],
          ["Phone 15 Pro", "P15P"],
          ["Phone 16", "P16"],
          ["Phone 16 Pro", "P16P"],
        ],
      ],
      ["Colour", colours("Black", "Clear", "Green")],
    ],
    price: 2900,
    weight: 40,
    dims: [170, 90, 20],
  },
  {
    handle: "insulated-bottle",
    title: "Insulated Water Bottle",
    product_type: "Outdoors",
    vendor: "Ordo Outdoors",
    prefix: "BTL",
    options: [
      [
        "Size",
        [
          ["18 oz", "18"],
          ["32 oz", "32"],
        ],
      ],
      ["Colour", colours("Steel", "Black", "Teal", "Coral", "White")],
    ],
    price: 3200,
    weight: 350,
    dims: [280, 80, 80],
    tiers: [[6, 10]],
  },
  {
    handle: "daypack-20l",
    title: "Daypack 20 L",
    product_type: "Outdoors",
    vendor: "Ordo Outdoors",
    prefix: "PACK",
    options: [["Colour", colours("Black", "Olive", "Orange", "Grey")]],
    price: 8900,
    weight: 700,
    dims: [450, 300, 150],
  },
  {
    handle: "camping-lantern",
    title: "Rechargeable Camping Lantern",
    product_type: "Outdoors",
    vendor: "Ordo Outdoors",
    prefix: "LANT",
    options: [],
    price: 4500,
    weight: 450,
    dims: [200, 120, 120],
  },
  {
    handle: "sleeping-bag",
    title: "Down Sleeping Bag",
    product_type: "Outdoors",
    vendor: "Ordo Outdoors",
    prefix: "SLP",
    options: [
      [
        "Rating",
        [
          ["20°F", "20F"],
          ["35°F", "35F"],
        ],
      ],
      [
        "Length",
        [
          ["Regular", "R"],
          ["Long", "L"],
        ],
      ],
    ],
    price: 29900,
    weight: 1100,
    dims: [400, 250, 250],
  },
  {
    handle: "limited-print-2027",
    title: "Limited Edition Print 2027",
    product_type: "Art",
    vendor: "Ordo Studio",
    prefix: "PRINT",
    options: [
      [
        "Size",
        [
          ["A3", "A3"],
          ["A2", "A2"],
        ],
      ],
    ],
    price: 9500,
    weight: 300,
    dims: [600, 80, 80],
    backorder: "preorder",
  },
];

interface DemoKit {
  handle: string;
  title: string;
  sku: string;
  price: number;
  components: Array<[string, number]>;
}

const KITS: DemoKit[] = [
  {
    handle: "tee-3-pack-black-m",
    title: "Classic Tee 3-Pack (Black, M)",
    sku: "KIT-TEE3-BLA-M",
    price: 6000,
    components: [["TEE-BLA-M", 3]],
  },
  {
    handle: "tee-3-pack-white-l",
    title: "Classic Tee 3-Pack (White, L)",
    sku: "KIT-TEE3-WHI-L",
    price: 6000,
    components: [["TEE-WHI-L", 3]],
  },
  {
    handle: "coffee-for-two",
    title: "Coffee for Two",
    sku: "KIT-COFFEE2",
    price: 4900,
    components: [
      ["MUG-CHA", 2],
      ["NAP-NAT", 1],
    ],
  },
  {
    handle: "kitchen-essentials",
    title: "Kitchen Essentials Set",
    sku: "KIT-KITCHEN",
    price: 11900,
    components: [
      ["SKL-10", 1],
      ["KNF-8", 1],
      ["NAP-CHA", 1],
    ],
  },
  {
    handle: "travel-tech-bundle",
    title: "Travel Tech Bundle",
    sku: "KIT-TRAVEL-TECH",
    price: 9900,
    components: [
      ["USBC-2M-BLA", 2],
      ["WCHG-BLA", 1],
      ["SPK-BLA", 1],
    ],
  },
  {
    handle: "weekend-camp-bundle",
    title: "Weekend Camp Bundle",
    sku: "KIT-CAMP",
    price: 39900,
    components: [
      ["LANT", 1],
      ["BTL-32-STE", 2],
      ["SLP-35F-R", 1],
      ["PACK-OLI", 1],
    ],
  },
];

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
  const ctx = systemContext();
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
