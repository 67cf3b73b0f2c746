// Seasonal naive: tomorrow sells what the same weekday sold last week. It is the baseline every
// other method must beat (and the scale of MASE), so it is kept exactly as the textbook defines
// it: ŷ_{n+h} = y_{n+h−m(k+1)}, k = ⌊(h−1)/m⌋, with σ_h = σ·√(k+1) where σ is the RMS of the
// in-sample seasonal differences (fpp3 §5.5).

import { normalForecast, residualSigma } from "./intervals.js";
import { DEFAULT_LEVEL, DEFAULT_PERIOD, type Forecast, type ForecastOptions } from "./types.js";

export function seasonalNaive(y: readonly number[], options: ForecastOptions): Forecast {
  const h = options.h;
  const level = options.level ?? DEFAULT_LEVEL;
  const n = y.length;
  // With less than one season of history the best we can do is repeat what there is.
  const m = Math.max(1, Math.min(options.period ?? DEFAULT_PERIOD, n));
  if (n === 0) return normalForecast("seasonal-naive", zeros(h), zeros(h), level, [], { period: m });

  const fitted = y.map((_, t) => (t >= m ? y[t - m]! : Number.NaN));
  const residuals = y.map((v, t) => v - fitted[t]!);
  const sigma = residualSigma(residuals);
  const point: number[] = [];
  const sigmas: number[] = [];
  for (let step = 1; step <= h; step++) {
    const k = Math.floor((step - 1) / m);
    point.push(y[n - m + ((step - 1) % m)]!);
    sigmas.push(sigma * Math.sqrt(k + 1));
  }
  return normalForecast("seasonal-naive", point, sigmas, level, fitted, { period: m });
}

const zeros = (h: number) => new Array<number>(h).fill(0);
