// Accuracy measures, as the M-competitions define them, so a figure here means what it means in
// the literature:
//   MASE  = MAE of the forecast / in-sample MAE of the seasonal naive (Hyndman & Koehler 2006);
//           < 1 beats what the baseline did in-sample, and it is comparable across SKUs of any size.
//   WAPE  = Σ|error| / Σ|actual| — the share of the volume that was mis-forecast, the figure a
//           planner reads (undefined when nothing sold).
//   RMSSE = the same scaling on squared errors (the M5 measure): it rewards forecasting the mean
//           rather than the median, which matters for intermittent items, where MASE's absolute
//           error prefers a forecast of 0 on every day — useless for replenishment.

export function meanAbsoluteError(actual: readonly number[], forecast: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i]! - forecast[i]!);
  return actual.length ? s / actual.length : Number.NaN;
}

/** In-sample MAE of the seasonal naive of period m (m = 1: the naive); NaN if too short. */
export function naiveScale(insample: readonly number[], m = 7): number {
  const lag = insample.length > m ? m : 1;
  let s = 0;
  let n = 0;
  for (let t = lag; t < insample.length; t++) {
    s += Math.abs(insample[t]! - insample[t - lag]!);
    n++;
  }
  return n ? s / n : Number.NaN;
}

/** In-sample mean squared seasonal-naive difference, the RMSSE denominator. */
export function naiveSquaredScale(insample: readonly number[], m = 7): number {
  const lag = insample.length > m ? m : 1;
  let s = 0;
  let n = 0;
  for (let t = lag; t < insample.length; t++) {
    s += (insample[t]! - insample[t - lag]!) ** 2;
    n++;
  }
  return n ? s / n : Number.NaN;
}

/**
 * MASE with the scale given (so one scale serves every method of a series). A series whose
 * in-sample seasonal naive is perfect (scale 0, e.g. never sold) has no MASE: NaN.
 */
export function mase(actual: readonly number[], forecast: readonly number[], scale: number): number {
  return scale > 0 ? meanAbsoluteError(actual, forecast) / scale : Number.NaN;
}

export function wape(actual: readonly number[], forecast: readonly number[]): number {
  let err = 0;
  let vol = 0;
  for (let i = 0; i < actual.length; i++) {
    err += Math.abs(actual[i]! - forecast[i]!);
    vol += Math.abs(actual[i]!);
  }
  return vol > 0 ? err / vol : Number.NaN;
}

export function rmsse(actual: readonly number[], forecast: readonly number[], squaredScale: number): number {
  if (!(squaredScale > 0) || actual.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += (actual[i]! - forecast[i]!) ** 2;
  return Math.sqrt(s / actual.length / squaredScale);
}

/** Share of actuals inside [lower, upper] — does a 95 % interval hold 95 %? */
export function intervalCoverage(
  actual: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
) {
  let inside = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i]! >= lower[i]! && actual[i]! <= upper[i]!) inside++;
  return actual.length ? inside / actual.length : Number.NaN;
}
