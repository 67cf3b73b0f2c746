// The locations module's public face: what other modules, flows and tools may use.

export { locationRoutes } from "./routes.js";
export {
  type Capability,
  createLocation,
  getLocationsByCodes,
  getLocationsByIds,
  type Location,
  listLocations,
  resolveLocationRefs,
} from "./service.js";
