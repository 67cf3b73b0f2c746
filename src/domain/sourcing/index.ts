// Public API of the sourcing engine (distributed order management): pure functions, no I/O.

export { sourceByPriority, sourceNearestFirst } from "./baselines.js";
export { effectiveMaxLocations, sourceOrder } from "./engine.js";
export {
  addBusinessDays,
  formatDay,
  isBusinessDay,
  type LocalClock,
  localClock,
  type PickupReadyInput,
  type PromiseDateInput,
  type PromiseDates,
  parseDay,
  pickupReadyBy,
  promiseDates,
  zonedInstant,
} from "./promise.js";
export { DEFAULT_SOURCING_RULES, resolveRules } from "./rules.js";
export type * from "./types.js";
