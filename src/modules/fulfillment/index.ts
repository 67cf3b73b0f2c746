// The fulfillment module's public face: what other modules, flows and tools may use.

export { type DispatchUnit, dispatchUnits } from "./dispatch.js";
export { ensureStarted } from "./picking.js";
export {
  fulfillmentOrderSummaries,
  fulfillmentOrdersCreatedToday,
  getFulfillmentOrder,
  lockFulfillmentOrder,
} from "./queries.js";
export { fulfillmentRoutes } from "./routes.js";
export {
  committedFromArrivingStock,
  type FulfillmentOrder,
  fulfillmentOrdersOfOrder,
  releasedByOrder,
  sourceAndCommit,
} from "./service.js";
export { remaining as unitsLeft } from "./transitions.js";
