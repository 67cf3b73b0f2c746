// Simple exponential smoothing (ETS(A,N,N)): a level that moves a fraction α towards each new
// observation; the forecast is flat. The right model for demand with no trend and no weekday
// pattern, and the engine inside Theta.

import { type SmoothingParams, type SmoothingState, smoothingForecast } from "./smoothing.js";
import type { Forecast, ForecastOptions } from "./types.js";

export interface SesOptions extends ForecastOptions {
  /** Fix α instead of fitting it (tests, or a planner's override). */
  alpha?: number;
  /** Fix the initial level ℓ0 (default: mean of the first week). */
  level0?: number;
}

export function ses(y: readonly number[], options: SesOptions): Forecast {
  const fixed: Partial<SmoothingParams> = options.alpha === undefined ? {} : { alpha: options.alpha };
  const initial: SmoothingState | undefined =
    options.level0 === undefined ? undefined : { level: options.level0, trend: 0, seasons: [] };
  return smoothingForecast(y, { trend: "none", season: "none" }, options, fixed, initial);
}
