// The system module's public face: what other modules, flows and tools may use.

export { registerMetrics } from "./metrics.js";
export { systemRoutes } from "./routes.js";
export { StartupGate, type StartupStep } from "./startup.js";
