// Public API of demand forecasting and replenishment: pure functions on daily demand series, no
// I/O. The analytics module feeds them stored sales and stock and shows what they return.

export {
  intervalCoverage,
  mase,
  meanAbsoluteError,
  naiveScale,
  naiveSquaredScale,
  rmsse,
  wape,
} from "./accuracy.js";
export { ADI_CUTOFF, CV2_CUTOFF, classifyDemand, type DemandClass, type DemandProfile } from "./classify.js";
export { type CrostonOptions, croston, demandOccurrences, sba } from "./croston.js";
export { type HoltOptions, holt } from "./holt.js";
export { type HoltWintersOptions, holtWintersAdditive, holtWintersMultiplicative } from "./holt-winters.js";
export { bootstrapLeadTimeDemand, type LeadTimeDemand, type LeadTimeDemandOptions } from "./lead-time.js";
export { seasonalNaive } from "./naive.js";
export { cleanSpikes } from "./outliers.js";
export {
  bottomUp,
  forecastNetwork,
  type LocationForecast,
  type LocationSeries,
  type NetworkForecast,
  type NetworkOptions,
  type ReconciliationMethod,
  recentShares,
  topDown,
} from "./reconcile.js";
export {
  demandOver,
  economicOrderQuantity,
  errorSdOver,
  planReplenishment,
  type ReplenishmentInput,
  type ReplenishmentPlan,
  type SafetyStockInput,
  type StockStatus,
  safetyStock,
  serviceLevelZ,
} from "./replenish.js";
export {
  type Backtest,
  backtest,
  backtestOrigins,
  CONTINUOUS_CANDIDATES,
  type Criterion,
  FORECASTERS,
  INTERMITTENT_CANDIDATES,
  type MethodScore,
  type Selection,
  type SelectionOptions,
  selectForecast,
} from "./select.js";
export { type SesOptions, ses } from "./ses.js";
export {
  type CatalogOptions,
  drawSpec,
  SERIES_CLASSES,
  type SeriesClass,
  type SeriesSpec,
  type SimulatedSeries,
  simulateCatalog,
  simulateSeries,
} from "./simulate.js";
export { mulberry32, normalQuantile, quantile } from "./stats.js";
export { isSeasonal, type ThetaOptions, theta } from "./theta.js";
export { type TsbOptions, tsb } from "./tsb.js";
export * from "./types.js";
