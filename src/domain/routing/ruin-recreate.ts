// Ruin and recreate after SISR, "Slack Induction by String Removals" (Christiaens & Vanden Berghe,
// Transportation Science 2020): remove a few strings of consecutive stops from routes that pass
// near a random stop, then put every stop back greedily in a random order, skipping a few
// positions ("blinks"). Removing strings, not scattered stops, frees a contiguous stretch of time
// on several nearby routes at once, which is what time windows need before stops can move.
import { bestInsertion, emptyInsertion, type InsertionScope } from "./insertion.js";
import type { Model } from "./model.js";
import type { Random } from "./random.js";
import type { Solution } from "./solution.js";

export interface RuinParameters {
  /** Average number of stops removed per ruin (SISR's c̄). */
  readonly averageRemoved: number;
  /** Longest string taken off one route (SISR's L_max). */
  readonly maxString: number;
  /** Probability of a split string (some stops in the middle of the string are kept). */
  readonly splitRate: number;
  /** Probability of ending the kept substring's growth at each step (SISR's β). */
  readonly splitDepth: number;
}

export const DEFAULT_RUIN: RuinParameters = {
  averageRemoved: 10,
  maxString: 10,
  splitRate: 0.5,
  splitDepth: 0.01,
};

/** Removes strings of stops around a random seed stop; the removed stops join sol.unassigned. */
export function ruin(sol: Solution, rng: Random, params: RuinParameters): void {
  const { n, neighbours } = sol.model;
  let used = 0;
  for (const route of sol.routes) if (route.size > 0) used++;
  if (used === 0) return;
  const avgSize = (n - sol.unassigned.length) / used;
  const lsMax = Math.min(params.maxString, avgSize);
  const ksMax = (4 * params.averageRemoved) / (1 + lsMax) - 1;
  const strings = Math.floor(rng.next() * Math.max(ksMax, 1)) + 1;
  // While some stops are left out, ruin around one of them half the time: it makes room where
  // they need it.
  const absent = sol.unassigned;
  const seed = absent.length > 0 && rng.next() < 0.5 ? absent[rng.int(absent.length)]! : rng.int(n);
  const ruined: number[] = [];
  const around = neighbours[seed]!;
  for (let k = -1; k < around.length && ruined.length < strings; k++) {
    const c = k < 0 ? seed : around[k]!;
    const r = sol.routeOf[c]!;
    if (r < 0 || ruined.includes(r)) continue;
    const size = sol.routes[r]!.size;
    const length = Math.floor(rng.next() * Math.min(size, lsMax)) + 1;
    if (length < size && rng.next() < params.splitRate) removeSplitString(sol, r, c, length, rng, params);
    else removeString(sol, r, c, length, rng);
    sol.refresh(r);
    ruined.push(r);
  }
}

/** A start in [1, size − span + 1] such that [start, start + span) holds position pos. */
function stringStart(pos: number, span: number, size: number, rng: Random): number {
  const lo = Math.max(1, pos - span + 1);
  const hi = Math.min(pos, size - span + 1);
  return lo + rng.int(hi - lo + 1);
}

function removeString(sol: Solution, r: number, c: number, length: number, rng: Random): void {
  const start = stringStart(sol.posOf[c]!, length, sol.routes[r]!.size, rng);
  sol.removeRun(r, start, length);
}

function removeSplitString(
  sol: Solution,
  r: number,
  c: number,
  length: number,
  rng: Random,
  params: RuinParameters,
): void {
  const size = sol.routes[r]!.size;
  let kept = 1;
  while (length + kept < size && rng.next() > params.splitDepth) kept++;
  const start = stringStart(sol.posOf[c]!, length + kept, size, rng);
  const before = rng.int(length + 1);
  // Back part first, so the front part's positions still hold.
  if (length - before > 0) sol.removeRun(r, start + before + kept, length - before);
  if (before > 0) sol.removeRun(r, start, before);
}

/** Orders in which SISR reinserts, with their weights (random and demand first most often). */
type Order = "random" | "demand" | "far" | "close" | "tight" | "early";
const ORDERS: readonly [Order, number][] = [
  ["random", 4],
  ["demand", 4],
  ["far", 2],
  ["close", 1],
  ["tight", 1],
  ["early", 1],
];
const ORDER_WEIGHT = ORDERS.reduce((sum, [, w]) => sum + w, 0);

function pickOrder(rng: Random): Order {
  let x = rng.next() * ORDER_WEIGHT;
  for (const [order, w] of ORDERS) {
    x -= w;
    if (x < 0) return order;
  }
  return "random";
}

function sortStops(stops: number[], order: Order, model: Model, rng: Random): void {
  const { dist, demand, ready, due, size } = model;
  const depot = model.vehicles[0]!.start * size;
  rng.shuffle(stops); // ties broken at random
  if (order === "demand") stops.sort((a, b) => demand[b]! - demand[a]!);
  else if (order === "far") stops.sort((a, b) => dist[depot + b]! - dist[depot + a]!);
  else if (order === "close") stops.sort((a, b) => dist[depot + a]! - dist[depot + b]!);
  else if (order === "tight") stops.sort((a, b) => due[a]! - ready[a]! - (due[b]! - ready[b]!));
  else if (order === "early") stops.sort((a, b) => ready[a]! - ready[b]!);
}

// One result object reused for every insertion: the recreate loop is hot and synchronous.
const slot = emptyInsertion();

/**
 * Greedy insertion with blinks of every unassigned stop; those that fit nowhere stay unassigned.
 * The first `leftOut` unassigned stops were out before the ruin: they go back first, to take the
 * room the ruin just made before the stops it removed fill it again.
 */
export function recreate(sol: Solution, rng: Random, blink: number, leftOut = 0): void {
  const order = pickOrder(rng);
  const first = sol.unassigned.slice(0, leftOut);
  const rest = sol.unassigned.slice(leftOut);
  sortStops(first, order, sol.model, rng);
  sortStops(rest, order, sol.model, rng);
  const stops = first.concat(rest);
  const scope: InsertionScope = { blink, rng, exclude: -1 };
  for (const c of stops) if (bestInsertion(sol, c, slot, scope)) sol.insert(c, slot.route, slot.pos);
}
