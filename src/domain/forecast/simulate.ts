// A seeded demand simulator with a known generating process, so forecast accuracy can be measured
// against the truth rather than argued: the benchmark, the unit tests and demo data all draw from
// it. Each series is daily unit sales of one SKU at one location; day 0 is a Monday.
//
//   smooth        negative-binomial counts around a level with slow growth, a faint weekday
//                 pattern, mild yearly swing and occasional promotions;
//   seasonal      the same with a strong weekday profile (weekend peak) and a strong yearly season;
//   intermittent  demand on a minority of days (Bernoulli occurrence, p 5–35 %) of small, regular
//                 sizes (1 + Poisson) — the long tail of a catalogue;
//   lumpy         rare demand (p 3–30 %) of highly variable sizes (1 + over-dispersed NB) — the
//                 B2B or bulk-order item.
//
// `expected` is the mean of the generating process on each day (promotions included): the
// forecast an oracle would make. `baseline` is the same without the promotion lift — the oracle
// that, like every method here, does not know the promotion calendar; it is the fair floor.

import { mulberry32, type Random, randomNegBinomial, randomPoisson } from "./stats.js";

export const SERIES_CLASSES = ["smooth", "seasonal", "intermittent", "lumpy"] as const;
export type SeriesClass = (typeof SERIES_CLASSES)[number];

export interface SeriesSpec {
  seriesClass: SeriesClass;
  /** Mean units per day (smooth/seasonal) or per demand occurrence (intermittent/lumpy). */
  level: number;
  /** Relative growth of the level over a year (0.2 = +20 %/year). */
  growthPerYear: number;
  /** Weekday multipliers, Monday first, averaging 1. */
  weekly: number[];
  /** Amplitude of the yearly sinusoid (0.3 = ±30 %) and the day of the year of its peak. */
  yearlyAmplitude: number;
  yearlyPeakDay: number;
  /** Day of the year of day 0. */
  startDayOfYear: number;
  /** Negative-binomial size of the daily counts (smaller = more over-dispersed); or of lumpy sizes. */
  dispersion: number;
  /** Probability of demand on a day (intermittent/lumpy; 1 otherwise). */
  occurrence: number;
  /** Chance that a promotion starts on a given day, its sales multiplier and length in days. */
  promoRate: number;
  promoLift: number;
  promoDays: number;
}

export interface SimulatedSeries {
  id: string;
  seriesClass: SeriesClass;
  values: number[];
  expected: number[];
  /** The mean without promotion lift (what a forecaster blind to promotions can at best know). */
  baseline: number[];
  /** Days on promotion (known to the simulator; no forecasting method here sees them). */
  promotions: number[];
  spec: SeriesSpec;
}

const uniform = (rand: Random, lo: number, hi: number) => lo + (hi - lo) * rand();
const logUniform = (rand: Random, lo: number, hi: number) =>
  Math.exp(uniform(rand, Math.log(lo), Math.log(hi)));

/** A weekday profile: a retail shape (Friday–Saturday peak) scaled by `amplitude`, jittered. */
function weekdayProfile(rand: Random, amplitude: number): number[] {
  const shape = [-0.35, -0.3, -0.2, -0.1, 0.25, 0.6, 0.1];
  const raw = shape.map((s) => Math.max(0.05, 1 + amplitude * (s + uniform(rand, -0.15, 0.15))));
  const c = raw.reduce((a, b) => a + b, 0) / 7;
  return raw.map((r) => r / c);
}

