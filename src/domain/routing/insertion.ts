// Where one stop fits best: the cheapest feasible position over all routes, checked in O(1) per
// position with the routes' earliest/latest start arrays. This is the inner loop of both the
// recreate step and the explanations, so it reads the model's flat arrays directly.
import type { Random } from "./random.js";
import type { Solution } from "./solution.js";

export interface Insertion {
  route: number;
  /** Insert before the node now at this position. */
  pos: number;
  /** Added distance (plus the vehicle's fixed cost when the route was empty). */
  cost: number;
}

export function emptyInsertion(): Insertion {
  return { route: -1, pos: -1, cost: Number.POSITIVE_INFINITY };
}

/** How widely bestInsertion looks; one object per caller, mutated rather than reallocated. */
export interface InsertionScope {
  /**
   * Skip a position with this probability (SISR's blinks: a little noise that keeps the greedy
   * recreate from always rebuilding the same routes).
   */
  blink: number;
  rng: Random | null;
  /** A route not to consider (the stop's own, for explanations). */
  exclude: number;
}

const EVERYWHERE: InsertionScope = { blink: 0, rng: null, exclude: -1 };

/** Finds the cheapest feasible insertion of stop c into `out`; false when there is none. */
export function bestInsertion(
  sol: Solution,
  c: number,
  out: Insertion,
  scope: InsertionScope = EVERYWHERE,
): boolean {
  const { blink, rng, exclude } = scope;
  const model = sol.model;
  const { dist, time, service, ready, due, demand, size, vehicles } = model;
  const readyC = ready[c]!;
  const dueC = due[c]!;
  const serviceC = service[c]!;
  const demandC = demand[c]!;
  const rowC = c * size;
  out.route = -1;
  out.pos = -1;
  out.cost = Number.POSITIVE_INFINITY;
  // Empty vehicles of the same kind are interchangeable: try one of each.
  let emptyKinds = 0;
  const routes = sol.routes;
  for (let r = 0; r < routes.length; r++) {
    if (r === exclude) continue;
    const route = routes[r]!;
    const vehicle = vehicles[route.vehicle]!;
    const nodes = route.nodes;
    const len = nodes.length;
    let extra = 0;
    if (len === 2) {
      const bit = vehicle.kind < 30 ? 1 << vehicle.kind : 0;
      if (bit !== 0 && (emptyKinds & bit) !== 0) continue;
      emptyKinds |= bit;
      // The formula below subtracts the depot-to-depot arc an empty route never drives.
      extra = vehicle.fixedCost + dist[nodes[0]! * size + nodes[1]!]!;
    }
    if (route.load[len - 1]! + demandC > vehicle.capacity) continue;
    const early = route.early;
    const late = route.late;
    for (let p = 0; p < len - 1; p++) {
      const a = nodes[p]!;
      // Service starts only get later along a route: past c's due time nothing can fit.
      if (early[p]! > dueC) break;
      const b = nodes[p + 1]!;
      let start = early[p]! + service[a]! + time[a * size + c]!;
      if (start < readyC) start = readyC;
      if (start > dueC) continue;
      if (start + serviceC + time[rowC + b]! > late[p + 1]!) continue;
      const cost = dist[a * size + c]! + dist[rowC + b]! - dist[a * size + b]! + extra;
      if (cost < out.cost) {
        if (blink > 0 && rng !== null && rng.next() < blink) continue;
        out.cost = cost;
        out.route = r;
        out.pos = p + 1;
      }
    }
  }
  return out.route >= 0;
}

/** Whether stop u could be served alone by route r's vehicle: its demand, window and shift allow it. */
export function fitsAlone(sol: Solution, r: number, u: number): boolean {
  const { time, service, ready, due, demand, size, vehicles } = sol.model;
  const vehicle = vehicles[sol.routes[r]!.vehicle]!;
  if (demand[u]! > vehicle.capacity) return false;
  const start = Math.max(ready[u]!, vehicle.shiftStart + time[vehicle.start * size + u]!);
  return start <= due[u]! && start + service[u]! + time[u * size + vehicle.end]! <= vehicle.shiftEnd;
}
