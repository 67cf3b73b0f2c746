// Local search to a local optimum: or-opt (move a run of 1–3 stops, which includes relocate), swap
// and 2-opt* (exchange route tails), each tried only between a stop and its nearest neighbours
// (a granular neighbourhood: good moves join nearby stops, so far ones are not worth the time).
// Every move is priced first and checked for feasibility only when it would save distance; the
// checks between two routes are O(1) or O(run length) thanks to the routes' early/late arrays.
import { bestInsertion, emptyInsertion, type Insertion, type InsertionScope } from "./insertion.js";
import type { Model } from "./model.js";
import type { Random } from "./random.js";
import type { Route, Solution } from "./solution.js";

const EPS = 1e-9;
const MAX_RUN = 3;

/** Whether a whole node sequence is feasible for a vehicle (used for moves inside one route). */
export function feasibleSequence(model: Model, vehicleIndex: number, nodes: readonly number[]): boolean {
  const { time, service, ready, due, demand, size, vehicles } = model;
  const vehicle = vehicles[vehicleIndex]!;
  let t = vehicle.shiftStart;
  let load = 0;
  for (let i = 1; i < nodes.length; i++) {
    const a = nodes[i - 1]!;
    const b = nodes[i]!;
    t += service[a]! + time[a * size + b]!;
    if (t < ready[b]!) t = ready[b]!;
    if (t > due[b]!) return false;
    load += demand[b]!;
  }
  return t <= vehicle.shiftEnd && load <= vehicle.capacity;
}

class Moves {
  private readonly model: Model;
  private readonly size: number;

  constructor(private readonly sol: Solution) {
    this.model = sol.model;
    this.size = sol.model.size;
  }

  private d(a: number, b: number): number {
    return this.model.dist[a * this.size + b]!;
  }

  /** Whether nodes[from..to] can follow position p of `route` and still reach `next` by `late`. */
  private runFits(
    route: Route,
    p: number,
    run: readonly number[],
    from: number,
    to: number,
    late: number,
    next: number,
  ): boolean {
    const { time, service, ready, due } = this.model;
    const size = this.size;
    let prev = route.nodes[p]!;
    let t = route.early[p]!;
    for (let k = from; k <= to; k++) {
      const c = run[k]!;
      t += service[prev]! + time[prev * size + c]!;
      if (t < ready[c]!) t = ready[c]!;
      if (t > due[c]!) return false;
      prev = c;
    }
    return t + service[prev]! + time[prev * size + next]! <= late;
  }

  /** Moves the run of `count` stops starting at u to between positions p and p+1 of v's route. */
  orOpt(u: number, count: number, rb: number, p: number): boolean {
    const sol = this.sol;
    const ra = sol.routeOf[u]!;
    const A = sol.routes[ra]!;
    const B = sol.routes[rb]!;
    const i = sol.posOf[u]!;
    const end = i + count - 1;
    if (end > A.size) return false;
    const a = A.nodes;
    const b = B.nodes;
    if (ra === rb && p >= i - 1 && p <= end) return false;
    const first = a[i]!;
    const last = a[end]!;
    const removeGain = this.d(a[i - 1]!, first) + this.d(last, a[end + 1]!) - this.d(a[i - 1]!, a[end + 1]!);
    const addCost = this.d(b[p]!, first) + this.d(last, b[p + 1]!) - this.d(b[p]!, b[p + 1]!);
    const vehicles = this.model.vehicles;
    let delta = addCost - removeGain;
    if (ra !== rb && A.size === count) delta -= vehicles[A.vehicle]!.fixedCost;
    if (ra !== rb && B.size === 0) delta += vehicles[B.vehicle]!.fixedCost;
    if (delta >= -EPS) return false;
    if (ra === rb) {
      const nodes = a.slice();
      const run = nodes.splice(i, count);
      nodes.splice(p < i ? p + 1 : p + 1 - count, 0, ...run);
      if (!feasibleSequence(this.model, A.vehicle, nodes)) return false;
      A.nodes = nodes;
      sol.refresh(ra);
      return true;
    }
    const runLoad = A.load[end]! - A.load[i - 1]!;
    if (B.totalLoad + runLoad > vehicles[B.vehicle]!.capacity) return false;
    if (!this.runFits(B, p, a, i, end, B.late[p + 1]!, b[p + 1]!)) return false;
    // Taking stops out can break a later window only when travel times are not metric.
    if (!this.runFits(A, i - 1, a, 0, -1, A.late[end + 1]!, a[end + 1]!)) return false;
    const run = a.splice(i, count);
    b.splice(p + 1, 0, ...run);
    sol.refresh(ra);
    sol.refresh(rb);
    return true;
  }

  /** Exchanges stops u and v of two different routes. */
  swap(u: number, v: number): boolean {
    const sol = this.sol;
    const ra = sol.routeOf[u]!;
    const rb = sol.routeOf[v]!;
    if (ra === rb) return false;
    const A = sol.routes[ra]!;
    const B = sol.routes[rb]!;
    const i = sol.posOf[u]!;
    const j = sol.posOf[v]!;
    const a = A.nodes;
    const b = B.nodes;
    const pa = a[i - 1]!;
    const na = a[i + 1]!;
    const pb = b[j - 1]!;
    const nb = b[j + 1]!;
    const delta =
      this.d(pa, v) +
      this.d(v, na) -
      this.d(pa, u) -
      this.d(u, na) +
      this.d(pb, u) +
      this.d(u, nb) -
      this.d(pb, v) -
      this.d(v, nb);
    if (delta >= -EPS) return false;
    const { demand, vehicles } = this.model;
    if (A.totalLoad - demand[u]! + demand[v]! > vehicles[A.vehicle]!.capacity) return false;
    if (B.totalLoad - demand[v]! + demand[u]! > vehicles[B.vehicle]!.capacity) return false;
    const one = [v];
    const other = [u];
    if (!this.runFits(A, i - 1, one, 0, 0, A.late[i + 1]!, na)) return false;
    if (!this.runFits(B, j - 1, other, 0, 0, B.late[j + 1]!, nb)) return false;
    a[i] = v;
    b[j] = u;
    sol.refresh(ra);
    sol.refresh(rb);
    return true;
  }

