// The problem compiled for speed: every stop and every depot becomes a node with flat typed
// arrays, and distances and times become one node × node matrix each. The search reads these in
// its innermost loops, so no objects or maps are looked up there.
import { DomainError, type FieldError } from "../errors.js";
import type { RoutingLocations, RoutingProblem } from "./types.js";

export interface VehicleModel {
  readonly start: number;
  readonly end: number;
  readonly capacity: number;
  readonly shiftStart: number;
  readonly shiftEnd: number;
  readonly fixedCost: number;
  /** Vehicles with the same class are interchangeable, so only one empty one need be tried. */
  readonly kind: number;
}

export interface Model {
  /** Stops are nodes 0..n-1; depots follow. */
  readonly n: number;
  readonly size: number;
  readonly dist: Float64Array;
  readonly time: Float64Array;
  readonly demand: Float64Array;
  readonly ready: Float64Array;
  readonly due: Float64Array;
  readonly service: Float64Array;
  readonly vehicles: readonly VehicleModel[];
  /** For each stop, the other stops by increasing distance (both directions averaged). */
  readonly neighbours: readonly Int32Array[];
  readonly stopIds: readonly string[];
  readonly vehicleIds: readonly string[];
}

function fail(errors: FieldError[]): never {
  throw new DomainError("validation", `invalid routing problem: ${errors[0]!.path} ${errors[0]!.message}`, {
    errors,
  });
}

function locationCount(locations: RoutingLocations): number {
  return locations.kind === "coordinates" ? locations.points.length : locations.distances.length;
}

function validate(problem: RoutingProblem): void {
  const errors: FieldError[] = [];
  const count = locationCount(problem.locations);
  const where = (i: number) => Number.isInteger(i) && i >= 0 && i < count;
  const finite = (v: number) => Number.isFinite(v);
  if (problem.locations.kind === "matrix") {
    const { distances, durations } = problem.locations;
    for (const [name, m] of [
      ["distances", distances],
      ["durations", durations],
    ] as const) {
      if (!m) continue;
      if (m.length !== count || m.some((row) => row.length !== count || row.some((v) => !(v >= 0))))
        errors.push({
          path: `locations.${name}`,
          message: "must be a square matrix of non-negative numbers",
        });
    }
  }
  const seen = new Set<string>();
  problem.stops.forEach((s, i) => {
    const path = `stops[${i}]`;
    if (seen.has(s.id)) errors.push({ path: `${path}.id`, message: "is not unique" });
    seen.add(s.id);
    if (!where(s.location)) errors.push({ path: `${path}.location`, message: "is not a known location" });
    if (!(s.demand >= 0) || !finite(s.demand))
      errors.push({ path: `${path}.demand`, message: "must be ≥ 0" });
    if (!(s.serviceTime >= 0) || !finite(s.serviceTime))
      errors.push({ path: `${path}.serviceTime`, message: "must be ≥ 0" });
    if (!finite(s.window.start) || !finite(s.window.end) || s.window.start > s.window.end)
      errors.push({ path: `${path}.window`, message: "must have start ≤ end" });
  });
  if (problem.vehicles.length === 0) errors.push({ path: "vehicles", message: "must not be empty" });
  problem.vehicles.forEach((v, i) => {
    const path = `vehicles[${i}]`;
    if (!where(v.startLocation))
      errors.push({ path: `${path}.startLocation`, message: "is not a known location" });
    if (v.endLocation !== undefined && !where(v.endLocation))
      errors.push({ path: `${path}.endLocation`, message: "is not a known location" });
    if (!(v.capacity >= 0)) errors.push({ path: `${path}.capacity`, message: "must be ≥ 0" });
    if (!finite(v.shiftStart) || !finite(v.shiftEnd) || v.shiftStart > v.shiftEnd)
      errors.push({ path: `${path}.shift`, message: "must have shiftStart ≤ shiftEnd" });
  });
  if (errors.length > 0) fail(errors);
}

/** Distance and time between two locations of the caller's problem. */
export function locationMetric(locations: RoutingLocations): {
  dist: (a: number, b: number) => number;
  time: (a: number, b: number) => number;
} {
  if (locations.kind === "matrix") {
    const { distances, durations } = locations;
    const dist = (a: number, b: number) => distances[a]![b]!;
    return { dist, time: durations ? (a, b) => durations[a]![b]! : dist };
  }
  const { points, scale = 1, rounding = "none" } = locations;
  const round = rounding === "floor" ? Math.floor : rounding === "round" ? Math.round : (v: number) => v;
  // sqrt, not Math.hypot: it is correctly rounded, as in LKH-3's C, so floors land alike.
  const dist = (a: number, b: number) => {
    const p = points[a]!;
    const q = points[b]!;
    const dx = p.x - q.x;
    const dy = p.y - q.y;
    return round(Math.sqrt(dx * dx + dy * dy) * scale);
  };
  return { dist, time: dist };
}

export function compileProblem(problem: RoutingProblem): Model {
  validate(problem);
  const n = problem.stops.length;
  // One node per distinct depot location, after the stops.
  const depotNode = new Map<number, number>();
  const nodeLocation = problem.stops.map((s) => s.location);
  const depotOf = (location: number) => {
    let node = depotNode.get(location);
    if (node === undefined) {
      node = nodeLocation.length;
      nodeLocation.push(location);
      depotNode.set(location, node);
    }
    return node;
  };
  const kinds = new Map<string, number>();
  const vehicles = problem.vehicles.map((v): VehicleModel => {
    const start = depotOf(v.startLocation);
    const end = depotOf(v.endLocation ?? v.startLocation);
    const fixedCost = v.fixedCost ?? 0;
    const key = [start, end, v.capacity, v.shiftStart, v.shiftEnd, fixedCost].join("|");
    if (!kinds.has(key)) kinds.set(key, kinds.size);
    return {
      start,
      end,
      capacity: v.capacity,
      shiftStart: v.shiftStart,
      shiftEnd: v.shiftEnd,
      fixedCost,
      kind: kinds.get(key)!,
    };
  });
  const size = nodeLocation.length;
  const metric = locationMetric(problem.locations);
  const dist = new Float64Array(size * size);
  const sameMetric = metric.time === metric.dist;
  const time = sameMetric ? dist : new Float64Array(size * size);
  for (let a = 0; a < size; a++)
    for (let b = 0; b < size; b++) {
      if (a === b) continue;
      dist[a * size + b] = metric.dist(nodeLocation[a]!, nodeLocation[b]!);
      if (!sameMetric) time[a * size + b] = metric.time(nodeLocation[a]!, nodeLocation[b]!);
    }
  const demand = new Float64Array(size);
  const ready = new Float64Array(size);
  const due = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  const service = new Float64Array(size);
  problem.stops.forEach((s, i) => {
    demand[i] = s.demand;
    ready[i] = s.window.start;
    due[i] = s.window.end;
    service[i] = s.serviceTime;
  });
  const neighbours: Int32Array[] = [];
  const gap = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const others = new Int32Array(n - 1);
    for (let j = 0, k = 0; j < n; j++) {
      gap[j] = dist[i * size + j]! + dist[j * size + i]!;
      if (j !== i) others[k++] = j;
    }
    others.sort((x, y) => gap[x]! - gap[y]! || x - y);
    neighbours.push(others);
  }
  return {
    n,
    size,
    dist,
    time,
    demand,
    ready,
    due,
    service,
    vehicles,
    neighbours,
    stopIds: problem.stops.map((s) => s.id),
    vehicleIds: problem.vehicles.map((v) => v.id),
  };
}
