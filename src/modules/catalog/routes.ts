import type { ModuleRoutes } from "../../http/app-types.js";
import { importRoutes } from "./import-routes.js";
import { priceListRoutes } from "./price-list-routes.js";
import { productRoutes } from "./product-routes.js";

export const catalogRoutes: ModuleRoutes = (app, deps) => {
  productRoutes(app, deps);
  priceListRoutes(app, deps);
  importRoutes(app, deps);
};
