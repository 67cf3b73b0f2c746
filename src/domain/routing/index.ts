// Public API of the route planner (VRP with time windows): pure functions, no I/O.

export {
  checkPlan,
  checkRoutes,
  type RouteCheck,
  type RouteSequence,
  type Violation,
  type ViolationKind,
} from "./feasibility.js";
export { DEFAULT_SEED, DEFAULT_TIME_BUDGET_MS, planRoutes, planRoutesByConstruction } from "./planner.js";
export { parseSolomon, type SolomonInstance } from "./solomon.js";
export type * from "./types.js";
