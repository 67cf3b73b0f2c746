// The metaheuristic: ruin and recreate under simulated-annealing acceptance (as in SISR), with the
// temperature cooling geometrically over the budget. Fewer unassigned stops always win; among
// equals, a worse plan is accepted when its extra cost is below −T·ln(U), which lets the search
// leave a local optimum early on and settles it at the end.
import type { Model } from "./model.js";
import type { Random } from "./random.js";
import { DEFAULT_RUIN, type RuinParameters, recreate, ruin } from "./ruin-recreate.js";
import { better, type Solution } from "./solution.js";

export interface SearchParameters {
  readonly ruin: RuinParameters;
  readonly blink: number;
  /** Start and end temperatures, as multiples of the initial plan's average arc length. */
  readonly startTemperature: number;
  readonly endTemperature: number;
}

export const DEFAULT_SEARCH: SearchParameters = {
  ruin: DEFAULT_RUIN,
  blink: 0.01,
  startTemperature: 1,
  endTemperature: 0.1,
};

export interface SearchLimits {
  readonly deadline: number;
  readonly startedAt: number;
  readonly maxIterations: number;
  readonly now: () => number;
}

export interface SearchResult {
  readonly best: Solution;
  readonly iterations: number;
}

function averageArc(sol: Solution): number {
  const arcs = sol.model.n - sol.unassigned.length + sol.usedVehicles;
  return arcs > 0 ? sol.distance / arcs : 1;
}

export function search(
  model: Model,
  initial: Solution,
  rng: Random,
  limits: SearchLimits,
  params: SearchParameters = DEFAULT_SEARCH,
): SearchResult {
  let current = initial.clone();
  let candidate = initial.clone();
  const best = initial.clone();
  if (model.n === 0) return { best, iterations: 0 };
  const arc = averageArc(initial);
  const t0 = params.startTemperature * arc;
  const t1 = params.endTemperature * arc;
  const timeSpan = limits.deadline - limits.startedAt;
  // How often each stop has been left out of the current plan (SISR's absence counters).
  const absences = new Float64Array(model.n);
  let progress = 0;
  let iterations = 0;
  while (iterations < limits.maxIterations) {
    // Reading the clock costs little next to an iteration, and keeps the budget tight.
    const now = limits.now();
    if (now >= limits.deadline) break;
    progress = Math.max(
      Number.isFinite(timeSpan) ? (now - limits.startedAt) / timeSpan : 0,
      Number.isFinite(limits.maxIterations) ? iterations / limits.maxIterations : 0,
    );
    const temperature = t0 * (t1 / t0) ** progress;
    iterations++;
    candidate.copyFrom(current);
    const leftOut = candidate.unassigned.length;
    ruin(candidate, rng, params.ruin);
    recreate(candidate, rng, params.blink, leftOut);
    if (accept(candidate, current, temperature, rng, absences)) {
      const swap = current;
      current = candidate;
      candidate = swap;
      if (better(current, best)) best.copyFrom(current);
    }
    for (const c of current.unassigned) absences[c]!++;
  }
  return { best, iterations };
}

function absenceSum(sol: Solution, absences: Float64Array): number {
  let sum = 0;
  for (const c of sol.unassigned) sum += absences[c]!;
  return sum;
}

/**
 * Fewer unassigned stops always win. With as many left out, SISR's absence rule decides: the plan
 * leaving out stops that were out less often wins, so a stop that has long found no room is
 * swapped for another and the search does not stall on one hard stop.
 */
function accept(
  candidate: Solution,
  current: Solution,
  temperature: number,
  rng: Random,
  absences: Float64Array,
): boolean {
  const missing = candidate.unassigned.length - current.unassigned.length;
  if (missing !== 0) return missing < 0;
  if (current.unassigned.length > 0) {
    const diff = absenceSum(candidate, absences) - absenceSum(current, absences);
    if (diff !== 0) return diff < 0;
  }
  return candidate.cost < current.cost - temperature * Math.log(1 - rng.next());
}
