// Solomon's I1 insertion heuristic (Solomon 1987): build one route at a time from a seed stop,
// repeatedly adding the stop that saves most against serving it alone. It is the search's start
// and the benchmark's baseline; a few parameter settings are tried because no single one wins on
// every kind of instance.
import { bestInsertion, emptyInsertion, fitsAlone } from "./insertion.js";
import type { Model } from "./model.js";
import { better, Solution } from "./solution.js";

export interface I1Parameters {
  /** Weight of the old arc in the detour: d(i,u) + d(u,j) − μ·d(i,j). */
  readonly mu: number;
  /** Weight of serving u alone from the depot, the benefit of inserting it now. */
  readonly lambda: number;
  /** Mix of detour (1) versus push-forward of the next stop's start (0). */
  readonly alpha: number;
  readonly seed: "farthest" | "earliest-due";
}

export const I1_SETTINGS: readonly I1Parameters[] = [
  { mu: 1, lambda: 1, alpha: 1, seed: "farthest" },
  { mu: 1, lambda: 2, alpha: 1, seed: "farthest" },
  { mu: 1, lambda: 1, alpha: 0.5, seed: "farthest" },
  { mu: 1, lambda: 2, alpha: 0.5, seed: "earliest-due" },
  { mu: 1, lambda: 1, alpha: 1, seed: "earliest-due" },
  { mu: 1, lambda: 2, alpha: 0.1, seed: "earliest-due" },
];

interface Choice {
  stop: number;
  pos: number;
  score: number;
}

/** The I1 choice for route r: the unrouted stop with the highest c2 at its best c1 position. */
function chooseNext(
  sol: Solution,
  r: number,
  unrouted: readonly number[],
  params: I1Parameters,
): Choice | null {
  const { dist, time, service, ready, due, demand, size, vehicles } = sol.model;
  const route = sol.routes[r]!;
  const vehicle = vehicles[route.vehicle]!;
  const { nodes, early, late } = route;
  const len = nodes.length;
  let best: Choice | null = null;
  for (const u of unrouted) {
    if (route.load[len - 1]! + demand[u]! > vehicle.capacity) continue;
    let bestC1 = Number.POSITIVE_INFINITY;
    let bestPos = -1;
    for (let p = 0; p < len - 1; p++) {
      if (early[p]! > due[u]!) break;
      const a = nodes[p]!;
      const b = nodes[p + 1]!;
      const start = Math.max(ready[u]!, early[p]! + service[a]! + time[a * size + u]!);
      if (start > due[u]!) continue;
      const arriveB = start + service[u]! + time[u * size + b]!;
      if (arriveB > late[p + 1]!) continue;
      const detour = dist[a * size + u]! + dist[u * size + b]! - params.mu * dist[a * size + b]!;
      const pushForward = Math.max(arriveB, ready[b]!) - early[p + 1]!;
      const c1 = params.alpha * detour + (1 - params.alpha) * pushForward;
      if (c1 < bestC1) {
        bestC1 = c1;
        bestPos = p + 1;
      }
    }
    if (bestPos < 0) continue;
    const score = params.lambda * dist[vehicle.start * size + u]! - bestC1;
    if (best === null || score > best.score) best = { stop: u, pos: bestPos, score };
  }
  return best;
}

function seedStop(sol: Solution, r: number, unrouted: readonly number[], params: I1Parameters): number {
  const { dist, due, size } = sol.model;
  const start = sol.model.vehicles[sol.routes[r]!.vehicle]!.start;
  let best = -1;
  for (const u of unrouted) {
    if (!fitsAlone(sol, r, u)) continue;
    if (best < 0) best = u;
    else if (
      params.seed === "farthest" ? dist[start * size + u]! > dist[start * size + best]! : due[u]! < due[best]!
    )
      best = u;
  }
  return best;
}

export function solomonI1(model: Model, params: I1Parameters): Solution {
  const sol = new Solution(model);
  for (let r = 0; r < sol.routes.length && sol.unassigned.length > 0; r++) {
    const seed = seedStop(sol, r, sol.unassigned, params);
    if (seed < 0) continue;
    sol.insert(seed, r, 1);
    for (;;) {
      const next = chooseNext(sol, r, sol.unassigned, params);
      if (next === null) break;
      sol.insert(next.stop, r, next.pos);
    }
  }
  // Stops left over once every vehicle has a route may still fit somewhere cheaply.
  const slot = emptyInsertion();
  for (const c of sol.unassigned.slice())
    if (bestInsertion(sol, c, slot)) sol.insert(c, slot.route, slot.pos);
  return sol;
}

/** The best I1 solution over the standard parameter settings. */
export function construct(model: Model): Solution {
  let best: Solution | null = null;
  for (const params of I1_SETTINGS) {
    const sol = solomonI1(model, params);
    if (best === null || better(sol, best)) best = sol;
  }
  return best!;
}
