// Model selection per series by rolling-origin backtest (Tashman 2000): cut the history at a few
// origins, forecast h days from each with every candidate (fitted only on data before the
// origin), score against what then happened, and keep the candidate with the lowest mean error.
// Selecting on out-of-sample errors at the horizon that matters, rather than on in-sample fit or
// an information criterion, compares methods of different families (smoothing, Theta, Croston)
// on one footing and is what a planner can check by hand.
//
// The family comes first from the Syntetos–Boylan classification: intermittent and lumpy series
// choose among Croston, SBA, TSB and the seasonal naive; the others among the seasonal naive,
// SES, damped Holt, both Holt–Winters and Theta. The seasonal naive is always a candidate and
// always reported, so the answer carries its own yardstick: a chosen MASE well below the naive's
// is a forecast to trust; one close to it says "no better than last week".
//
// The criterion is MASE, except for intermittent series, which are selected on RMSSE. MASE's
// absolute error is minimised by the median, which for an item selling on fewer than half the days
// is 0: it rewards whichever candidate forecasts lowest (or copies last week's zeros), not the one
// that gets the rate right — and the rate is what replenishment needs. In the benchmark, selecting
// intermittent series on RMSSE gives a lower holdout MASE too (less selection noise). MASE and WAPE
// are reported for every method either way.
//
// Continuous methods are fitted on the series with upward spikes cleaned (outliers.ts), at every
// origin on the history before it only; the seasonal naive and the intermittent methods see the
// raw series, and every score is against the raw actuals. The chosen forecast's σ (so its
// intervals and the safety stock built on it) is then widened to the raw residuals' σ.

import { mase, meanAbsoluteError, naiveScale, naiveSquaredScale, rmsse } from "./accuracy.js";
import { classifyDemand, type DemandProfile } from "./classify.js";
import { croston, sba } from "./croston.js";
import { holt } from "./holt.js";
import { holtWintersAdditive, holtWintersMultiplicative } from "./holt-winters.js";
import { residualSigma, widenedForecast } from "./intervals.js";
import { seasonalNaive } from "./naive.js";
import { cleanSpikes } from "./outliers.js";
import { ses } from "./ses.js";
import { theta } from "./theta.js";
import { tsb } from "./tsb.js";
import {
  DEFAULT_PERIOD,
  type Forecast,
  type Forecaster,
  type ForecastOptions,
  type MethodName,
} from "./types.js";

export const FORECASTERS: Record<MethodName, Forecaster> = {
  "seasonal-naive": seasonalNaive,
  ses,
  holt,
  "holt-winters-additive": holtWintersAdditive,
  "holt-winters-multiplicative": holtWintersMultiplicative,
  theta,
  croston,
  sba,
  tsb,
};

/** Candidates in order of preference on ties (simpler first). */
export const CONTINUOUS_CANDIDATES: readonly MethodName[] = [
  "seasonal-naive",
  "ses",
  "theta",
  "holt",
  "holt-winters-additive",
  "holt-winters-multiplicative",
];
export const INTERMITTENT_CANDIDATES: readonly MethodName[] = ["seasonal-naive", "sba", "croston", "tsb"];

const RAW_METHODS: ReadonlySet<MethodName> = new Set(["seasonal-naive", "croston", "sba", "tsb"]);

/** What a method is fitted on: the raw history, or the history with its spikes cleaned. */
function inputFor(method: MethodName, raw: readonly number[], cleaned: () => readonly number[]) {
  return RAW_METHODS.has(method) ? raw : cleaned();
}

function lazyCleaned(y: readonly number[], period: number) {
  let cache: { cleaned: number[]; replaced: number[] } | null = null;
  return () => {
    cache ??= cleanSpikes(y, period);
    return cache;
  };
}

export interface SelectionOptions extends ForecastOptions {
  /** Backtest origins (default 3; 6 for intermittent series), each `step` days apart (default h). */
  origins?: number;
  step?: number;
  /** Least history before the first origin (default 4 seasons). */
  minTrain?: number;
  /** Override the candidates (default: by demand class). */
  candidates?: readonly MethodName[];
  /** What the backtest minimises (default: MASE, RMSSE for intermittent series; see above). */
  criterion?: Criterion;
}

export type Criterion = "mase" | "rmsse";

export interface MethodScore {
  method: MethodName;
  /** Mean over origins of the MASE (scale: seasonal naive MAE of the history before the origin). */
  mase: number;
  /** Pooled over origins: Σ|error| / Σ actual. */
  wape: number;
  rmsse: number;
  /** Mean absolute error, the tie-breaker when MASE is undefined (a scale of 0). */
  mae: number;
}

export interface Backtest {
  h: number;
  /** History length at each origin. */
  origins: number[];
  scores: MethodScore[];
}

export interface Selection {
  method: MethodName;
  /** The chosen method refitted on the whole history. */
  forecast: Forecast;
  profile: DemandProfile;
  backtest: Backtest;
  chosen: MethodScore | null;
  seasonalNaive: MethodScore | null;
  /** 1 − chosen MASE / seasonal naive MASE: 0.25 means a quarter less error than the baseline. */
  skill: number;
  /** Days of the history replaced as spikes before the chosen method was fitted. */
  cleanedDays: number[];
}

