// TSB (Teunter, Syntetos & Babai 2011): like Croston it separates the size of a demand from its
// occurrence, but it smooths the *probability* of demand every day (not the interval only on
// demand days). So when an item stops selling its forecast decays towards zero instead of staying
// frozen at the last rate — which is what makes it the method for items at risk of obsolescence,
// and what the dead-stock classification relies on.
//   p ← p + β·(1[y > 0] − p)   every period
//   z ← z + α·(y − z)          on periods with demand
//   forecast = p·z
// Defaults α = 0.1, β = 0.05 (fixed, for the same reason as Croston's α); initial p is the share
// of periods with demand and z the mean non-zero size.

import { demandOccurrences } from "./croston.js";
import { empiricalForecast } from "./intervals.js";
import { mean } from "./stats.js";
import { DEFAULT_LEVEL, type Forecast, type ForecastOptions } from "./types.js";

export interface TsbOptions extends ForecastOptions {
  alpha?: number;
  beta?: number;
  size0?: number;
  probability0?: number;
}

export function tsb(y: readonly number[], options: TsbOptions): Forecast {
  const alpha = options.alpha ?? 0.1;
  const beta = options.beta ?? 0.05;
  const { sizes } = demandOccurrences(y);
  let z = options.size0 ?? (sizes.length ? mean(sizes) : 0);
  let p = options.probability0 ?? (y.length ? sizes.length / y.length : 0);
  const fitted = new Array<number>(y.length);
  for (let t = 0; t < y.length; t++) {
    fitted[t] = p * z;
    const v = y[t]!;
    if (v > 0) {
      p += beta * (1 - p);
      z += alpha * (v - z);
    } else p -= beta * p;
  }
  const point = new Array<number>(options.h).fill(p * z);
  return empiricalForecast("tsb", point, fitted, y, options.level ?? DEFAULT_LEVEL, {
    alpha,
    beta,
    size: z,
    probability: p,
  });
}