/** Draws the parameters of one series of the class. */
export function drawSpec(seriesClass: SeriesClass, rand: Random): SeriesSpec {
  const common = {
    seriesClass,
    yearlyPeakDay: Math.floor(uniform(rand, 0, 365)),
    startDayOfYear: Math.floor(uniform(rand, 0, 365)),
  };
  switch (seriesClass) {
    case "smooth":
      return {
        ...common,
        level: logUniform(rand, 3, 60),
        growthPerYear: uniform(rand, -0.2, 0.3),
        weekly: weekdayProfile(rand, uniform(rand, 0, 0.1)),
        yearlyAmplitude: uniform(rand, 0, 0.1),
        dispersion: uniform(rand, 5, 30),
        occurrence: 1,
        promoRate: 1 / 90,
        promoLift: uniform(rand, 1.5, 2.5),
        promoDays: Math.floor(uniform(rand, 1, 5)),
      };
    case "seasonal":
      return {
        ...common,
        level: logUniform(rand, 5, 100),
        growthPerYear: uniform(rand, -0.2, 0.4),
        weekly: weekdayProfile(rand, uniform(rand, 0.4, 1)),
        yearlyAmplitude: uniform(rand, 0.15, 0.4),
        dispersion: uniform(rand, 8, 40),
        occurrence: 1,
        promoRate: 1 / 60,
        promoLift: uniform(rand, 1.5, 3),
        promoDays: Math.floor(uniform(rand, 2, 6)),
      };
    case "intermittent":
      return {
        ...common,
        level: 1 + uniform(rand, 0, 1.5),
        growthPerYear: uniform(rand, -0.2, 0.2),
        weekly: weekdayProfile(rand, uniform(rand, 0, 0.3)),
        yearlyAmplitude: uniform(rand, 0, 0.15),
        dispersion: 0,
        occurrence: uniform(rand, 0.05, 0.35),
        promoRate: 0,
        promoLift: 1,
        promoDays: 0,
      };
    case "lumpy":
      return {
        ...common,
        level: uniform(rand, 3, 15),
        growthPerYear: uniform(rand, -0.2, 0.2),
        weekly: weekdayProfile(rand, uniform(rand, 0, 0.3)),
        yearlyAmplitude: uniform(rand, 0, 0.15),
        dispersion: uniform(rand, 0.5, 1.2),
        occurrence: uniform(rand, 0.03, 0.3),
        promoRate: 0,
        promoLift: 1,
        promoDays: 0,
      };
  }
}

/** Simulates `days` days of a series from its spec. */
export function simulateSeries(spec: SeriesSpec, days: number, rand: Random, id = "series"): SimulatedSeries {
  const values: number[] = [];
  const expected: number[] = [];
  const baseline: number[] = [];
  const promotions: number[] = [];
  let promoLeft = 0;
  for (let t = 0; t < days; t++) {
    if (promoLeft === 0 && spec.promoRate > 0 && rand() < spec.promoRate) promoLeft = spec.promoDays;
    const onPromo = promoLeft > 0;
    if (onPromo) {
      promotions.push(t);
      promoLeft--;
    }
    const dayOfYear = (spec.startDayOfYear + t) % 365;
    const seasonal =
      spec.weekly[t % 7]! *
      (1 + spec.yearlyAmplitude * Math.cos((2 * Math.PI * (dayOfYear - spec.yearlyPeakDay)) / 365));
    const growth = (1 + spec.growthPerYear) ** (t / 365);
    const lift = onPromo ? spec.promoLift : 1;
    if (spec.seriesClass === "smooth" || spec.seriesClass === "seasonal") {
      const mu = spec.level * growth * seasonal * lift;
      expected.push(mu);
      baseline.push(mu / lift);
      values.push(randomNegBinomial(rand, mu, spec.dispersion));
    } else {
      // Occurrence carries the weekday and yearly pattern (capped at 0.95); sizes do not.
      const p = Math.min(0.95, spec.occurrence * growth * seasonal);
      expected.push(p * spec.level);
      baseline.push(p * spec.level);
      if (rand() >= p) values.push(0);
      else if (spec.seriesClass === "intermittent") values.push(1 + randomPoisson(rand, spec.level - 1));
      else values.push(1 + randomNegBinomial(rand, spec.level - 1, spec.dispersion));
    }
  }
  return { id, seriesClass: spec.seriesClass, values, expected, baseline, promotions, spec };
}

export interface CatalogOptions {
  count: number;
  days: number;
  seed: number;
  /** Share of each class (default equal quarters). */
  mix?: Partial<Record<SeriesClass, number>>;
}

/**
 * `count` series in class proportions; series i depends only on (seed, i), so asking for more
 * series extends the catalogue without changing the first ones.
 */
export function simulateCatalog(options: CatalogOptions): SimulatedSeries[] {
  const mix = SERIES_CLASSES.map((c) => options.mix?.[c] ?? (options.mix ? 0 : 0.25));
  const total = mix.reduce((a, b) => a + b, 0);
  const out: SimulatedSeries[] = [];
  for (let i = 0; i < options.count; i++) {
    const rand = mulberry32((options.seed * 1_000_003 + i * 7919) >>> 0);
    // Deterministic class assignment by stratified position, so proportions hold exactly.
    const u = ((i + 0.5) / options.count) * total;
    let acc = 0;
    let k = 0;
    while (k < mix.length - 1 && u > acc + mix[k]!) acc += mix[k++]!;
    const seriesClass = SERIES_CLASSES[k]!;
    out.push(simulateSeries(drawSpec(seriesClass, rand), options.days, rand, `sim-${seriesClass}-${i}`));
  }
  return out;
}
