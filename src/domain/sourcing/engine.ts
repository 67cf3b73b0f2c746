// sourceOrder: screening → geographic prefilter → greedy incumbent → exact branch and bound →
// plan with its explanation. Pure: the clock of the decision comes in the request.

import { allocationOfOpenSet, buildPlan } from "./plan.js";
import { type Candidate, candidateDescriber, compileProblem, isBetter, type Problem } from "./problem.js";
import { formatDay, holidaySet } from "./promise.js";
import { resolveRules } from "./rules.js";
import { type Demand, type EligibleLocation, mergeLines, type Screening, screenLocations } from "./screen.js";
import { bestSingleLocation, branchAndBound, greedyCover, type OpenSet } from "./search.js";
import type {
  AlternativePlan,
  CandidateSummary,
  ExcludedLocation,
  SourcingDecision,
  SourcingLocation,
  SourcingRequest,
  SourcingRules,
} from "./types.js";

/** Maximum number of locations a plan may use for this request (pickup is one store). */
export function effectiveMaxLocations(request: SourcingRequest, rules: SourcingRules): number {
  return request.fulfillmentType === "pickup" ? 1 : rules.maxLocations;
}

/**
 * Prefilter, so that networks of thousands of locations stay fast. Keeps `prefilterSize` eligible
 * locations ranked by the cost per unit they can serve on their own (which folds distance via the
 * zone, handling, lateness and coverage into one number), half as many again ranked by the fixed
 * cost of opening them (two cheap, complementary locations often beat the best all-rounders),
 * then — so that the prefilter never costs a servable unit — the next holders of each line not yet
 * coverable, and the cheapest location that can serve the whole order alone.
 * Ranking by plain distance was tried first; in the bench (1,000 locations, 300 orders) 94% of
 * plans then matched the optimum over the whole network (+1.0% cost), against 98% (+0.3%) now.
 */
function prefilter(
  screening: Screening,
  demand: Demand,
  rules: SourcingRules,
  describe: (eligible: EligibleLocation) => Candidate,
): { candidates: Candidate[]; dropped: EligibleLocation[] } {
  const eligible = screening.eligible;
  const all = eligible.map(describe);
  const limit = Math.max(0, rules.prefilterSize);
  if (eligible.length <= limit) return { candidates: all, dropped: [] };

  const n = demand.skus.length;
  const stock = screening.stock;
  const costPerUnit = new Float64Array(all.length);
  let bestAlone = -1;
  for (let k = 0; k < all.length; k++) {
    const c = all[k]!;
    const row = c.eligible.row * n;
    let cost = fixedOf(c);
    for (let i = 0; i < n; i++) cost += (stock[row + i]! * demand.weightGrams[i]! * c.zone.perKgCost) / 1000;
    costPerUnit[k] = cost / c.eligible.coverableUnits;
    if (
      c.eligible.coverableUnits === demand.totalUnits &&
      (bestAlone < 0 || costPerUnit[k]! < costPerUnit[bestAlone]!)
    ) {
      bestAlone = k;
    }
  }
  const ranked = all
    .map((_, k) => k)
    .sort(
      (a, b) =>
        costPerUnit[a]! - costPerUnit[b]! || all[a]!.eligible.distanceKm - all[b]!.eligible.distanceKm,
    );
  const byFixed = all
    .map((_, k) => k)
    .sort(
      (a, b) =>
        fixedOf(all[a]!) - fixedOf(all[b]!) ||
        all[b]!.eligible.coverableUnits - all[a]!.eligible.coverableUnits,
    );
  const kept = new Uint8Array(all.length);
  const coverable = new Int32Array(n);
  const keep = (k: number) => {
    kept[k] = 1;
    const row = all[k]!.eligible.row * n;
    for (let i = 0; i < n; i++) coverable[i]! += stock[row + i]!;
  };
  for (let r = 0; r < limit; r++) keep(ranked[r]!);
  for (let r = 0; r < Math.ceil(limit / 2); r++) if (!kept[byFixed[r]!]) keep(byFixed[r]!);
  for (let i = 0; i < n; i++) {
    for (let r = limit; r < ranked.length && coverable[i]! < demand.quantity[i]!; r++) {
      const k = ranked[r]!;
      if (!kept[k] && stock[all[k]!.eligible.row * n + i]! > 0) keep(k);
    }
  }
  if (bestAlone >= 0 && !kept[bestAlone]) keep(bestAlone);
  const candidates: Candidate[] = [];
  const dropped: EligibleLocation[] = [];
  for (let k = 0; k < all.length; k++) {
    if (kept[k]) candidates.push(all[k]!);
    else dropped.push(all[k]!.eligible);
  }
  return { candidates, dropped };
}

