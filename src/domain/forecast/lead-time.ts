// Demand over a lead time for intermittent items, by bootstrap (Willemain, Smart & Schwarz 2004).
// For an item that sells on one day in ten, demand over a 7-day lead time is 0 most of the time
// and occasionally one or two orders: nothing like the normal distribution the textbook safety
// stock formula assumes, which would give a reorder point that is too low for lumpy items and too
// high for regular slow movers. Instead we simulate lead-time demand from the item's own history:
//   1. occurrence follows a two-state Markov chain (demand / no demand), its transition
//      probabilities estimated from the history (with one pseudo-count each, so a never-seen
//      transition is rare, not impossible), started from the last observed state;
//   2. each demand day draws a size from the observed non-zero sizes. Willemain also jitters the
//      size (1 + INT(x + z·√x), keeping x when that is not positive), for short histories; on the
//      small sizes of a long tail that biases upwards — a size of 1 becomes 1.4 on average, since
//      the negative draws fall back to 1 — so sizes are resampled as observed;
//   3. the lead time itself is drawn from observed lead times when given, else from a normal with
//      the given mean and deviation (at least one day), else fixed.
// The quantiles of the summed demand are the reorder point at each service level. Seeded, so
// the same history gives the same reorder point on every run.

import { demandOccurrences } from "./croston.js";
import { mean, mulberry32, quantileSorted, randomNormal } from "./stats.js";

export interface LeadTimeDemandOptions {
  /** Mean lead time in days (used when no samples are given). */
  leadTimeDays: number;
  /** Standard deviation of the lead time in days (default 0). */
  leadTimeSdDays?: number;
  /** Observed lead times in days, resampled when given. */
  leadTimeSamples?: readonly number[];
  /** Replications (default 2,000: the 99th percentile then rests on 20 draws). */
  replications?: number;
  seed?: number;
}

export interface LeadTimeDemand {
  /** Simulated lead-time demands, ascending. */
  samples: number[];
  mean: number;
  quantile: (p: number) => number;
}

export function bootstrapLeadTimeDemand(
  history: readonly number[],
  options: LeadTimeDemandOptions,
): LeadTimeDemand {
  const rand = mulberry32(options.seed ?? 1);
  const reps = options.replications ?? 2000;
  const { sizes } = demandOccurrences(history);
  // Transition counts with a pseudo-count of one each.
  let zz = 1;
  let zd = 1;
  let dz = 1;
  let dd = 1;
  for (let t = 1; t < history.length; t++) {
    const prev = history[t - 1]! > 0;
    const now = history[t]! > 0;
    if (prev) now ? dd++ : dz++;
    else now ? zd++ : zz++;
  }
  const pAfterDemand = dd / (dd + dz);
  const pAfterZero = zd / (zd + zz);
  const lastState = history.length > 0 && history[history.length - 1]! > 0;

  const drawLeadTime = () => {
    if (options.leadTimeSamples?.length)
      return options.leadTimeSamples[Math.floor(rand() * options.leadTimeSamples.length)]!;
    const sd = options.leadTimeSdDays ?? 0;
    if (sd <= 0) return options.leadTimeDays;
    return Math.max(1, Math.round(options.leadTimeDays + sd * randomNormal(rand)));
  };

  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const lead = drawLeadTime();
    const whole = Math.floor(lead);
    const fraction = lead - whole;
    let state = lastState;
    let total = 0;
    for (let d = 0; d < Math.ceil(lead); d++) {
      state = rand() < (state ? pAfterDemand : pAfterZero);
      if (!state || sizes.length === 0) continue;
      // A fractional last day counts pro rata.
      total += sizes[Math.floor(rand() * sizes.length)]! * (d < whole ? 1 : fraction);
    }
    samples.push(total);
  }
  samples.sort((a, b) => a - b);
  return { samples, mean: mean(samples), quantile: (p) => quantileSorted(samples, p) };
}
