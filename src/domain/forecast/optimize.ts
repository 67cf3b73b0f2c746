// A box-bounded Nelder–Mead simplex minimiser for the smoothing parameters (2–4 of them, each in a
// known interval). Written here: the npm candidates (`fmin` 0.0.4, last published 2016) are
// unbounded and unmaintained, and the method is forty lines. Bounds are kept by projecting every
// trial point onto the box: with a handful of parameters that is enough, and it needs no
// gradient of the recursive SSE.

export interface Bounds {
  lower: readonly number[];
  upper: readonly number[];
}

export interface MinimizeOptions {
  /** Stop after this many objective evaluations (the cost of a fit is n × evaluations). */
  maxEvaluations?: number;
  /** Stop when the simplex's objective values differ by less than this (relative). */
  tolerance?: number;
}

export interface Minimum {
  x: number[];
  value: number;
  evaluations: number;
}

const clampInto = (x: number[], b: Bounds) =>
  x.map((v, i) => Math.min(Math.max(v, b.lower[i]!), b.upper[i]!));

/** Minimises f over the box, starting from x0 (projected into it). */
export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  bounds: Bounds,
  options: MinimizeOptions = {},
): Minimum {
  const maxEvaluations = options.maxEvaluations ?? 200 * x0.length;
  const tolerance = options.tolerance ?? 1e-7;
  const n = x0.length;
  let evaluations = 0;
  // Non-finite objective values (a parameter set whose recursion blows up) count as +∞, so the
  // simplex moves away from them instead of stalling on NaN comparisons.
  const evaluate = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };

  // Initial simplex: the start plus one step of 10% of each parameter's range (away from the
  // nearer bound), large enough to leave a flat region, small enough to stay local.
  const start = clampInto([...x0], bounds);
  const points: number[][] = [start];
  for (let i = 0; i < n; i++) {
    const p = [...start];
    const step = 0.1 * (bounds.upper[i]! - bounds.lower[i]!) || 0.05;
    p[i] = p[i]! + step <= bounds.upper[i]! ? p[i]! + step : p[i]! - step;
    points.push(clampInto(p, bounds));
  }
  const values = points.map(evaluate);

  while (evaluations < maxEvaluations) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    const best = order[0]!;
    const worst = order[n]!;
    const secondWorst = order[n - 1]!;
    const spread = Math.abs(values[worst]! - values[best]!);
    if (spread <= tolerance * (Math.abs(values[best]!) + 1e-12)) break;

    const centroid = new Array<number>(n).fill(0);
    for (const i of order.slice(0, n)) for (let d = 0; d < n; d++) centroid[d]! += points[i]![d]! / n;
    const along = (t: number) =>
      clampInto(
        centroid.map((c, d) => c + t * (points[worst]![d]! - c)),
        bounds,
      );

    const reflected = along(-1);
    const fr = evaluate(reflected);
    if (fr < values[best]!) {
      const expanded = along(-2);
      const fe = evaluate(expanded);
      if (fe < fr) {
        points[worst] = expanded;
        values[worst] = fe;
      } else {
        points[worst] = reflected;
        values[worst] = fr;
      }
      continue;
    }
    if (fr < values[secondWorst]!) {
      points[worst] = reflected;
      values[worst] = fr;
      continue;
    }
    const contracted = fr < values[worst]! ? along(-0.5) : along(0.5);
    const fc = evaluate(contracted);
    if (fc < Math.min(fr, values[worst]!)) {
      points[worst] = contracted;
      values[worst] = fc;
      continue;
    }
    // Shrink everything towards the best point.
    for (const i of order.slice(1)) {
      points[i] = clampInto(
        points[i]!.map((v, d) => points[best]![d]! + 0.5 * (v - points[best]![d]!)),
        bounds,
      );
      values[i] = evaluate(points[i]!);
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[bestIndex]!) bestIndex = i;
  return { x: points[bestIndex]!, value: values[bestIndex]!, evaluations };
}

/** One-dimensional bounded minimiser (golden-section search) for single-parameter fits. */
export function goldenSection(
  f: (x: number) => number,
  lower: number,
  upper: number,
  tolerance = 1e-4,
): { x: number; value: number } {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = lower;
  let b = upper;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tolerance) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  return fc < fd ? { x: c, value: fc } : { x: d, value: fd };
}
