// The exponential-smoothing engine behind SES, Holt and Holt–Winters: one state-space recursion
// (level, trend, weekly seasonal indices) in the error-correction form of Hyndman, Koehler, Ord &
// Snyder, "Forecasting with Exponential Smoothing" (2008), with additive errors:
//
//   ŷ_t = (ℓ + φ_b·b) ⊕ s            ⊕ = + (additive season) or × (multiplicative season)
//   e_t = y_t − ŷ_t
//   ℓ ← ℓ + φ_b·b + α·e/ŝ            ŝ = s for multiplicative seasons, 1 otherwise
//   b ← φ·b + β·e/ŝ
//   s ← s + γ·e  (additive)  or  s + γ·e/(ℓ + φ_b·b)  (multiplicative)
//
// Parameters are fitted by minimising the in-sample one-step SSE with the bounded Nelder–Mead in
// optimize.ts. β and γ are searched as shares (β = α·β*, γ = (1 − α)·γ*), which keeps every trial
// inside the usual admissible region 0 < β < α, 0 < γ < 1 − α without a penalty term. Initial
// states come from the first weeks (see initialState) rather than being optimised: on two years of
// daily data they are forgotten long before the forecast origin, and optimising them would double
// the dimension of the search.

import { cumulativeSigmaOf, nonNegative, normalForecast, residualSigma } from "./intervals.js";
import { nelderMead } from "./optimize.js";
import { linearTrend, mean } from "./stats.js";
import {
  DEFAULT_LEVEL,
  DEFAULT_PERIOD,
  type Forecast,
  type ForecastOptions,
  type MethodName,
} from "./types.js";

export type TrendKind = "none" | "additive" | "damped";
export type SeasonKind = "none" | "additive" | "multiplicative";

export interface SmoothingSpec {
  trend: TrendKind;
  season: SeasonKind;
  period: number;
}

/** α; β* and γ* are shares (β = α·β*, γ = (1 − α)·γ*); φ is the damping (1 = none). */
export interface SmoothingParams {
  alpha: number;
  betaShare: number;
  gammaShare: number;
  phi: number;
}

export interface SmoothingState {
  level: number;
  trend: number;
  /** Seasonal index for each position t mod period of the series (empty without season). */
  seasons: number[];
}

export interface SmoothingFit {
  spec: SmoothingSpec;
  params: SmoothingParams;
  initial: SmoothingState;
  sse: number;
}

// Seasonal indices of a multiplicative model are kept in [0.01, 100]: beyond that a weekday is
// either dead or the whole week's sales, and dividing by a near-zero index makes the recursion
// explode on intermittent stretches.
const MIN_INDEX = 0.01;
const MAX_INDEX = 100;
// The documented ETS bounds (forecast::ets): strictly inside (0, 1), damping in [0.8, 0.98].
const LOW = 1e-4;
const HIGH = 0.9999;
const PHI_LOW = 0.8;
const PHI_HIGH = 0.98;

/**
 * Initial states from the first (up to four) full weeks: the level is their mean, the trend the
 * slope of the weekly means per day, and the seasonal indices the average deviation (or ratio) of
 * each weekday from its week's mean, normalised to sum 0 (or average 1).
 */
export function initialState(y: readonly number[], spec: SmoothingSpec): SmoothingState {
  const m = spec.period;
  const n = y.length;
  if (spec.season === "none") {
    const head = y.slice(0, Math.min(n, 10));
    if (spec.trend === "none") return { level: mean(y.slice(0, Math.min(n, m))) || 0, trend: 0, seasons: [] };
    const { intercept, slope } = linearTrend(head);
    // The state is the one *before* the first observation, hence one slope back.
    return { level: intercept - slope, trend: slope, seasons: [] };
  }
  const weeks = Math.max(1, Math.min(4, Math.floor(n / m)));
  const weekMeans: number[] = [];
  for (let w = 0; w < weeks; w++) weekMeans.push(mean(y.slice(w * m, (w + 1) * m)));
  const slope = spec.trend === "none" || weeks < 2 ? 0 : linearTrend(weekMeans).slope / m;
  const seasons = new Array<number>(m).fill(0);
  for (let j = 0; j < m; j++) {
    let acc = 0;
    let count = 0;
    for (let w = 0; w < weeks; w++) {
      const v = y[w * m + j]!;
      if (spec.season === "additive") {
        acc += v - weekMeans[w]!;
        count++;
      } else if (weekMeans[w]! > 0) {
        acc += v / weekMeans[w]!;
        count++;
      }
    }
    seasons[j] = count ? acc / count : spec.season === "additive" ? 0 : 1;
  }
  if (spec.season === "additive") {
    const c = mean(seasons);
    for (let j = 0; j < m; j++) seasons[j]! -= c;
  } else {
    const c = mean(seasons) || 1;
    for (let j = 0; j < m; j++) seasons[j] = clampIndex(seasons[j]! / c);
  }
  const centre = (weeks * m - 1) / 2;
  return { level: mean(weekMeans) - slope * (centre + 1), trend: slope, seasons };
}

