// The standard Theta method (Assimakopoulos & Nikolopoulos 2000), in the form Hyndman & Billah
// (2003) proved it equals: simple exponential smoothing plus a drift of half the series' linear
// slope. It won the M3 competition with nothing more. As in R's forecast::thetaf:
//   1. test for seasonality: |r_m| > 1.645·√((1 + 2·Σ_{k<m} r_k²)/n) (90 %, one-sided);
//   2. if seasonal, divide by classical multiplicative decomposition indices (centred moving
//      average of order m, mean ratio per weekday, normalised to average 1);
//   3. SES on the adjusted series (α fitted on one-step SSE), forecast
//      ŷ_{n+h} = ℓ_n + (b/2)·((h − 1) + (1 − (1 − α)^n)/α), b = OLS slope of the adjusted series;
//   4. multiply back by the index of each forecast day.
// Intervals are the SES ones, σ_h² = σ²·(1 + (h − 1)·α²), scaled by the seasonal index, as thetaf
// does (the drift is treated as known).

import { cumulativeSigmaOf, normalForecast, residualSigma } from "./intervals.js";
import { goldenSection } from "./optimize.js";
import { autocorrelation, linearTrend, mean } from "./stats.js";
import { DEFAULT_LEVEL, DEFAULT_PERIOD, type Forecast, type ForecastOptions } from "./types.js";

export interface ThetaOptions extends ForecastOptions {
  /** Fix α instead of fitting it. */
  alpha?: number;
  /** Fix the SES initial level (default: the first adjusted value's week mean). */
  level0?: number;
  /** Force the seasonal adjustment on or off (default: the ACF test). */
  seasonal?: boolean;
}

/** The ACF test of step 1. */
export function isSeasonal(y: readonly number[], period: number): boolean {
  const n = y.length;
  if (period < 2 || n < 3 * period) return false;
  let s = 0;
  for (let k = 1; k < period; k++) s += autocorrelation(y, k) ** 2;
  const limit = 1.6448536269514722 * Math.sqrt((1 + 2 * s) / n);
  return Math.abs(autocorrelation(y, period)) > limit;
}

/**
 * Classical multiplicative decomposition indices, one per position t mod m. Null when they cannot
 * be used: a weekday that (almost) never sells has an index near 0, and dividing by it would
 * turn noise into huge adjusted values — Holt–Winters handles such patterns instead.
 */
export function multiplicativeIndices(y: readonly number[], m: number): number[] | null {
  const n = y.length;
  const half = Math.floor(m / 2);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = half; t < n - half; t++) {
    // Centred moving average: plain for odd m, the 2×m average for even m.
    let ma = 0;
    if (m % 2 === 1) {
      for (let i = t - half; i <= t + half; i++) ma += y[i]!;
      ma /= m;
    } else {
      ma = (y[t - half]! + y[t + half]!) / 2;
      for (let i = t - half + 1; i < t + half; i++) ma += y[i]!;
      ma /= m;
    }
    if (ma <= 0) continue;
    sums[t % m]! += y[t]! / ma;
    counts[t % m]!++;
  }
  if (counts.some((c) => c === 0)) return null;
  const raw = sums.map((s, j) => s / counts[j]!);
  const c = mean(raw);
  const indices = raw.map((r) => r / c);
  return indices.some((s) => !(s >= 0.05)) ? null : indices;
}

/** SES pass: SSE, final level and fitted values of the adjusted series. */
function sesPass(x: readonly number[], alpha: number, level0: number, fitted?: number[]) {
  let level = level0;
  let sse = 0;
  for (let t = 0; t < x.length; t++) {
    if (fitted) fitted[t] = level;
    const e = x[t]! - level;
    sse += e * e;
    level += alpha * e;
  }
  return { sse, level };
}

export function theta(y: readonly number[], options: ThetaOptions): Forecast {
  const m = options.period ?? DEFAULT_PERIOD;
  const level = options.level ?? DEFAULT_LEVEL;
  const n = y.length;
  if (n === 0) {
    const zeros = new Array<number>(options.h).fill(0);
    return normalForecast("theta", zeros, zeros, level, [], {});
  }
  const seasonal = options.seasonal ?? isSeasonal(y, m);
  const indices = seasonal ? multiplicativeIndices(y, m) : null;
  const indexAt = (t: number) => (indices ? indices[t % m]! : 1);
  const x = y.map((v, t) => v / indexAt(t));

  const level0 = options.level0 ?? mean(x.slice(0, Math.min(n, m)));
  const alpha = options.alpha ?? goldenSection((a) => sesPass(x, a, level0).sse, 1e-4, 0.9999, 1e-4).x;
  const fittedX = new Array<number>(n);
  const { level: last } = sesPass(x, alpha, level0, fittedX);
  const drift = linearTrend(x).slope / 2;
  const sigma = residualSigma(
    x.map((v, t) => v - fittedX[t]!),
    2,
  );
  const tail = (1 - (1 - alpha) ** n) / alpha;
  const point: number[] = [];
  const sigmas: number[] = [];
  for (let step = 1; step <= options.h; step++) {
    const s = indexAt(n + step - 1);
    point.push((last + drift * (step - 1 + tail)) * s);
    sigmas.push(sigma * Math.sqrt(1 + (step - 1) * alpha * alpha) * s);
  }
  const fitted = fittedX.map((f, t) => f * indexAt(t));
  // On the original scale the error of step k is s_k·(ε_k + α·Σ_{i<k} ε_i) (SES on the adjusted series).
  const cumulative = cumulativeSigmaOf(
    options.h,
    sigma,
    (i) => indexAt(n + i - 1),
    (k) => alpha * indexAt(n + k - 1),
  );
  return normalForecast(
    "theta",
    point,
    sigmas,
    level,
    fitted,
    { alpha, drift, seasonal: indices ? 1 : 0 },
    cumulative,
  );
}
