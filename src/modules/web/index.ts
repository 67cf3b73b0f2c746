// The web module's public face: what other modules, flows and tools may use.

export { webRoutes } from "./routes.js";
