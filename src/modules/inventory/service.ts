// The inventory module's entry point: what other modules use, re-exported from the files that
// do each job.
export * from "./adjustments.js";
export * from "./availability.js";
export * from "./commitments.js";
export * from "./counts.js";
export {
  changeLevel,
  changeLevelOrThrow,
  InsufficientStockError,
  type LevelView,
  MOVEMENT_TYPES,
  type MovementType,
  type StockAvailableHandler,
  type StockReference,
  setStockAvailableHandlers,
} from "./levels.js";
export * from "./queries.js";
export { requireLocation, requireStockSkus } from "./validation.js";
export * from "./verification.js";
