// Cleaning of one-off upward spikes (unannounced promotions, a one-time bulk order) from a
// continuous series before the smoothing methods are fitted. Without it, one promotion day moves
// the level by α × the spike and corrupts that weekday's seasonal index for weeks, and the SSE fit
// bends the parameters to chase spikes. In the benchmark's seasonal class (promotions in the
// history) this is worth several points of MASE.
//
// A day is a spike when it exceeds a robust reference — the median of the same weekday over the
// three weeks before and after — by more than 4 robust standard deviations (1.4826 × the median
// absolute deviation of all days from their reference); it is replaced by the reference. Only
// upward spikes: a dip may be a stock-out, i.e. demand we did not see, which needs stock history to
// treat and is not guessed at here. Intermittent series are never cleaned — spikes are their
// nature — and the seasonal-naive baseline always sees the raw series.

import { quantileSorted } from "./stats.js";

const WEEKS_EACH_SIDE = 3;
const THRESHOLD = 4;

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return quantileSorted(values, 0.5);
}

/** Same-weekday rolling median reference of each day (excluding the day itself). */
export function spikeReference(y: readonly number[], period: number): number[] {
  const n = y.length;
  const ref = new Array<number>(n);
  const window: number[] = [];
  for (let t = 0; t < n; t++) {
    window.length = 0;
    for (let k = 1; k <= WEEKS_EACH_SIDE; k++) {
      if (t - k * period >= 0) window.push(y[t - k * period]!);
      if (t + k * period < n) window.push(y[t + k * period]!);
    }
    ref[t] = window.length ? median(window) : y[t]!;
  }
  return ref;
}

/** The series with upward spikes replaced by their reference, and the indices replaced. */
export function cleanSpikes(y: readonly number[], period: number): { cleaned: number[]; replaced: number[] } {
  const n = y.length;
  if (n < 2 * period + 1) return { cleaned: [...y], replaced: [] };
  const ref = spikeReference(y, period);
  const spread = 1.4826 * median(y.map((v, t) => Math.abs(v - ref[t]!)));
  // A zero spread (perfectly regular series) would flag any change at all; one unit is the floor.
  const limit = THRESHOLD * Math.max(spread, 1);
  const cleaned = [...y];
  const replaced: number[] = [];
  for (let t = 0; t < n; t++)
    if (y[t]! - ref[t]! > limit) {
      cleaned[t] = ref[t]!;
      replaced.push(t);
    }
  return { cleaned, replaced };
}
