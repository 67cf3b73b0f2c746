// The orders module's public face: what routes, other modules and tools may use.

export { fillBackorders } from "./backorders.js";
export { cancelOrder } from "./cancel.js";
export { captureOrder, DuplicateExternalRef } from "./capture.js";
export { applyFulfillmentChange, type FulfillmentChange } from "./change.js";
export { type OrderContact, orderContact } from "./contact.js";
export { seedOrdersDemo } from "./demo.js";
export { placeDraft } from "./drafts.js";
export { editOrder, listVersions } from "./edit.js";
export { placeHold, releaseHold } from "./holds.js";
export {
  type OrderChanged,
  setOrderCapturedHandlers,
  setOrderChangedHandlers,
  setOrderPaymentHandler,
} from "./reactions.js";
export { orderRoutes } from "./routes.js";
export type { OrderPaymentInput } from "./schemas.js";
export { listOrders, type OrderFilter } from "./search.js";
export { orderStats } from "./stats.js";
export { addTimeline, getTimeline } from "./timeline.js";
export { getOrder, type OrderView } from "./view.js";