const clampIndex = (s: number) => Math.min(Math.max(s, MIN_INDEX), MAX_INDEX);

/**
 * Runs the recursion over y. Returns the SSE and the final state; writes one-step fitted values
 * into `fitted` when given. This is the hot loop of every fit, so it avoids allocation.
 */
export function runSmoothing(
  y: readonly number[],
  spec: SmoothingSpec,
  p: SmoothingParams,
  init: SmoothingState,
  fitted?: number[],
): { sse: number; state: SmoothingState } {
  const m = spec.period;
  const alpha = p.alpha;
  const hasTrend = spec.trend !== "none";
  const phi = spec.trend === "damped" ? p.phi : 1;
  const beta = hasTrend ? alpha * p.betaShare : 0;
  const gamma = (1 - alpha) * p.gammaShare;
  const seasonKind = spec.season === "none" ? 0 : spec.season === "additive" ? 1 : 2;
  const seasons = Float64Array.from(init.seasons);
  let level = init.level;
  let trend = hasTrend ? init.trend : 0;
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const base = level + phi * trend;
    const j = seasonKind === 0 ? 0 : t % m;
    const s = seasonKind === 0 ? 0 : seasons[j]!;
    const yhat = seasonKind === 0 ? base : seasonKind === 1 ? base + s : base * s;
    const e = y[t]! - yhat;
    if (fitted) fitted[t] = yhat;
    sse += e * e;
    const scaled = seasonKind === 2 ? e / s : e;
    level = base + alpha * scaled;
    trend = phi * trend + beta * scaled;
    if (seasonKind === 1) seasons[j] = s + gamma * e;
    else if (seasonKind === 2 && base > 1e-9) seasons[j] = clampIndex(s + (gamma * e) / base);
  }
  return { sse, state: { level, trend, seasons: Array.from(seasons) } };
}

/** Fits the free parameters (those not in `fixed`) by minimising in-sample one-step SSE. */
export function fitSmoothing(
  y: readonly number[],
  spec: SmoothingSpec,
  fixed: Partial<SmoothingParams> = {},
  initial?: SmoothingState,
): SmoothingFit {
  const init = initial ?? initialState(y, spec);
  const names: (keyof SmoothingParams)[] = ["alpha"];
  if (spec.trend !== "none") names.push("betaShare");
  if (spec.season !== "none") names.push("gammaShare");
  if (spec.trend === "damped") names.push("phi");
  const free = names.filter((k) => fixed[k] === undefined);
  // Daily demand is noisy: small smoothing weights are the likely optimum, so start there.
  const start: SmoothingParams = { alpha: 0.15, betaShare: 0.05, gammaShare: 0.1, phi: 0.95 };
  const params = { ...start, ...fixed };
  const assign = (x: readonly number[]) => {
    const q = { ...params };
    free.forEach((k, i) => {
      q[k] = x[i]!;
    });
    return q;
  };
  if (free.length > 0) {
    const lower = free.map((k) => (k === "phi" ? PHI_LOW : LOW));
    const upper = free.map((k) => (k === "phi" ? PHI_HIGH : HIGH));
    const best = nelderMead(
      (x) => runSmoothing(y, spec, assign(x), init).sse,
      free.map((k) => params[k]),
      { lower, upper },
      { maxEvaluations: 60 + 60 * free.length, tolerance: 1e-6 },
    );
    Object.assign(params, assign(best.x));
  }
  return { spec, params, initial: init, sse: runSmoothing(y, spec, params, init).sse };
}

/** Method name of a smoothing spec, as selection and the console show it. */
export function smoothingMethod(spec: SmoothingSpec): MethodName {
  if (spec.season === "additive") return "holt-winters-additive";
  if (spec.season === "multiplicative") return "holt-winters-multiplicative";
  return spec.trend === "none" ? "ses" : "holt";
}

