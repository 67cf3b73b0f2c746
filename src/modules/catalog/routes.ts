import type { ModuleRoutes } from "../../http/app-types.js";
import { priceListRoutes } from "./price-list-routes.js";

export const catalogRoutes: ModuleRoutes = (app, deps) => {
  priceListRoutes(app, deps);
};
