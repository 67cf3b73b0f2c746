// Choosing which locations to open: a greedy heuristic (the first incumbent and the fallback) and an
// exact branch and bound over sets of locations. Given the open set, `priceOpenSet` assigns units
// exactly, so searching over sets is searching over plans.

import {
  COST_EPSILON,
  copyScore,
  isBetter,
  newScore,
  type Problem,
  priceOpenSet,
  type Score,
} from "./problem.js";

export interface OpenSet {
  /** Location indexes of the problem, ascending. */
  readonly locations: Int32Array;
  readonly score: Score;
}

function emptySet(p: Problem): OpenSet {
  const score = newScore();
  priceOpenSet(p, new Int32Array(0), 0, score);
  return { locations: new Int32Array(0), score };
}

/** Inserts `j` into the ascending `from[0..count)`, writing `count + 1` entries to `to`. */
function insertSorted(from: Int32Array, count: number, j: number, to: Int32Array): void {
  let t = 0;
  while (t < count && from[t]! < j) {
    to[t] = from[t]!;
    t++;
  }
  to[t] = j;
  for (; t < count; t++) to[t + 1] = from[t]!;
}

/** The cheapest plan that uses exactly one location (or no location if none serves anything). */
export function bestSingleLocation(p: Problem): OpenSet {
  let best = emptySet(p);
  if (p.maxLocations < 1) return best;
  const open = new Int32Array(1);
  const trial = newScore();
  for (let j = 0; j < p.locationCount; j++) {
    open[0] = j;
    priceOpenSet(p, open, 1, trial);
    if (isBetter(trial, best.score)) best = { locations: Int32Array.of(j), score: { ...trial } };
  }
  return best;
}

/**
 * Greedy cover: repeatedly open the location that improves the plan most (more units served,
 * then lower total cost), until nothing improves or the split limit is reached.
 */
export function greedyCover(p: Problem): OpenSet {
  let current = emptySet(p);
  const trialSet = new Int32Array(p.maxLocations);
  const trial = newScore();
  while (current.locations.length < p.maxLocations) {
    let bestJ = -1;
    const bestScore = newScore();
    copyScore(current.score, bestScore);
    for (let j = 0; j < p.locationCount; j++) {
      if (current.locations.includes(j)) continue;
      insertSorted(current.locations, current.locations.length, j, trialSet);
      priceOpenSet(p, trialSet, current.locations.length + 1, trial);
      if (isBetter(trial, bestScore)) {
        copyScore(trial, bestScore);
        bestJ = j;
      }
    }
    if (bestJ < 0) break;
    const next = new Int32Array(current.locations.length + 1);
    insertSorted(current.locations, current.locations.length, bestJ, next);
    current = { locations: next, score: bestScore };
  }
  return current;
}

export interface SearchResult {
  readonly best: OpenSet;
  readonly nodesExplored: number;
  readonly provenOptimal: boolean;
}

/**
 * Depth-first branch and bound over sets of locations (each set enumerated once, locations added
 * in order of increasing fixed cost). A subtree — the current set plus any of the later locations —
 * is cut when even its optimistic bound is worse than the incumbent:
 *   unserved ≥ demand not coverable by the set plus all later locations (or none if no slot is left);
 *   cost ≥ fixed costs of the set + reachable units × their cheapest unit cost anywhere in reach
 *         + the cheapest later fixed cost when the set alone cannot serve what is reachable.
 * Stops at `deadlineMs` (performance.now() clock) and then reports the incumbent, unproven.
 */
