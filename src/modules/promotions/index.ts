// The promotions module's public face: what other modules, flows and tools may use.

export { promotionRoutes } from "./routes.js";
export {
  createPromoCode,
  findUsablePromo,
  promoCodeExists,
  redeemPromoCode,
  taxRateFor,
  upsertTaxRate,
} from "./service.js";
