// The demo's kits: bundles of SKUs from the demo products.

export interface DemoKit {
  handle: string;
  title: string;
  sku: string;
  price: number;
  components: Array<[string, number]>;
}

export const KITS: DemoKit[] = [
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