export function branchAndBound(p: Problem, incumbent: OpenSet, deadlineMs: number): SearchResult {
  const n = p.lineCount;
  const m = p.locationCount;
  const maxDepth = p.maxLocations;
  const demand = p.demand;
  const stock = p.stock;
  const unitCost = p.unitCost;
  const fixedCost = p.fixedCost;

  const order = Int32Array.from({ length: m }, (_, j) => j).sort(
    (a, b) => fixedCost[a]! - fixedCost[b]! || a - b,
  );
  // Suffix aggregates over branching positions pos..m-1 (row m is the empty suffix).
  const suffixStock = new Int32Array((m + 1) * n);
  const suffixMinUnit = new Float64Array((m + 1) * n).fill(Number.POSITIVE_INFINITY);
  const suffixMinFixed = new Float64Array(m + 1).fill(Number.POSITIVE_INFINITY);
  for (let pos = m - 1; pos >= 0; pos--) {
    const j = order[pos]!;
    suffixMinFixed[pos] = Math.min(suffixMinFixed[pos + 1]!, fixedCost[j]!);
    for (let i = 0; i < n; i++) {
      const s = stock[j * n + i]!;
      suffixStock[pos * n + i] = suffixStock[(pos + 1) * n + i]! + s;
      const u = s > 0 ? unitCost[j * n + i]! : Number.POSITIVE_INFINITY;
      suffixMinUnit[pos * n + i] = Math.min(suffixMinUnit[(pos + 1) * n + i]!, u);
    }
  }

  // Per-depth state of the current set, so that descending allocates nothing.
  const setStock = new Int32Array((maxDepth + 1) * n);
  const setMinUnit = new Float64Array((maxDepth + 1) * n).fill(Number.POSITIVE_INFINITY);
  const chosen = new Int32Array(Math.max(1, maxDepth));
  const sorted = new Int32Array(Math.max(1, maxDepth));
  const best = newScore();
  copyScore(incumbent.score, best);
  let bestLocations = incumbent.locations;
  const trial = newScore();
  let nodes = 0;
  let timedOut = false;

  const explore = (depth: number, nextPos: number, fixedSum: number): void => {
    const row = depth * n;
    const childRow = row + n;
    const slotsLeft = maxDepth - depth - 1;
    for (let pos = nextPos; pos < m; pos++) {
      const j = order[pos]!;
      const childFixed = fixedSum + fixedCost[j]!;
      const suffixRow = (pos + 1) * n;
      let unservedBound = 0;
      let variableBound = 0;
      let needsAnother = false;
      for (let i = 0; i < n; i++) {
        const cell = j * n + i;
        const s = setStock[row + i]! + stock[cell]!;
        setStock[childRow + i] = s;
        const own = stock[cell]! > 0 ? unitCost[cell]! : Number.POSITIVE_INFINITY;
        const minUnit = Math.min(setMinUnit[row + i]!, own);
        setMinUnit[childRow + i] = minUnit;
        const q = demand[i]!;
        const reach = Math.min(q, slotsLeft > 0 ? s + suffixStock[suffixRow + i]! : s);
        unservedBound += q - reach;
        if (reach > 0) {
          if (s < reach) needsAnother = true;
          variableBound += reach * Math.min(minUnit, slotsLeft > 0 ? suffixMinUnit[suffixRow + i]! : minUnit);
        }
      }
      if (unservedBound > best.unserved) continue;
      if (unservedBound === best.unserved) {
        const costBound =
          childFixed - p.splitPenalty + variableBound + (needsAnother ? suffixMinFixed[pos + 1]! : 0);
        if (costBound > best.cost + COST_EPSILON) continue;
      }

      chosen[depth] = j;
      nodes++;
      // chosen[0..depth] is in branching order; pricing needs ascending location indexes.
      for (let t = 0; t <= depth; t++) {
        const v = chosen[t]!;
        let k = t;
        while (k > 0 && sorted[k - 1]! > v) {
          sorted[k] = sorted[k - 1]!;
          k--;
        }
        sorted[k] = v;
      }
      priceOpenSet(p, sorted, depth + 1, trial);
      if (isBetter(trial, best)) {
        copyScore(trial, best);
        bestLocations = sorted.slice(0, depth + 1);
      }
      // Checked on the first node too, so that a budget already spent stops the search at once.
      if ((nodes & 63) === 1 && performance.now() > deadlineMs) {
        timedOut = true;
        return;
      }
      if (slotsLeft > 0 && pos + 1 < m) {
        explore(depth + 1, pos + 1, childFixed);
        if (timedOut) return;
      }
    }
  };

  if (maxDepth > 0 && m > 0) explore(0, 0, 0);
  return {
    best: { locations: bestLocations, score: best },
    nodesExplored: nodes,
    provenOptimal: !timedOut,
  };
}
