// Small numeric helpers shared by the forecasting methods, the replenishment maths and the
// simulator. Written here rather than taken from npm: each is a few lines, and the one subtle
// one (the normal inverse) is a published algorithm with published test values.

export function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

export function mean(xs: ArrayLike<number>): number {
  return xs.length === 0 ? Number.NaN : sum(xs) / xs.length;
}

/** Sample variance (n − 1 in the denominator); 0 for fewer than two values. */
export function variance(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < n; i++) s += (xs[i]! - m) ** 2;
  return s / (n - 1);
}

/**
 * Quantile by linear interpolation between order statistics (R's type 7, numpy's default), so the
 * figures match what an analyst gets from a spreadsheet or R on the same data.
 */
export function quantile(xs: ArrayLike<number>, p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = Array.from(xs).sort((a, b) => a - b);
  return quantileSorted(sorted, p);
}

export function quantileSorted(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = Math.min(Math.max(p, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Ordinary least-squares slope and intercept of y on t = 0, 1, …, n − 1. */
export function linearTrend(y: ArrayLike<number>): { intercept: number; slope: number } {
  const n = y.length;
  if (n < 2) return { intercept: n === 1 ? y[0]! : 0, slope: 0 };
  const tMean = (n - 1) / 2;
  const yMean = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t - tMean) * (y[t]! - yMean);
    sxx += (t - tMean) ** 2;
  }
  const slope = sxy / sxx;
  return { intercept: yMean - slope * tMean, slope };
}

/** Autocorrelation of y at `lag` (the usual biased estimator, as in R's acf). */
export function autocorrelation(y: ArrayLike<number>, lag: number): number {
  const n = y.length;
  if (lag >= n) return 0;
  const m = mean(y);
  let num = 0;
  let den = 0;
  for (let t = 0; t < n; t++) {
    const d = y[t]! - m;
    den += d * d;
    if (t >= lag) num += d * (y[t - lag]! - m);
  }
  return den === 0 ? 0 : num / den;
}

// Coefficients of AS 241 (lowest degree first), written as the doubles they round to.
const AS241_CENTRAL_NUM = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const AS241_CENTRAL_DEN = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852546,
];
const AS241_NEAR_NUM = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const AS241_NEAR_DEN = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const AS241_TAIL_NUM = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const AS241_TAIL_DEN = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

/** Σ c_k·x^k by Horner's rule, c lowest degree first. */
function polynomial(c: readonly number[], x: number): number {
  let v = 0;
  for (let k = c.length - 1; k >= 0; k--) v = v * x + c[k]!;
  return v;
}

/**
 * Inverse of the standard normal distribution function: Wichura's algorithm AS 241 (PPND16,
 * Applied Statistics 37, 1988), the one R's qnorm uses; relative error about 1e-16. Safety stock
 * turns a service level into z with it, so a rough approximation would show up in every reorder
 * point.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polynomial(AS241_CENTRAL_NUM, r)) / polynomial(AS241_CENTRAL_DEN, r);
  }
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const x =
    r <= 5
      ? polynomial(AS241_NEAR_NUM, r - 1.6) / polynomial(AS241_NEAR_DEN, r - 1.6)
      : polynomial(AS241_TAIL_NUM, r - 5) / polynomial(AS241_TAIL_DEN, r - 5);
  return q < 0 ? -x : x;
}

/** A seeded uniform generator on [0, 1) (mulberry32): tiny, fast, and the same on every machine. */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller; the second value is dropped to keep the stream simple). */
export function randomNormal(rand: Random): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Gamma(shape, 1) draw: Marsaglia & Tsang (2000), with the shape < 1 boost. */
export function randomGamma(rand: Random, shape: number): number {
  if (shape < 1) return randomGamma(rand, shape + 1) * rand() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = randomNormal(rand);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rand();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Poisson draw: Knuth's product method for small means, a rounded normal above 30 where the
 * difference no longer matters for demand counts (and the product method gets slow).
 */
export function randomPoisson(rand: Random, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * randomNormal(rand)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

/**
 * Negative binomial draw with the given mean and size (dispersion) as a gamma–Poisson mixture:
 * variance = mean + mean² / size. Retail unit sales are over-dispersed against Poisson.
 */
export function randomNegBinomial(rand: Random, meanValue: number, size: number): number {
  if (!(meanValue > 0)) return 0;
  return randomPoisson(rand, (randomGamma(rand, size) * meanValue) / size);
}
