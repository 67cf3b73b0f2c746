// Shapes of the forecasting API (src/modules/forecasting/schemas.ts).
export interface ForecastAccuracy {
  mase: number | null;
  wape: number | null;
  seasonal_naive_mase: number | null;
  seasonal_naive_wape: number | null;
  skill: number | null;
}

export interface Forecast {
  sku: string;
  location_id: string | null;
  scope: "location" | "network";
  run_id: string;
  method: string;
  demand_class: string;
  history_from: string;
  history_to: string;
  horizon: number;
  level: number;
  share: number;
  accuracy: ForecastAccuracy;
  total: number;
  point: number[];
  lower: number[];
  upper: number[];
  created_at: string;
}

export type ForecastWithHistory = Forecast & { history: number[] };

export interface SkuForecast {
  sku: string;
  network: ForecastWithHistory;
  locations: ForecastWithHistory[];
}

export interface ReplenishmentLine {
  sku: string;
  location_id: string;
  status: "dead-stock" | "overstock" | "reorder" | "ok";
  method: string | null;
  lead_time_days: number;
  service_level: number;
  on_hand: number;
  committed: number;
  incoming: number;
  inventory_position: number;
  mean_daily_demand: number;
  safety_stock: number;
  reorder_point: number;
  order_up_to: number;
  days_of_cover: number | null;
  suggested_order: number;
  excess_units: number;
}

export interface SuggestedLines {
  lines: Array<{ sku: string; quantity: number }>;
}

export interface Suggestions {
  lines: ReplenishmentLine[];
  purchase_orders: Array<SuggestedLines & { location_id: string }>;
  transfers: Array<SuggestedLines & { origin_location_id: string; destination_location_id: string }>;
  overstock: ReplenishmentLine[];
  dead_stock: ReplenishmentLine[];
}
