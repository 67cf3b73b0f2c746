// The promising module's public face: what other modules, flows and tools may use.

export { promisingRoutes } from "./routes.js";
