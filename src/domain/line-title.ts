// How an order line is named to people: the product's title, then the variant's when it says
// something ("Trail Tent 2P — Green"). A variant the catalog only calls "Default" (a product with
// a single variant) adds nothing, so it is left out.

const PLACEHOLDER_VARIANT_TITLES = new Set(["default", "default title"]);

/** The variant's title when it tells variants apart; null for a placeholder such as "Default". */
export function meaningfulVariantTitle(title: string | null | undefined): string | null {
  const t = title?.trim();
  if (!t || PLACEHOLDER_VARIANT_TITLES.has(t.toLowerCase())) return null;
  return t;
}

/**
 * "Product — Variant", or the product title alone when the variant's is a placeholder or repeats
 * it; the variant title alone when the product is unknown (lines older than product titles).
 */
export function lineTitle(line: { product_title?: string | null; variant_title?: string | null }): string {
  const product = line.product_title?.trim() ?? "";
  const variant = meaningfulVariantTitle(line.variant_title);
  if (!product) return variant ?? "";
  if (!variant || variant.toLowerCase() === product.toLowerCase()) return product;
  return `${product} — ${variant}`;
}
