// Network reconciliation: per SKU × location forecasts and one network-wide SKU forecast that
// agree (the locations sum to the network on every day).
//
// The default is bottom-up: forecast each location, the network is the sum. Chosen because
// replenishment acts per location (each needs its own level, weekday pattern and σ), because a
// location's pattern (a store's weekend, a warehouse's weekday B2B) survives it, and because it
// needs no model of how the network splits. Its weak spot is locations whose series are too sparse
// to forecast well; for networks made mostly of those, proportional top-down is offered: forecast
// the (smoother) network series and split it by each location's share of the last 8 weeks'
// sales — Gross & Sohl's "proportions of historical averages" over a recent window, recent so a
// store that opened or closed shifts its share quickly.
//
// Intervals. Bottom-up: the network's σ is not √(Σσᵢ²) — locations move together (promotions,
// weather, a channel campaign) — so that sum is multiplied by the ratio, measured in-sample,
// between the RMS of the summed one-step residuals and √(Σ RMSᵢ²); the bounds are normal
// (a sum over locations is closer to normal than any one of them). Top-down: a location gets its
// share of the network's bounds, which assumes it moves in lock-step with the network and so
// under-states the spread of small locations — use bottom-up for location safety stock.

import { unprocessable } from "../errors.js";
import { nonNegative } from "./intervals.js";
import { type Selection, type SelectionOptions, selectForecast } from "./select.js";
import { normalQuantile } from "./stats.js";
import { DEFAULT_LEVEL, type Forecast } from "./types.js";

export type ReconciliationMethod = "bottom-up" | "top-down";

export interface LocationSeries {
  location: string;
  /** Daily demand, oldest first; every location's history ends on the same day, same length. */
  history: readonly number[];
}

export interface ReconciledSeries {
  point: number[];
  lower: number[];
  upper: number[];
  sigma: number[];
}

export interface LocationForecast extends ReconciledSeries {
  location: string;
  /** Share of the network's forecast. */
  share: number;
  /** The location's own model selection (bottom-up only). */
  selection: Selection | null;
}

export interface NetworkForecast {
  method: ReconciliationMethod;
  level: number;
  network: ReconciledSeries & { selection: Selection | null };
  locations: LocationForecast[];
}

export interface NetworkOptions extends SelectionOptions {
  reconciliation?: ReconciliationMethod;
  /** Days of recent history behind top-down shares (default 56). */
  shareWindowDays?: number;
}

function checkAligned(series: readonly LocationSeries[]): number {
  if (series.length === 0) throw unprocessable("a network forecast needs at least one location");
  const n = series[0]!.history.length;
  const off = series.filter((s) => s.history.length !== n).map((s) => s.location);
  if (off.length)
    throw unprocessable(`location histories must cover the same days; these differ: ${off.join(", ")}`);
  return n;
}

const sumAt = (arrays: readonly (readonly number[])[], i: number) => arrays.reduce((a, x) => a + x[i]!, 0);

/** Bottom-up from forecasts already made (each with its history, for the correlation ratio). */
export function bottomUp(
  items: readonly {
    location: string;
    forecast: Forecast;
    history: readonly number[];
    selection?: Selection;
  }[],
  level = DEFAULT_LEVEL,
): NetworkForecast {
  const h = Math.min(...items.map((i) => i.forecast.point.length));
  const point = Array.from({ length: h }, (_, s) =>
    sumAt(
      items.map((i) => i.forecast.point),
      s,
    ),
  );
  // Correlation ratio from in-sample one-step residuals on the days every location has a fit.
  const n = Math.min(...items.map((i) => i.history.length));
  let sumSq = 0;
  const ownSq = items.map(() => 0);
  let days = 0;
  for (let t = 0; t < n; t++) {
    const errors = items.map((i) => i.history[t]! - i.forecast.fitted[t]!);
    if (!errors.every(Number.isFinite)) continue;
    days++;
    const total = errors.reduce((a, b) => a + b, 0);
    sumSq += total * total;
    errors.forEach((e, k) => {
      ownSq[k]! += e * e;
    });
  }
  const independent = Math.sqrt(ownSq.reduce((a, b) => a + b, 0));
  const ratio = days > 1 && independent > 0 ? Math.sqrt(sumSq) / independent : 1;
  const sigma = Array.from(
    { length: h },
    (_, s) => ratio * Math.sqrt(items.reduce((a, i) => a + i.forecast.sigma[s]! ** 2, 0)),
  );
  const z = normalQuantile(0.5 + level / 2);
  const total = point.reduce((a, b) => a + b, 0);
  return {
    method: "bottom-up",
    level,
    network: {
      point,
      lower: point.map((p, s) => nonNegative(p - z * sigma[s]!)),
      upper: point.map((p, s) => p + z * sigma[s]!),
      sigma,
      selection: null,
    },
    locations: items.map((i) => ({
      location: i.location,
      point: i.forecast.point.slice(0, h),
      lower: i.forecast.lower.slice(0, h),
      upper: i.forecast.upper.slice(0, h),
      sigma: i.forecast.sigma.slice(0, h),
      share: total > 0 ? i.forecast.point.slice(0, h).reduce((a, b) => a + b, 0) / total : 1 / items.length,
      selection: i.selection ?? null,
    })),
  };
}

/** Each location's share of the last `windowDays` (all history if that sold nothing; else equal). */
export function recentShares(series: readonly LocationSeries[], windowDays = 56): number[] {
  const totals = (from: number) => series.map((s) => s.history.slice(from).reduce((a, b) => a + b, 0));
  let shares = totals(-windowDays);
  if (shares.every((v) => v <= 0)) shares = totals(0);
  const sum = shares.reduce((a, b) => a + b, 0);
  return sum > 0 ? shares.map((v) => v / sum) : series.map(() => 1 / series.length);
}

/** Proportional top-down from a forecast of the network series. */
export function topDown(
  network: Forecast,
  series: readonly LocationSeries[],
  windowDays = 56,
  selection: Selection | null = null,
): NetworkForecast {
  const shares = recentShares(series, windowDays);
  const scale = (xs: readonly number[], k: number) => xs.map((x) => x * k);
  return {
    method: "top-down",
    level: network.level,
    network: {
      point: [...network.point],
      lower: [...network.lower],
      upper: [...network.upper],
      sigma: [...network.sigma],
      selection,
    },
    locations: series.map((s, i) => ({
      location: s.location,
      point: scale(network.point, shares[i]!),
      lower: scale(network.lower, shares[i]!),
      upper: scale(network.upper, shares[i]!),
      sigma: scale(network.sigma, shares[i]!),
      share: shares[i]!,
      selection: null,
    })),
  };
}

/** Selects and reconciles: the whole per-SKU network forecast in one call. */
export function forecastNetwork(series: readonly LocationSeries[], options: NetworkOptions): NetworkForecast {
  const n = checkAligned(series);
  const level = options.level ?? DEFAULT_LEVEL;
  if ((options.reconciliation ?? "bottom-up") === "top-down") {
    const total = Array.from({ length: n }, (_, t) =>
      sumAt(
        series.map((s) => s.history),
        t,
      ),
    );
    const selection = selectForecast(total, options);
    return topDown(selection.forecast, series, options.shareWindowDays ?? 56, selection);
  }
  return bottomUp(
    series.map((s) => {
      const selection = selectForecast(s.history, options);
      return { location: s.location, forecast: selection.forecast, history: s.history, selection };
    }),
    level,
  );
}
