/** One forecast run: what history it read and how many series it forecast. */
export interface ForecastRunsTable {
  id: string;
  history_from: string;
  history_to: string;
  horizon: number;
  series_count: number;
  sku_count: number;
  duration_ms: number;
  actor_type: string;
  actor_id: string | null;
  created_at: string;
}

/**
 * The latest forecast of each series: a SKU at a location, or (location_id null) the SKU's
 * network, reconciled bottom-up. Arrays are JSON text: daily values, oldest first.
 */
export interface ForecastsTable {
  series_key: string;
  sku: string;
  location_id: string | null;
  run_id: string;
  method: string;
  demand_class: string;
  history_from: string;
  history_to: string;
  level: number;
  share: number;
  mase: number | null;
  wape: number | null;
  naive_mase: number | null;
  naive_wape: number | null;
  skill: number | null;
  history: string;
  point: string;
  lower: string;
  upper: string;
  sigma: string;
  cumulative_sigma: string;
  created_at: string;
}

export interface ForecastingTables {
  forecast_runs: ForecastRunsTable;
  forecasts: ForecastsTable;
}
