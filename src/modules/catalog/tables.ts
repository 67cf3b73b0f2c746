export interface ProductsTable {
  id: string;
  /** The merchant's stable key for the product (CSV imports upsert by it); unique when set. */
  handle: string | null;
  title: string;
  description: string | null;
  vendor: string | null;
  product_type: string | null;
  /** JSON array of strings */
  tags: string;
  status: "active" | "archived";
  created_at: string;
  updated_at: string;
}

export interface VariantsTable {
  id: string;
  product_id: string;
  sku: string;
  title: string;
  /** JSON object of option name → value (size, colour…) */
  options: string;
  barcode: string | null;
  weight_grams: number;
  length_mm: number | null;
  width_mm: number | null;
  height_mm: number | null;
  track_inventory: number;
  backorder_policy: "deny" | "allow" | "preorder";
  available_from: string | null;
  is_kit: number;
  status: "active" | "archived";
  created_at: string;
  updated_at: string;
}

export interface KitComponentsTable {
  kit_sku: string;
  component_sku: string;
  quantity: number;
}

export interface PriceListsTable {
  id: string;
  code: string;
  name: string;
  currency: string;
  created_at: string;
  updated_at: string;
}

export interface PricesTable {
  id: string;
  price_list_id: string;
  sku: string;
  /** Quantity tier: this price applies from this quantity up. */
  min_quantity: number;
  /** Minor units of the price list's currency. */
  amount: number;
  valid_from: string | null;
  valid_to: string | null;
}

export interface CatalogTables {
  products: ProductsTable;
  variants: VariantsTable;
  kit_components: KitComponentsTable;
  price_lists: PriceListsTable;
  prices: PricesTable;
}
