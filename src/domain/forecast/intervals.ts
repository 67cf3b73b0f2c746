// Prediction intervals, two ways:
//  - normal: point ± z·σ_h with σ_h from the method's analytic h-step error variance (smoothing,
//    Theta, seasonal naive), the textbook intervals of Hyndman & Athanasopoulos (fpp3 §5.5, §8.7);
//  - empirical: point + the in-sample one-step residuals' quantiles (Croston, SBA, TSB), because
//    intermittent demand is far from normal — a normal interval would put mass on negative sales
//    and under-cover the rare large orders.
// Demand cannot be negative, so every bound (and every point) is clipped at zero.

import { normalQuantile, quantileSorted } from "./stats.js";
import type { Forecast, MethodName } from "./types.js";

export const nonNegative = (x: number) => Math.max(x, 0);

/** Root mean square of the finite values (the residual σ, with n − k degrees of freedom). */
export function residualSigma(residuals: readonly number[], parameters = 0): number {
  let s = 0;
  let n = 0;
  for (const e of residuals)
    if (Number.isFinite(e)) {
      s += e * e;
      n++;
    }
  const dof = Math.max(n - parameters, 1);
  return n === 0 ? 0 : Math.sqrt(s / dof);
}

/** √(Σ_{j≤h} σ_j²): the cumulative σ when step errors are independent. */
export function independentCumulative(sigma: readonly number[]): number[] {
  let acc = 0;
  return sigma.map((s) => {
    acc += s * s;
    return Math.sqrt(acc);
  });
}

export function normalForecast(
  method: MethodName,
  point: readonly number[],
  sigma: readonly number[],
  level: number,
  fitted: number[],
  params: Record<string, number>,
  cumulativeSigma: readonly number[] = independentCumulative(sigma),
): Forecast {
  const z = normalQuantile(0.5 + level / 2);
  return {
    method,
    point: point.map(nonNegative),
    lower: point.map((p, i) => nonNegative(p - z * sigma[i]!)),
    upper: point.map((p, i) => nonNegative(p + z * sigma[i]!)),
    level,
    sigma: [...sigma],
    cumulativeSigma: [...cumulativeSigma],
    fitted,
    params,
  };
}

/**
 * Var(Σ_{k≤H} e_k) = σ²·Σ_{i≤H} (g_i + Σ_{i<k≤H} c(k, i))² for each H, where the error of step k
 * is g_k·ε_k + Σ_{i<k} c(k, i)·ε_i with independent ε of deviation σ. O(h²).
 */
export function cumulativeSigmaOf(
  h: number,
  sigma: number,
  own: (i: number) => number,
  carry: (k: number, i: number) => number,
): number[] {
  const inner = new Array<number>(h + 1).fill(0);
  const out: number[] = [];
  for (let H = 1; H <= h; H++) {
    inner[H] = own(H);
    for (let i = 1; i < H; i++) inner[i]! += carry(H, i);
    let v = 0;
    for (let i = 1; i <= H; i++) v += inner[i]! ** 2;
    out.push(sigma * Math.sqrt(v));
  }
  return out;
}

/**
 * The forecast with every σ multiplied by `factor` and its normal bounds recomputed; selection uses
 * it to put back into the intervals the spikes it cleaned before fitting (they will happen again).
 */
export function widenedForecast(f: Forecast, factor: number): Forecast {
  const sigma = f.sigma.map((s) => s * factor);
  return normalForecast(
    f.method,
    f.point,
    sigma,
    f.level,
    f.fitted,
    f.params,
    f.cumulativeSigma.map((s) => s * factor),
  );
}

/**
 * Intervals from the empirical distribution of in-sample one-step errors. The same band is used at
 * every step: the methods it serves forecast a flat rate, and for intermittent demand the error of
 * a day is dominated by that day's own randomness, not by how far ahead it is.
 */
export function empiricalForecast(
  method: MethodName,
  point: readonly number[],
  fitted: number[],
  actual: readonly number[],
  level: number,
  params: Record<string, number>,
): Forecast {
  const residuals: number[] = [];
  for (let t = 0; t < actual.length; t++) {
    const f = fitted[t]!;
    if (Number.isFinite(f)) residuals.push(actual[t]! - f);
  }
  residuals.sort((a, b) => a - b);
  const lo = residuals.length ? quantileSorted(residuals, 0.5 - level / 2) : 0;
  const hi = residuals.length ? quantileSorted(residuals, 0.5 + level / 2) : 0;
  const sigma = residualSigma(residuals);
  return {
    method,
    point: point.map(nonNegative),
    lower: point.map((p) => nonNegative(p + lo)),
    upper: point.map((p) => nonNegative(p + hi)),
    level,
    sigma: point.map(() => sigma),
    cumulativeSigma: point.map((_, i) => sigma * Math.sqrt(i + 1)),
    fitted,
    params,
  };
}
