// The payments module's public face: the order reactions wired in src/flows/wiring.ts, the
// processor the dispatcher runs, the routes.
export { authorizeCapturedOrder, settleOrderPayments } from "./order-reactions.js";
export { processPaymentRequests } from "./processor.js";
export { refundableOnOrder, refundToOrderPayments } from "./refunds.js";
export { paymentRoutes } from "./routes.js";
export { paymentMethodOf } from "./store.js";
