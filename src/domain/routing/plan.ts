// From the search's working state to the plan the product shows: per stop the ETA (arrival,
// service start, departure) for tracking, and an explanation for the route sheet — what the stop
// costs here, how much later it could be served, and what the next-best vehicle would cost.
import { bestInsertion, emptyInsertion, fitsAlone } from "./insertion.js";
import type { Solution } from "./solution.js";
import type {
  ExplanationReason,
  PlannedRoute,
  PlannedStop,
  RoutePlan,
  SolveStats,
  UnassignedReason,
  UnassignedStop,
} from "./types.js";

const EPS = 1e-9;

function plannedRoute(sol: Solution, r: number): PlannedRoute {
  const model = sol.model;
  const { dist, time, service, ready, due, size, stopIds, vehicles, vehicleIds } = model;
  const route = sol.routes[r]!;
  const vehicle = vehicles[route.vehicle]!;
  const { nodes, early, late } = route;
  const last = nodes.length - 1;
  const total = route.totalLoad;
  // Leave as late as the first service start allows: the same plan, with no wait at the first stop.
  const departure = early[1]! - time[nodes[0]! * size + nodes[1]!]!;
  const slot = emptyInsertion();
  const stops: PlannedStop[] = [];
  let leave = departure;
  for (let i = 1; i < last; i++) {
    const prev = nodes[i - 1]!;
    const c = nodes[i]!;
    const next = nodes[i + 1]!;
    const arrival = leave + time[prev * size + c]!;
    const serviceStart = early[i]!;
    leave = serviceStart + service[c]!;
    const insertionCost = dist[prev * size + c]! + dist[c * size + next]! - dist[prev * size + next]!;
    // Taking the stop off saves its detour, and the vehicle's fixed cost if it was the only one.
    const saving = insertionCost + (route.size === 1 ? vehicle.fixedCost : 0);
    const alternative = bestInsertion(sol, c, slot, { blink: 0, rng: null, exclude: r })
      ? { vehicleId: vehicleIds[sol.routes[slot.route]!.vehicle]!, extraCost: slot.cost - saving }
      : null;
    const slack = late[i]! - early[i]!;
    const wait = serviceStart - arrival;
    const reasons: ExplanationReason[] = [];
    if (alternative === null) reasons.push("only-feasible-vehicle");
    else if (alternative.extraCost >= 0) reasons.push("cheapest-vehicle");
    if (slack <= EPS) reasons.push("window-binding");
    if (wait > EPS) reasons.push("waits-for-window");
    if (total >= vehicle.capacity - EPS) reasons.push("capacity-binding");
    stops.push({
      stopId: stopIds[c]!,
      arrival,
      serviceStart,
      departure: leave,
      loadAfter: total - route.load[i]!,
      explanation: {
        window: { start: ready[c]!, end: due[c]! },
        insertionCost,
        slack,
        wait,
        alternative,
        reasons,
      },
    });
  }
  const returnTime = leave + time[nodes[last - 1]! * size + nodes[last]!]!;
  return {
    vehicleId: vehicleIds[route.vehicle]!,
    departure,
    returnTime,
    distance: route.distance,
    duration: returnTime - departure,
    load: total,
    stops,
  };
}

function unassignedReason(sol: Solution, c: number): UnassignedReason {
  const { demand, vehicles } = sol.model;
  if (vehicles.every((v) => demand[c]! > v.capacity)) return "over-capacity";
  for (let r = 0; r < sol.routes.length; r++) if (fitsAlone(sol, r, c)) return "fleet-exhausted";
  return "window-unreachable";
}

export function buildPlan(sol: Solution, stats: SolveStats): RoutePlan {
  const routes: PlannedRoute[] = [];
  for (let r = 0; r < sol.routes.length; r++) if (sol.routes[r]!.size > 0) routes.push(plannedRoute(sol, r));
  const unassigned: UnassignedStop[] = sol.unassigned
    .slice()
    .sort((a, b) => a - b)
    .map((c) => ({ stopId: sol.model.stopIds[c]!, reason: unassignedReason(sol, c) }));
  return {
    routes,
    unassigned,
    vehicles: routes.length,
    distance: sol.distance,
    cost: sol.cost,
    stats,
  };
}
