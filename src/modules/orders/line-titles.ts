import { lineTitle, meaningfulVariantTitle } from "../../domain/line-title.js";
import type { SellableVariant } from "../catalog/index.js";
import type { OrderLinesTable } from "./tables.js";

/** The names a new order line keeps from the catalog, as they are now. */
export function lineTitles(
  variant: Pick<SellableVariant, "title" | "product_title">,
): Pick<OrderLinesTable, "title" | "product_title" | "variant_title"> {
  const names = {
    product_title: variant.product_title,
    variant_title: meaningfulVariantTitle(variant.title),
  };
  return { title: lineTitle(names), ...names };
}
