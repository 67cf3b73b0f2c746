// An independent referee for plans: it re-derives every schedule from the problem alone (not from
// the solver's arrays) and lists what is wrong — a stop served twice or never, an overloaded
// vehicle, a window or shift broken, an ETA or a distance that does not add up. Tests run every
// plan through it, so a solver bug cannot hide behind its own bookkeeping.
import { locationMetric } from "./model.js";
import type { RoutePlan, RoutingProblem } from "./types.js";

export type ViolationKind =
  | "unknown-stop"
  | "duplicate-stop"
  | "missing-stop"
  | "unknown-vehicle"
  | "vehicle-reused"
  | "capacity"
  | "time-window"
  | "shift"
  | "eta-mismatch"
  | "distance-mismatch";

export interface Violation {
  readonly kind: ViolationKind;
  readonly vehicleId?: string;
  readonly stopId?: string;
  readonly detail: string;
}

export interface RouteSequence {
  readonly vehicleId: string;
  readonly stopIds: readonly string[];
}

export interface RouteCheck {
  readonly violations: Violation[];
  /** Total distance of the sequences as given. */
  readonly distance: number;
}

const TOLERANCE = 1e-6;

/**
 * Checks bare stop sequences (earliest-start schedule, waiting allowed): every stop served once
 * unless listed as unassigned, capacities, windows and shifts.
 */
export function checkRoutes(
  problem: RoutingProblem,
  routes: readonly RouteSequence[],
  unassigned: readonly string[] = [],
): RouteCheck {
  const violations: Violation[] = [];
  const metric = locationMetric(problem.locations);
  const stops = new Map(problem.stops.map((s) => [s.id, s]));
  const vehicles = new Map(problem.vehicles.map((v) => [v.id, v]));
  const served = new Set<string>();
  const usedVehicles = new Set<string>();
  let distance = 0;
  const serve = (stopId: string, vehicleId?: string) => {
    if (!stops.has(stopId))
      violations.push({ kind: "unknown-stop", stopId, vehicleId, detail: "not in the problem" });
    else if (served.has(stopId))
      violations.push({
        kind: "duplicate-stop",
        stopId,
        vehicleId,
        detail: "served or listed more than once",
      });
    served.add(stopId);
  };
  for (const route of routes) {
    const vehicle = vehicles.get(route.vehicleId);
    const vehicleId = route.vehicleId;
    if (!vehicle) {
      violations.push({ kind: "unknown-vehicle", vehicleId, detail: "not in the problem" });
      continue;
    }
    if (usedVehicles.has(vehicleId))
      violations.push({ kind: "vehicle-reused", vehicleId, detail: "has more than one route" });
    usedVehicles.add(vehicleId);
    let at = vehicle.startLocation;
    let t = vehicle.shiftStart;
    let load = 0;
    for (const stopId of route.stopIds) {
      serve(stopId, vehicleId);
      const stop = stops.get(stopId);
      if (!stop) continue;
      distance += metric.dist(at, stop.location);
      t = Math.max(t + metric.time(at, stop.location), stop.window.start);
      if (t > stop.window.end + TOLERANCE)
        violations.push({
          kind: "time-window",
          vehicleId,
          stopId,
          detail: `service cannot start before ${t}, after the window closes at ${stop.window.end}`,
        });
      t += stop.serviceTime;
      load += stop.demand;
      at = stop.location;
    }
    const end = vehicle.endLocation ?? vehicle.startLocation;
    if (route.stopIds.length > 0) {
      distance += metric.dist(at, end);
      t += metric.time(at, end);
      if (t > vehicle.shiftEnd + TOLERANCE)
        violations.push({
          kind: "shift",
          vehicleId,
          detail: `back at ${t}, after the shift ends at ${vehicle.shiftEnd}`,
        });
    }
    if (load > vehicle.capacity + TOLERANCE)
      violations.push({
        kind: "capacity",
        vehicleId,
        detail: `load ${load} exceeds capacity ${vehicle.capacity}`,
      });
  }
  for (const stopId of unassigned) serve(stopId);
  for (const stop of problem.stops)
    if (!served.has(stop.id))
      violations.push({
        kind: "missing-stop",
        stopId: stop.id,
        detail: "neither routed nor reported unassigned",
      });
  return { violations, distance };
}

/** Checks a plan: its sequences as above, plus its ETAs and distances against the problem. */
export function checkPlan(problem: RoutingProblem, plan: RoutePlan): Violation[] {
  const { violations, distance } = checkRoutes(
    problem,
    plan.routes.map((r) => ({ vehicleId: r.vehicleId, stopIds: r.stops.map((s) => s.stopId) })),
    plan.unassigned.map((u) => u.stopId),
  );
  const metric = locationMetric(problem.locations);
  const stops = new Map(problem.stops.map((s) => [s.id, s]));
  const vehicles = new Map(problem.vehicles.map((v) => [v.id, v]));
  const off = (a: number, b: number) => Math.abs(a - b) > TOLERANCE;
  for (const route of plan.routes) {
    const vehicle = vehicles.get(route.vehicleId);
    if (!vehicle) continue;
    const vehicleId = route.vehicleId;
    if (route.departure < vehicle.shiftStart - TOLERANCE)
      violations.push({
        kind: "shift",
        vehicleId,
        detail: `leaves at ${route.departure}, before the shift starts`,
      });
    let at = vehicle.startLocation;
    let leave = route.departure;
    let routeDistance = 0;
    for (const planned of route.stops) {
      const stop = stops.get(planned.stopId);
      if (!stop) continue;
      const arrival = leave + metric.time(at, stop.location);
      routeDistance += metric.dist(at, stop.location);
      const mismatch =
        off(planned.arrival, arrival) ||
        planned.serviceStart < Math.max(arrival, stop.window.start) - TOLERANCE ||
        planned.serviceStart > stop.window.end + TOLERANCE ||
        off(planned.departure, planned.serviceStart + stop.serviceTime);
      if (mismatch)
        violations.push({
          kind: "eta-mismatch",
          vehicleId,
          stopId: stop.id,
          detail: `ETA ${planned.arrival}/${planned.serviceStart}/${planned.departure} does not follow from the route`,
        });
      leave = planned.departure;
      at = stop.location;
    }
    const end = vehicle.endLocation ?? vehicle.startLocation;
    routeDistance += metric.dist(at, end);
    if (
      off(route.returnTime, leave + metric.time(at, end)) ||
      route.returnTime > vehicle.shiftEnd + TOLERANCE
    )
      violations.push({
        kind: "eta-mismatch",
        vehicleId,
        detail: `return at ${route.returnTime} does not add up`,
      });
    if (off(route.distance, routeDistance))
      violations.push({
        kind: "distance-mismatch",
        vehicleId,
        detail: `${route.distance} reported, ${routeDistance} driven`,
      });
  }
  if (off(plan.distance, distance))
    violations.push({ kind: "distance-mismatch", detail: `${plan.distance} reported, ${distance} driven` });
  return violations;
}
