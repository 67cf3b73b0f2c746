// Fulfillment orders: the sourcing plan decomposed into one work order per location and
// fulfillment type, each committing its stock at exactly that location, with a lifecycle
// (open → accepted → in_progress → fulfilled, or rejected / cancelled) and re-sourcing when a
// location rejects or is short.
//
// This is the module's entry: other modules and the routes import from here.
export { type Placement, type SourcingOutcome, sourceAndCommit } from "./create-from-sourcing.js";
export { committedFromArrivingStock, releasedByOrder } from "./order-hooks.js";
export {
  type FoFilter,
  type FulfillmentOrder,
  fulfillmentOrdersOfOrder,
  getFulfillmentOrder,
  listFulfillmentOrders,
} from "./queries.js";
export { type ResourcingResult, reportShortage } from "./resourcing.js";
export {
  acceptFulfillmentOrder,
  cancelFulfillmentOrder,
  fulfilFulfillmentOrder,
  rejectFulfillmentOrder,
  startFulfillmentOrder,
} from "./workflow.js";
