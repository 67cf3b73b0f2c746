// The catalog module's public face: what other modules, flows and tools may use.

export { exportCatalogCsv, productsWithoutHandle } from "./export.js";
export { type ImportMode, importCatalog } from "./import.js";
export { findPriceList, getPriceList, type PriceList, updatePriceList } from "./price-lists.js";
export { unitPrices } from "./pricing.js";
export { listVariants } from "./product-queries.js";
export {
  getSellableVariantsBySkus,
  getVariantsBySkus,
  type Handling,
  handlingBySkus,
  kitsContaining,
  type SellableVariant,
  type Variant,
} from "./service.js";