function fixedOf(c: Candidate): number {
  return c.baseShipping + c.handling + c.latePenalty;
}

function alternative(
  name: AlternativePlan["name"],
  problem: Problem,
  demand: Demand,
  request: SourcingRequest,
  set: OpenSet,
): AlternativePlan {
  const plan = buildPlan(problem, demand, request.lines, allocationOfOpenSet(problem, set.locations));
  return {
    name,
    locationIds: plan.packages.map((pkg) => pkg.locationId),
    cost: plan.cost,
    packageCount: plan.packageCount,
    unfulfilledUnits: plan.unfulfilledUnits,
  };
}

/**
 * Decides which locations fulfil which lines of an order at the lowest total cost, serving as many
 * units as the constraints allow. Returns the plan with an explanation of the decision.
 */
export function sourceOrder(
  request: SourcingRequest,
  locations: readonly SourcingLocation[],
  rules: Partial<SourcingRules> = {},
): SourcingDecision {
  const started = performance.now();
  const resolved = resolveRules(rules);
  const demand = mergeLines(request.lines);
  const screening = screenLocations(request, locations, demand, resolved);
  const describe = candidateDescriber(request, resolved, holidaySet(resolved.holidays));
  const { candidates, dropped } = prefilter(screening, demand, resolved, describe);
  const problem = compileProblem(
    demand,
    candidates,
    screening.stock,
    resolved,
    effectiveMaxLocations(request, resolved),
  );

  const single = bestSingleLocation(problem);
  const cover = greedyCover(problem);
  const greedy = isBetter(cover.score, single.score) ? cover : single;
  const search = branchAndBound(problem, greedy, performance.now() + resolved.timeBudgetMs);
  const plan = buildPlan(problem, demand, request.lines, allocationOfOpenSet(problem, search.best.locations));
  const timeMs = performance.now() - started;

  const excluded: ExcludedLocation[] = screening.excluded;
  for (const e of dropped) excluded.push({ locationId: e.location.id, reason: "beyond_prefilter" });
  const candidateSummaries: CandidateSummary[] = problem.candidates.map((c, j) => {
    const fixed = Math.round(fixedOf(c) * 1e6) / 1e6;
    let coverableUnits = 0;
    for (let i = 0; i < problem.lineCount; i++) coverableUnits += problem.stock[j * problem.lineCount + i]!;
    return {
      locationId: c.eligible.location.id,
      type: c.eligible.location.type,
      distanceKm: Math.round(c.eligible.distanceKm * 10) / 10,
      zone: c.zone.name,
      coverableUnits,
      packageFixedCost: fixed,
      deliveryDate: formatDay(c.deliveryDay),
    };
  });

  return {
    ...plan,
    explanation: {
      candidates: candidateSummaries,
      excluded,
      alternatives: [
        alternative("greedy", problem, demand, request, greedy),
        alternative("best_single_location", problem, demand, request, single),
      ],
      solver: {
        nodesExplored: search.nodesExplored,
        timeMs,
        provenOptimal: search.provenOptimal,
        candidatesConsidered: problem.locationCount,
        droppedByPrefilter: dropped.length,
      },
    },
  };
}
