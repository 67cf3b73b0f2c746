// The two strategies peers commonly ship, kept here as yardsticks for the bench and the
// explanation. They obey the same constraints (screening, split limit) and are priced with the
// same cost function as the optimiser, but do not look at costs when choosing.

import { effectiveMaxLocations } from "./engine.js";
import { buildPlan } from "./plan.js";
import { candidateDescriber, compileProblem, type Problem } from "./problem.js";
import { holidaySet } from "./promise.js";
import { resolveRules } from "./rules.js";
import { mergeLines, screenLocations } from "./screen.js";
import type { SourcingLocation, SourcingPlan, SourcingRequest, SourcingRules } from "./types.js";

type Strategy = (p: Problem) => Int32Array;

function runBaseline(
  request: SourcingRequest,
  locations: readonly SourcingLocation[],
  overrides: Partial<SourcingRules>,
  strategy: Strategy,
): SourcingPlan {
  const rules = resolveRules(overrides);
  const demand = mergeLines(request.lines);
  const screening = screenLocations(request, locations, demand, rules);
  const describe = candidateDescriber(request, rules, holidaySet(rules.holidays));
  const problem = compileProblem(
    demand,
    screening.eligible.map(describe),
    screening.stock,
    rules,
    effectiveMaxLocations(request, rules),
  );
  return buildPlan(problem, demand, request.lines, strategy(problem));
}

/** Takes as much of every line as possible from each location in turn, up to the split limit. */
function fillInOrder(p: Problem, order: readonly number[]): Int32Array {
  const n = p.lineCount;
  const allocation = new Int32Array(p.locationCount * n);
  const left = Int32Array.from(p.demand);
  let used = 0;
  for (const j of order) {
    if (used >= p.maxLocations) break;
    let took = false;
    for (let i = 0; i < n; i++) {
      const take = Math.min(left[i]!, p.stock[j * n + i]!);
      if (take > 0) {
        allocation[j * n + i] = take;
        left[i]! -= take;
        took = true;
      }
    }
    if (took) used++;
  }
  return allocation;
}

function coversAll(p: Problem, j: number): boolean {
  for (let i = 0; i < p.lineCount; i++) if (p.stock[j * p.lineCount + i]! < p.demand[i]!) return false;
  return true;
}

/** Nearest location that has everything; otherwise split greedily from the nearest outward. */
export function sourceNearestFirst(
  request: SourcingRequest,
  locations: readonly SourcingLocation[],
  rules: Partial<SourcingRules> = {},
): SourcingPlan {
  return runBaseline(request, locations, rules, (p) => {
    const byDistance = p.candidates
      .map((_, j) => j)
      .sort((a, b) => p.candidates[a]!.eligible.distanceKm - p.candidates[b]!.eligible.distanceKm);
    const whole = byDistance.find((j) => coversAll(p, j));
    return fillInOrder(p, whole === undefined || p.maxLocations < 1 ? byDistance : [whole]);
  });
}

/** Ranked location priority: fill from the most preferred location down (ties: nearest first). */
export function sourceByPriority(
  request: SourcingRequest,
  locations: readonly SourcingLocation[],
  rules: Partial<SourcingRules> = {},
): SourcingPlan {
  return runBaseline(request, locations, rules, (p) => {
    const ranked = p.candidates
      .map((_, j) => j)
      .sort(
        (a, b) =>
          p.candidates[a]!.eligible.location.priority - p.candidates[b]!.eligible.location.priority ||
          p.candidates[a]!.eligible.distanceKm - p.candidates[b]!.eligible.distanceKm,
      );
    return fillInOrder(p, ranked);
  });
}
