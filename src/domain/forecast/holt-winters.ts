// Holt–Winters with weekly seasonality, additive (ETS(A,·,A): a weekday adds a fixed number of
// units) or multiplicative (ETS(A,·,M): a weekday multiplies the level, which is what retail
// weekday patterns usually are — Saturday is +40 %, whatever the level). No trend by default:
// over a few weeks the level's own adaptation follows slow growth, and Theta and damped Holt cover
// trending series in selection; `trend: "damped"` adds one.

import { type SmoothingParams, type SmoothingState, smoothingForecast, type TrendKind } from "./smoothing.js";
import type { Forecast, ForecastOptions } from "./types.js";

export interface HoltWintersOptions extends ForecastOptions {
  trend?: TrendKind;
  /** Fix α, γ (the seasonal weight, 0 < γ < 1 − α) instead of fitting them. */
  alpha?: number;
  gamma?: number;
  /** Fix the initial states (default: from the first four weeks). */
  initial?: SmoothingState;
}

function holtWinters(
  y: readonly number[],
  season: "additive" | "multiplicative",
  options: HoltWintersOptions,
): Forecast {
  const fixed: Partial<SmoothingParams> = {};
  if (options.alpha !== undefined) fixed.alpha = options.alpha;
  if (options.gamma !== undefined && options.alpha !== undefined)
    fixed.gammaShare = options.alpha < 1 ? options.gamma / (1 - options.alpha) : 0;
  return smoothingForecast(y, { trend: options.trend ?? "none", season }, options, fixed, options.initial);
}

export const holtWintersAdditive = (y: readonly number[], options: HoltWintersOptions): Forecast =>
  holtWinters(y, "additive", options);

export const holtWintersMultiplicative = (y: readonly number[], options: HoltWintersOptions): Forecast =>
  holtWinters(y, "multiplicative", options);
