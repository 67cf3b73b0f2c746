// The inventory module's public face: what other modules, flows and tools may use.

export { importInventoryFile, verifyInventoryCommand } from "./cli.js";
export { type DailyDemandRow, dailyDemand, levelsOf } from "./demand.js";
export { seedInventoryDemo } from "./demo.js";
export { createPurchaseOrder, getPurchaseOrder } from "./purchase-orders.js";
export { inventoryRoutes } from "./routes.js";
export { purchaseOrderSchema, transferSchema } from "./schemas.js";
export {
  adjustInventory,
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
export { createTransfer, getTransfer } from "./transfers.js";
