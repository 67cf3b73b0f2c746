// Holt's linear method with a damped trend (ETS(A,Ad,N), Gardner & McKenzie 1985). Damped by
// default because a straight-line trend extrapolated 28 days from noisy daily sales over-shoots;
// damping is the most robust trend model in the M-competitions. `damped: false` gives classic Holt.

import { type SmoothingParams, type SmoothingState, smoothingForecast } from "./smoothing.js";
import type { Forecast, ForecastOptions } from "./types.js";

export interface HoltOptions extends ForecastOptions {
  damped?: boolean;
  /** Fix α, β (the trend weight, 0 < β < α) and φ instead of fitting them. */
  alpha?: number;
  beta?: number;
  phi?: number;
  /** Fix the initial level and trend (default: a line through the first ten days). */
  level0?: number;
  trend0?: number;
}

export function holt(y: readonly number[], options: HoltOptions): Forecast {
  const damped = options.damped ?? true;
  const fixed: Partial<SmoothingParams> = {};
  if (options.alpha !== undefined) fixed.alpha = options.alpha;
  if (options.beta !== undefined && options.alpha !== undefined)
    fixed.betaShare = options.beta / options.alpha;
  if (options.phi !== undefined) fixed.phi = options.phi;
  const initial: SmoothingState | undefined =
    options.level0 === undefined
      ? undefined
      : { level: options.level0, trend: options.trend0 ?? 0, seasons: [] };
  return smoothingForecast(
    y,
    { trend: damped ? "damped" : "additive", season: "none" },
    options,
    fixed,
    initial,
  );
}