/** Origins (history lengths) for the backtest: the last `count` that leave `minTrain` days. */
export function backtestOrigins(
  n: number,
  h: number,
  count: number,
  step: number,
  minTrain: number,
): number[] {
  const origins: number[] = [];
  for (let k = count; k >= 1; k--) {
    const origin = n - h - (k - 1) * step;
    if (origin >= minTrain) origins.push(origin);
  }
  return origins;
}

export function backtest(
  y: readonly number[],
  candidates: readonly MethodName[],
  options: SelectionOptions,
): Backtest {
  const m = options.period ?? DEFAULT_PERIOD;
  const h = options.h;
  const origins = backtestOrigins(
    y.length,
    h,
    options.origins ?? 3,
    options.step ?? h,
    options.minTrain ?? 4 * m,
  );
  const cleanedAt = origins.map((origin) => lazyCleaned(y.slice(0, origin), m));
  const scores = candidates.map((method) => {
    const run = FORECASTERS[method];
    let maseSum = 0;
    let maseCount = 0;
    let rmsseSum = 0;
    let rmsseCount = 0;
    let absErr = 0;
    let volume = 0;
    let points = 0;
    origins.forEach((origin, o) => {
      const train = y.slice(0, origin);
      const actual = y.slice(origin, origin + h);
      const input = inputFor(method, train, () => cleanedAt[o]!().cleaned);
      const f = run(input, { h: actual.length, period: m, level: options.level ?? 0.95 });
      const q = mase(actual, f.point, naiveScale(train, m));
      if (Number.isFinite(q)) {
        maseSum += q;
        maseCount++;
      }
      const r = rmsse(actual, f.point, naiveSquaredScale(train, m));
      if (Number.isFinite(r)) {
        rmsseSum += r;
        rmsseCount++;
      }
      absErr += meanAbsoluteError(actual, f.point) * actual.length;
      volume += actual.reduce((a, b) => a + b, 0);
      points += actual.length;
    });
    return {
      method,
      mase: maseCount ? maseSum / maseCount : Number.NaN,
      wape: volume > 0 ? absErr / volume : Number.NaN,
      rmsse: rmsseCount ? rmsseSum / rmsseCount : Number.NaN,
      mae: points ? absErr / points : Number.NaN,
    };
  });
  return { h, origins, scores };
}

/** Lower criterion wins; without it (scale 0) lower MAE; on a tie the earlier candidate. */
function better(a: MethodScore, b: MethodScore, criterion: Criterion): boolean {
  const av = a[criterion];
  const bv = b[criterion];
  const am = Number.isFinite(av);
  const bm = Number.isFinite(bv);
  if (am && bm) return av < bv;
  if (am !== bm) return am;
  return a.mae < b.mae;
}

export function selectForecast(y: readonly number[], options: SelectionOptions): Selection {
  const profile = classifyDemand(y);
  const candidates =
    options.candidates ?? (profile.intermittent ? INTERMITTENT_CANDIDATES : CONTINUOUS_CANDIDATES);
  // Intermittent series get twice the origins: their errors hinge on a few demand days, so each
  // origin says less, and their methods are a single pass over the history, so origins are cheap.
  const origins = options.origins ?? (profile.intermittent ? 6 : 3);
  const bt = backtest(y, candidates, { ...options, origins });
  let best: MethodScore | null = null;
  const criterion = options.criterion ?? (profile.intermittent ? "rmsse" : "mase");
  if (bt.origins.length > 0) for (const s of bt.scores) if (!best || better(s, best, criterion)) best = s;
  // Too short to backtest: the robust default of each family rather than a guess from 2 weeks.
  const method: MethodName = best?.method ?? (profile.intermittent ? "sba" : "ses");
  const naive = (bt.origins.length > 0 && bt.scores.find((s) => s.method === "seasonal-naive")) || null;
  const cleaned = lazyCleaned(y, options.period ?? DEFAULT_PERIOD);
  const input = inputFor(method, y, () => cleaned().cleaned);
  let forecast = FORECASTERS[method](input, options);
  if (input !== y && cleaned().replaced.length > 0) {
    // σ was measured on the cleaned series; the spikes are real risk for stock and intervals.
    const fitted = forecast.fitted;
    const raw = residualSigma(y.map((v, t) => v - fitted[t]!));
    const clean = residualSigma(input.map((v, t) => v - fitted[t]!));
    if (clean > 0 && raw > clean) forecast = widenedForecast(forecast, raw / clean);
  }
  const skill =
    best && naive && Number.isFinite(best.mase) && naive.mase > 0 ? 1 - best.mase / naive.mase : Number.NaN;
  const cleanedDays = RAW_METHODS.has(method) ? [] : cleaned().replaced;
  return { method, forecast, profile, backtest: bt, chosen: best, seasonalNaive: naive, skill, cleanedDays };
}