/**
 * Point forecasts and σ_h from a fit. For additive seasons σ_h² = σ²·(1 + Σ_{j<h} c_j²) with
 * c_j = α + β·φ_j + γ·[j ≡ 0 mod m], φ_j = φ + … + φ^j (Hyndman et al. 2008, Table 6.1, class 1).
 * Multiplicative seasons have no closed form with additive errors; we use the first-order
 * approximation that rescales each future error by the ratio of seasonal indices it passes
 * through, c_{h,i} = (α + β·φ_{h−i})·s_{n+h}/s_{n+i} + γ·[h − i ≡ 0 mod m].
 */
export function forecastFromFit(y: readonly number[], fit: SmoothingFit, options: ForecastOptions): Forecast {
  const { spec, params } = fit;
  const m = spec.period;
  const n = y.length;
  const fitted = new Array<number>(n);
  const { state } = runSmoothing(y, spec, params, fit.initial, fitted);
  const residuals = y.map((v, t) => v - fitted[t]!);
  const k = freeParameterCount(spec);
  const sigma = residualSigma(residuals, k);
  const hasTrend = spec.trend !== "none";
  const phi = spec.trend === "damped" ? params.phi : 1;
  const alpha = params.alpha;
  const beta = hasTrend ? alpha * params.betaShare : 0;
  const gamma = spec.season === "none" ? 0 : (1 - alpha) * params.gammaShare;
  const phiSum = (j: number) => {
    if (!hasTrend) return 0;
    if (phi === 1) return j;
    return (phi * (1 - phi ** j)) / (1 - phi);
  };
  const seasonAt = (step: number) => (spec.season === "none" ? 0 : state.seasons[(n + step - 1) % m]!);
  const point: number[] = [];
  const sigmas: number[] = [];
  for (let step = 1; step <= options.h; step++) {
    const base = state.level + phiSum(step) * state.trend;
    const s = seasonAt(step);
    point.push(spec.season === "additive" ? base + s : spec.season === "multiplicative" ? base * s : base);
    let acc = 1;
    for (let i = 1; i < step; i++) {
      const j = step - i;
      const ratio = spec.season === "multiplicative" ? s / seasonAt(i) : 1;
      const c = (alpha + beta * phiSum(j)) * ratio + (j % m === 0 ? gamma : 0);
      acc += c * c;
    }
    sigmas.push(sigma * Math.sqrt(acc));
  }
  // The same coefficients give the error of the lead-time sum (see cumulativeSigmaOf).
  const carry = (k: number, i: number) => {
    const ratio = spec.season === "multiplicative" ? seasonAt(k) / seasonAt(i) : 1;
    return (alpha + beta * phiSum(k - i)) * ratio + ((k - i) % m === 0 ? gamma : 0);
  };
  return normalForecast(
    smoothingMethod(spec),
    point.map(nonNegative),
    sigmas,
    options.level ?? DEFAULT_LEVEL,
    fitted,
    {
      alpha,
      ...(hasTrend ? { beta } : {}),
      ...(spec.season !== "none" ? { gamma } : {}),
      ...(spec.trend === "damped" ? { phi } : {}),
    },
    cumulativeSigmaOf(options.h, sigma, () => 1, carry),
  );
}

/** Smoothing parameters plus initial states, for σ's degrees of freedom. */
function freeParameterCount(spec: SmoothingSpec): number {
  let k = 2; // α and ℓ0
  if (spec.trend !== "none") k += 2;
  if (spec.trend === "damped") k += 1;
  if (spec.season !== "none") k += spec.period;
  return k;
}

/**
 * Fit and forecast in one call. Seasonal models need a full season of history; with less they
 * fall back to the same model without season (and say so through the method name).
 */
export function smoothingForecast(
  y: readonly number[],
  spec: Omit<SmoothingSpec, "period">,
  options: ForecastOptions,
  fixed: Partial<SmoothingParams> = {},
  initial?: SmoothingState,
): Forecast {
  const period = options.period ?? DEFAULT_PERIOD;
  const full: SmoothingSpec = {
    ...spec,
    period,
    season: y.length >= period * 2 ? spec.season : "none",
  };
  if (y.length === 0) {
    const zeros = new Array<number>(options.h).fill(0);
    return normalForecast(smoothingMethod(full), zeros, zeros, options.level ?? DEFAULT_LEVEL, [], {});
  }
  return forecastFromFit(y, fitSmoothing(y, full, fixed, initial), options);
}
