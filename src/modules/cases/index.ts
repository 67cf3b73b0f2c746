// The cases module's public face: customer-service cases, their messages and SLA.

export { type DeliveryExceptionPolicy, deliveryExceptionCases } from "./delivery-exceptions.js";
export { caseRoutes } from "./routes.js";
