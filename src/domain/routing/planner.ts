// The route planner's entry point: compile the problem, build a start with Solomon's I1, improve
// it with ruin-and-recreate plus local search within the budget, and explain the result.
import { construct } from "./construction.js";
import { improve } from "./local-search.js";
import { compileProblem } from "./model.js";
import { buildPlan } from "./plan.js";
import { Random } from "./random.js";
import { DEFAULT_SEARCH, type SearchParameters, search } from "./search.js";
import type { RoutePlan, RoutingProblem, SolveOptions } from "./types.js";

export const DEFAULT_TIME_BUDGET_MS = 1000;
export const DEFAULT_SEED = 1;
const RESERVE_MAX_MS = 20;
const RESERVE_SHARE = 0.03;

export function planRoutes(
  problem: RoutingProblem,
  options: SolveOptions = {},
  params: SearchParameters = DEFAULT_SEARCH,
): RoutePlan {
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  const seed = options.seed ?? DEFAULT_SEED;
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  const budget =
    options.timeBudgetMs ??
    (options.maxIterations === undefined ? DEFAULT_TIME_BUDGET_MS : Number.POSITIVE_INFINITY);
  const model = compileProblem(problem);
  const rng = new Random(seed);
  const initial = construct(model);
  const initialDistance = initial.distance;
  const initialVehicles = initial.usedVehicles;
  const initialUnassigned = initial.unassigned.length;
  // A local optimum is a better start for the annealing than I1's plan, and it warms up the
  // local search for the final polish.
  improve(initial, rng);
  // Keep a little of the budget for the final polish and the explanations.
  const reserve = Math.min(RESERVE_MAX_MS, budget * RESERVE_SHARE);
  const { best, iterations } = search(
    model,
    initial,
    rng,
    { startedAt, deadline: startedAt + budget - reserve, maxIterations, now },
    params,
  );
  improve(best, rng);
  return buildPlan(best, {
    seed,
    iterations,
    elapsedMs: now() - startedAt,
    initialDistance,
    initialVehicles,
    initialUnassigned,
  });
}

/** Solomon's I1 alone: the baseline the search is measured against. */
export function planRoutesByConstruction(
  problem: RoutingProblem,
  now: () => number = () => performance.now(),
): RoutePlan {
  const startedAt = now();
  const model = compileProblem(problem);
  const sol = construct(model);
  return buildPlan(sol, {
    seed: 0,
    iterations: 0,
    elapsedMs: now() - startedAt,
    initialDistance: sol.distance,
    initialVehicles: sol.usedVehicles,
    initialUnassigned: sol.unassigned.length,
  });
}
