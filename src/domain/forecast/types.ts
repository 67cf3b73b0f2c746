// Shapes shared by every forecasting method, so selection, reconciliation and replenishment can
// treat them alike. A series is daily demand in units, oldest first, with no gaps (a day with no
// sales is a 0, not a missing value).

export const METHODS = [
  "seasonal-naive",
  "ses",
  "holt",
  "holt-winters-additive",
  "holt-winters-multiplicative",
  "theta",
  "croston",
  "sba",
  "tsb",
] as const;
export type MethodName = (typeof METHODS)[number];

export interface Forecast {
  method: MethodName;
  /** Point forecasts for steps 1…h after the last observation (never negative). */
  point: number[];
  /** Lower and upper bounds of the prediction interval at `level`, per step (never negative). */
  lower: number[];
  upper: number[];
  /** Nominal coverage of [lower, upper], e.g. 0.95. */
  level: number;
  /**
   * Standard deviation of the forecast error per step, as the method's interval assumes it;
   * replenishment sums these over the lead time.
   */
  sigma: number[];
  /**
   * Standard deviation of the error of the *sum* of steps 1…h, for each h: what safety stock over
   * a lead time needs. For smoothing methods it is well above √(Σ σ²), because every step's error
   * shares the error in the estimated level (Prak, Teunter & Syntetos 2017).
   */
  cumulativeSigma: number[];
  /** One-step-ahead in-sample fitted values (NaN where the method has none yet). */
  fitted: number[];
  /** The parameters used, fitted or given (α, β, γ, φ, θ…), for display and reproducibility. */
  params: Record<string, number>;
}

export interface ForecastOptions {
  /** Steps ahead to forecast. */
  h: number;
  /** Seasonal period in steps; 7 for weekly seasonality of daily data. */
  period?: number;
  /** Nominal coverage of the prediction interval (default 0.95). */
  level?: number;
}

export const DEFAULT_PERIOD = 7;
export const DEFAULT_LEVEL = 0.95;

/** Signature every method file exports, so selection can loop over them. */
export type Forecaster = (y: readonly number[], options: ForecastOptions) => Forecast;