  /** 2-opt*: u's route continues with v and the rest of v's route, and the other way round. */
  twoOptStar(u: number, v: number): boolean {
    const sol = this.sol;
    const ra = sol.routeOf[u]!;
    const rb = sol.routeOf[v]!;
    if (ra === rb) return false;
    const A = sol.routes[ra]!;
    const B = sol.routes[rb]!;
    const { vehicles } = this.model;
    const va = vehicles[A.vehicle]!;
    const vb = vehicles[B.vehicle]!;
    // A tail's latest starts hold only for a vehicle ending where and when the old one did;
    // tails between other vehicles are left to ruin-and-recreate.
    if (va.end !== vb.end || va.shiftEnd !== vb.shiftEnd) return false;
    const i = sol.posOf[u]!;
    const j = sol.posOf[v]!;
    const a = A.nodes;
    const b = B.nodes;
    const na = a[i + 1]!;
    const pb = b[j - 1]!;
    let delta = this.d(u, v) + this.d(pb, na) - this.d(u, na) - this.d(pb, v);
    const emptiesB = j === 1 && i === a.length - 2;
    if (emptiesB) delta -= this.d(pb, na) + vb.fixedCost;
    if (delta >= -EPS) return false;
    if (A.load[i]! + B.totalLoad - B.load[j - 1]! > va.capacity) return false;
    if (B.load[j - 1]! + A.totalLoad - A.load[i]! > vb.capacity) return false;
    const { time, service, ready } = this.model;
    const size = this.size;
    const startV = Math.max(ready[v]!, A.early[i]! + service[u]! + time[u * size + v]!);
    if (startV > B.late[j]!) return false;
    const startNa = Math.max(ready[na]!, B.early[j - 1]! + service[pb]! + time[pb * size + na]!);
    if (startNa > A.late[i + 1]!) return false;
    const newA = a.slice(0, i + 1).concat(b.slice(j));
    const newB = b.slice(0, j).concat(a.slice(i + 1));
    A.nodes = newA;
    B.nodes = newB;
    sol.refresh(ra);
    sol.refresh(rb);
    return true;
  }
}

/**
 * Moves stop u to the cheapest position on any other vehicle when that saves distance. The
 * neighbourhood moves only look near u; this full scan is what makes every explanation's
 * "next-best vehicle costs more" true of the final plan.
 */
function relocateAnywhere(sol: Solution, u: number, slot: Insertion, scope: InsertionScope): boolean {
  const r = sol.routeOf[u]!;
  const route = sol.routes[r]!;
  const i = sol.posOf[u]!;
  const { dist, time, service, size, vehicles } = sol.model;
  const prev = route.nodes[i - 1]!;
  const next = route.nodes[i + 1]!;
  const saving =
    dist[prev * size + u]! +
    dist[u * size + next]! -
    dist[prev * size + next]! +
    (route.size === 1 ? vehicles[route.vehicle]!.fixedCost : 0);
  scope.exclude = r;
  if (!bestInsertion(sol, u, slot, scope) || slot.cost >= saving - EPS) return false;
  // Taking the stop out can break a later window only when travel times are not metric.
  if (route.early[i - 1]! + service[prev]! + time[prev * size + next]! > route.late[i + 1]!) return false;
  sol.removeRun(r, i, 1);
  sol.refresh(r);
  sol.insert(u, slot.route, slot.pos);
  return true;
}

/** One improving move around stop u, if any of its neighbours offers one. */
function improveAround(moves: Moves, sol: Solution, u: number, breadth: number): boolean {
  const neighbours = sol.model.neighbours[u]!;
  const k = Math.min(breadth, neighbours.length);
  for (let x = 0; x < k; x++) {
    const v = neighbours[x]!;
    if (sol.routeOf[v]! < 0 || sol.routeOf[u]! < 0) continue;
    for (let count = 1; count <= MAX_RUN; count++) {
      const rb = sol.routeOf[v]!;
      const j = sol.posOf[v]!;
      if (moves.orOpt(u, count, rb, j) || moves.orOpt(u, count, rb, j - 1)) return true;
    }
    if (moves.swap(u, v) || moves.twoOptStar(u, v)) return true;
  }
  return false;
}

/**
 * Applies improving moves until none is left (around each stop's neighbours, then anywhere), then
 * tries to place any unassigned stop.
 * Returns whether the solution changed.
 */
export function improve(sol: Solution, rng: Random, breadth = 30): boolean {
  const moves = new Moves(sol);
  const order = rng.shuffle(Array.from({ length: sol.model.n }, (_, c) => c));
  const slot = emptyInsertion();
  const scope: InsertionScope = { blink: 0, rng: null, exclude: -1 };
  let changed = false;
  let improved = true;
  while (improved) {
    improved = false;
    for (const u of order) {
      if (sol.routeOf[u]! < 0) continue;
      while (improveAround(moves, sol, u, breadth)) improved = true;
    }
    if (!improved)
      for (const u of order)
        if (sol.routeOf[u]! >= 0 && relocateAnywhere(sol, u, slot, scope)) improved = true;
    changed ||= improved;
  }
  for (const c of sol.unassigned.slice())
    if (bestInsertion(sol, c, slot)) {
      sol.insert(c, slot.route, slot.pos);
      changed = true;
    }
  return changed;
}
