// The portal module's public face: what other modules, flows and tools may use.

export { portalRoutes } from "./routes.js";
export { provenOrder, trackingNotFound } from "./service.js";
