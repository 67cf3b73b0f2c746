// The audit module's public face: what other modules, flows and tools may use.

export { auditRoutes } from "./routes.js";
export { recordAudit } from "./service.js";
