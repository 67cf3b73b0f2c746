// The fulfillment module's public face: what other modules, flows and tools may use.

export { fulfillmentOrdersCreatedToday } from "./queries.js";
export { fulfillmentRoutes } from "./routes.js";
export {
  committedFromArrivingStock,
  type FulfillmentOrder,
  fulfillmentOrdersOfOrder,
  releasedByOrder,
  sourceAndCommit,
} from "./service.js";
