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
 * Keeps the nearest `prefilterNearest` eligible locations, then — so that the prefilter never costs
 * a servable unit — the nearest further holders of each line not yet coverable, and the cheapest
 * location that can serve the whole order alone (a far warehouse often beats near stores).
 */
function prefilter(
  screening: Screening,
  demand: Demand,
  rules: SourcingRules,
  describe: (eligible: EligibleLocation) => Candidate,
): { candidates: Candidate[]; dropped: EligibleLocation[] } {
  const eligible = screening.eligible;
  if (eligible.length <= rules.prefilterNearest) return { candidates: eligible.map(describe), dropped: [] };

  const n = demand.skus.length;
  const stock = screening.stock;
  const byDistance = eligible.map((_, k) => k).sort((a, b) => eligible[a]!.distanceKm - eligible[b]!.distanceKm);
  const kept = new Uint8Array(eligible.length);
  const coverable = new Int32Array(n);
  const keep = (k: number) => {
    kept[k] = 1;
    const row = eligible[k]!.row * n;
    for (let i = 0; i < n; i++) coverable[i]! += stock[row + i]!;
  };
  const nearest = Math.max(0, rules.prefilterNearest);
  for (let r = 0; r < nearest; r++) keep(byDistance[r]!);
  for (let i = 0; i < n; i++) {
    for (let r = nearest; r < byDistance.length && coverable[i]! < demand.quantity[i]!; r++) {
      const k = byDistance[r]!;
      if (!kept[k] && stock[eligible[k]!.row * n + i]! > 0) keep(k);
    }
  }

  const candidates: Candidate[] = [];
  let bestAlone: Candidate | undefined;
  let bestAloneCost = Number.POSITIVE_INFINITY;
  for (let k = 0; k < eligible.length; k++) {
    if (kept[k]) {
      candidates.push(describe(eligible[k]!));
    } else if (eligible[k]!.coverableUnits === demand.totalUnits) {
      const c = describe(eligible[k]!);
      let cost = c.baseShipping + c.handling + c.latePenalty;
      for (let i = 0; i < n; i++) cost += (demand.quantity[i]! * demand.weightGrams[i]! * c.zone.perKgCost) / 1000;
      if (cost < bestAloneCost) {
        bestAloneCost = cost;
        bestAlone = c;
      }
    }
  }
  if (bestAlone) {
    candidates.push(bestAlone);
    kept[eligible.indexOf(bestAlone.eligible)] = 1;
  }
  const dropped = eligible.filter((_, k) => !kept[k]);
  return { candidates, dropped };
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
  const search = branchAndBound(problem, greedy, started + resolved.timeBudgetMs);
  const plan = buildPlan(problem, demand, request.lines, allocationOfOpenSet(problem, search.best.locations));
  const timeMs = performance.now() - started;

  const excluded: ExcludedLocation[] = screening.excluded;
  for (const e of dropped) excluded.push({ locationId: e.location.id, reason: "beyond_prefilter" });
  const candidateSummaries: CandidateSummary[] = problem.candidates.map((c, j) => {
    const fixed = Math.round((c.baseShipping + c.handling + c.latePenalty) * 1e6) / 1e6;
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
