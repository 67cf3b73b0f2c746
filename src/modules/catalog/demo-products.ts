// The demo's products: option axes that expand into variants (SKUs), prices and quantity tiers.

export interface DemoProduct {
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

export const PRODUCTS: DemoProduct[] = [
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
