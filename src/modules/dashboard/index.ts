// The dashboard module's public face: what other modules, flows and tools may use.

export { dashboardRoutes } from "./routes.js";
