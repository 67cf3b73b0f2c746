export interface PromoCodesTable {
  id: string;
  code: string;
  kind: "percentage" | "fixed" | "free_shipping";
  /** percentage: basis points; fixed: minor units */
  value: number;
  currency: string | null;
  /** JSON array of SKUs the discount applies to (all when empty) */
  skus: string;
  min_subtotal: number;
  starts_at: string | null;
  ends_at: string | null;
  usage_limit: number | null;
  used_count: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface TaxRatesTable {
  id: string;
  country: string;
  /** "" = the whole country */
  region: string;
  rate_bps: number;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface PromotionTables {
  promo_codes: PromoCodesTable;
  tax_rates: TaxRatesTable;
}
