// The search's working state: one route per vehicle (possibly empty) with, per position, the
// earliest and latest service start and the cumulative load. These three arrays are what make
// every insertion and exchange check O(1): a stop fits between positions p and p+1 when it can
// start by its due time and still let p+1 start by its latest start (Savelsbergh's forward and
// backward time slack).
import type { Model } from "./model.js";

export class Route {
  /** Start depot, the stops in order, end depot. */
  nodes: number[];
  /** Earliest service start per position (the depot's is the departure). */
  readonly early: number[] = [];
  /** Latest service start per position that keeps the rest of the route feasible. */
  readonly late: number[] = [];
  /** Load delivered up to and including each position. */
  readonly load: number[] = [];
  distance = 0;

  constructor(
    readonly vehicle: number,
    start: number,
    end: number,
  ) {
    this.nodes = [start, end];
  }

  get size(): number {
    return this.nodes.length - 2;
  }

  get totalLoad(): number {
    return this.load[this.nodes.length - 1]!;
  }

  /** Recomputes the schedule arrays and positions after the node list changed. */
  update(model: Model, routeIndex: number, routeOf: Int32Array, posOf: Int32Array): void {
    const { nodes, early, late, load } = this;
    const { time, dist, service, ready, due, demand, size } = model;
    const vehicle = model.vehicles[this.vehicle]!;
    const len = nodes.length;
    // Setting an array's length is not free in V8; most updates keep it.
    if (early.length !== len) {
      early.length = len;
      late.length = len;
      load.length = len;
    }
    early[0] = vehicle.shiftStart;
    load[0] = 0;
    let distance = 0;
    let prev = nodes[0]!;
    for (let i = 1; i < len; i++) {
      const node = nodes[i]!;
      const arrival = early[i - 1]! + service[prev]! + time[prev * size + node]!;
      early[i] = Math.max(arrival, ready[node]!);
      load[i] = load[i - 1]! + demand[node]!;
      distance += dist[prev * size + node]!;
      if (i < len - 1) {
        routeOf[node] = routeIndex;
        posOf[node] = i;
      }
      prev = node;
    }
    late[len - 1] = vehicle.shiftEnd;
    for (let i = len - 2; i >= 0; i--) {
      const node = nodes[i]!;
      const latest = late[i + 1]! - time[node * size + nodes[i + 1]!]! - service[node]!;
      late[i] = Math.min(latest, due[node]!);
    }
    // An unused vehicle drives nowhere, even when its start and end depots differ.
    this.distance = len === 2 ? 0 : distance;
  }

  /** Whether the schedule arrays describe a feasible route (the search only keeps such). */
  feasible(model: Model): boolean {
    const cap = model.vehicles[this.vehicle]!.capacity;
    for (let i = 0; i < this.nodes.length; i++) if (this.early[i]! > this.late[i]!) return false;
    return this.totalLoad <= cap;
  }

  copyFrom(other: Route): void {
    copyInto(this.nodes, other.nodes);
    copyInto(this.early, other.early);
    copyInto(this.late, other.late);
    copyInto(this.load, other.load);
    this.distance = other.distance;
  }
}

function copyInto(target: number[], source: readonly number[]): void {
  if (target.length !== source.length) target.length = source.length;
  for (let i = 0; i < source.length; i++) target[i] = source[i]!;
}

export class Solution {
  readonly routes: Route[];
  /** Route index of each stop, −1 while unassigned. */
  readonly routeOf: Int32Array;
  readonly posOf: Int32Array;
  /** Stops not on any route (the fleet could not take them, or they are between ruin and recreate). */
  unassigned: number[] = [];

  constructor(readonly model: Model) {
    this.routes = model.vehicles.map((v, i) => new Route(i, v.start, v.end));
    this.routeOf = new Int32Array(model.n).fill(-1);
    this.posOf = new Int32Array(model.n).fill(-1);
    for (let r = 0; r < this.routes.length; r++) this.refresh(r);
    for (let c = 0; c < model.n; c++) this.unassigned.push(c);
  }

  refresh(r: number): void {
    this.routes[r]!.update(this.model, r, this.routeOf, this.posOf);
  }

  get distance(): number {
    let total = 0;
    for (const route of this.routes) total += route.distance;
    return total;
  }

  /** Distance plus the fixed cost of every used vehicle. */
  get cost(): number {
    let total = 0;
    for (const route of this.routes)
      if (route.size > 0) total += route.distance + this.model.vehicles[route.vehicle]!.fixedCost;
    return total;
  }

  get usedVehicles(): number {
    let used = 0;
    for (const route of this.routes) if (route.size > 0) used++;
    return used;
  }

  /** Puts stop c between positions pos−1 and pos of route r. */
  insert(c: number, r: number, pos: number): void {
    this.routes[r]!.nodes.splice(pos, 0, c);
    const i = this.unassigned.indexOf(c);
    if (i >= 0) this.unassigned.splice(i, 1);
    this.refresh(r);
  }

  /** Takes `count` consecutive stops off route r from position pos; refresh(r) must follow. */
  removeRun(r: number, pos: number, count: number): number[] {
    const removed = this.routes[r]!.nodes.splice(pos, count);
    for (const c of removed) {
      this.routeOf[c] = -1;
      this.posOf[c] = -1;
      this.unassigned.push(c);
    }
    return removed;
  }

  copyFrom(other: Solution): void {
    for (let r = 0; r < this.routes.length; r++) this.routes[r]!.copyFrom(other.routes[r]!);
    this.routeOf.set(other.routeOf);
    this.posOf.set(other.posOf);
    this.unassigned = other.unassigned.slice();
  }

  clone(): Solution {
    const copy = new Solution(this.model);
    copy.copyFrom(this);
    return copy;
  }
}

/** Search order: fewer unassigned stops first, then lower cost. */
export function better(a: Solution, b: Solution): boolean {
  if (a.unassigned.length !== b.unassigned.length) return a.unassigned.length < b.unassigned.length;
  return a.cost < b.cost - 1e-9;
}
