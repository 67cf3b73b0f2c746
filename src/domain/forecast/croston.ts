// Croston's method (1972) for intermittent demand, and its bias-corrected variant SBA (Syntetos &
// Boylan 2005). Smoothing the daily series directly would pull the level to zero after every
// quiet day and up after every order; Croston smooths the two things that are stable instead —
// the size of a non-zero demand z and the interval between demands p — updating both only on
// days with demand, and forecasts the rate z/p per day. Croston's ratio is biased upwards
// (E[z/p] ≠ E[z]/E[p]); SBA multiplies it by (1 − α/2).
//
// α is fixed (default 0.1) rather than fitted: Syntetos & Boylan recommend 0.05–0.2, and fitting
// by in-sample MSE on a series that is mostly zeros picks degenerate values (Kourentzes 2014).
// Initial z and p are the means of the non-zero sizes and of the intervals, as tsintermittent's
// default; the first interval counts from the start of the series.

import { empiricalForecast } from "./intervals.js";
import { mean } from "./stats.js";
import { DEFAULT_LEVEL, type Forecast, type ForecastOptions } from "./types.js";

export interface CrostonOptions extends ForecastOptions {
  alpha?: number;
  /** Fix the initial demand size and interval. */
  size0?: number;
  interval0?: number;
}

export const DEFAULT_INTERMITTENT_ALPHA = 0.1;

/** Non-zero demand sizes and the intervals (in periods) that precede each of them. */
export function demandOccurrences(y: readonly number[]): { sizes: number[]; intervals: number[] } {
  const sizes: number[] = [];
  const intervals: number[] = [];
  let since = 0;
  for (const v of y) {
    since++;
    if (v > 0) {
      sizes.push(v);
      intervals.push(since);
      since = 0;
    }
  }
  return { sizes, intervals };
}

function crostonLike(y: readonly number[], options: CrostonOptions, variant: "croston" | "sba"): Forecast {
  const alpha = options.alpha ?? DEFAULT_INTERMITTENT_ALPHA;
  const level = options.level ?? DEFAULT_LEVEL;
  const factor = variant === "sba" ? 1 - alpha / 2 : 1;
  const { sizes, intervals } = demandOccurrences(y);
  let z = options.size0 ?? (sizes.length ? mean(sizes) : 0);
  let p = options.interval0 ?? (intervals.length ? mean(intervals) : 1);
  const fitted = new Array<number>(y.length);
  let since = 0;
  for (let t = 0; t < y.length; t++) {
    fitted[t] = (factor * z) / p;
    since++;
    const v = y[t]!;
    if (v > 0) {
      z += alpha * (v - z);
      p += alpha * (since - p);
      since = 0;
    }
  }
  const rate = sizes.length ? (factor * z) / p : 0;
  const point = new Array<number>(options.h).fill(rate);
  return empiricalForecast(variant, point, fitted, y, level, { alpha, size: z, interval: p });
}

export const croston = (y: readonly number[], options: CrostonOptions): Forecast =>
  crostonLike(y, options, "croston");

export const sba = (y: readonly number[], options: CrostonOptions): Forecast =>
  crostonLike(y, options, "sba");
