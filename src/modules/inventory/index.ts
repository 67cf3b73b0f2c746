// The inventory module's public face: what other modules, flows and tools may use.

export { importInventoryFile, verifyInventoryCommand } from "./cli.js";
export { seedInventoryDemo } from "./demo.js";
export { inventoryRoutes } from "./routes.js";
export {
  availability,
  binsAt,
  InsufficientStockError,
  lateCommitStats,
  listAlerts,
  lockOrder,
  releaseStock,
  restockReturn,
  StockRaceError,
  setStockAvailableHandlers,
  shipStock,
  shipStockBatch,
  tryCommitStock,
  tryCommitStockBatch,
  withLateStockCommits,
} from "./service.js";
