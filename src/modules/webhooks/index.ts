// The webhooks module's public face: what other modules, flows and tools may use.

export { deliverDueWebhooks } from "./delivery.js";
export { AddressGuard } from "./guard.js";
export { webhookRoutes } from "./routes.js";
export { createDeliveries, webhookBacklog } from "./service.js";
