// The route planner's contract: a vehicle routing problem with time windows (VRPTW) in, a plan
// with an ETA and an explanation for every stop out. Times and distances are plain numbers in
// whatever unit the caller chooses (seconds and metres, or Solomon's scaled units); the solver
// only adds and compares them, so it never needs to know.

export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Where the places are and how far apart: either planar coordinates (travel time equals
 * distance, as in Solomon's benchmark) or explicit matrices (from a road-network service).
 */
export type RoutingLocations =
  | {
      readonly kind: "coordinates";
      readonly points: readonly Point[];
      /** Distances are Euclidean × scale, then rounded: Solomon/LKH-3 use scale 10 and floor. */
      readonly scale?: number;
      readonly rounding?: "floor" | "round" | "none";
    }
  | {
      readonly kind: "matrix";
      readonly distances: readonly (readonly number[])[];
      /** Travel times; the distances when absent. */
      readonly durations?: readonly (readonly number[])[];
    };

/** Service may start anywhere in [start, end]; arriving earlier means waiting. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

export interface RoutingStop {
  readonly id: string;
  /** Index into the problem's locations. */
  readonly location: number;
  readonly demand: number;
  readonly window: TimeWindow;
  readonly serviceTime: number;
}

export interface RoutingVehicle {
  readonly id: string;
  readonly capacity: number;
  /** The vehicle may leave its start depot at shiftStart and must be back by shiftEnd. */
  readonly shiftStart: number;
  readonly shiftEnd: number;
  readonly startLocation: number;
  /** Where the route ends; the start depot when absent. */
  readonly endLocation?: number;
  /** Added to the cost when the vehicle is used at all (0 when absent: distance alone counts). */
  readonly fixedCost?: number;
}

export interface RoutingProblem {
  readonly locations: RoutingLocations;
  readonly stops: readonly RoutingStop[];
  readonly vehicles: readonly RoutingVehicle[];
}

export interface SolveOptions {
  /** Wall-clock budget for the whole solve; 1000 ms when neither limit is given. */
  readonly timeBudgetMs?: number;
  /**
   * Stop after this many ruin-and-recreate iterations. With a seed and no time budget the run is
   * exactly reproducible on any machine; a time budget alone stops wherever the clock says.
   */
  readonly maxIterations?: number;
  readonly seed?: number;
  /** Injected clock (ms), so tests and callers can control time; performance.now by default. */
  readonly now?: () => number;
}

/** Why a stop sits where it does, as data for the route sheet. */
export interface StopExplanation {
  readonly window: TimeWindow;
  /** What serving this stop adds to its route: d(prev, stop) + d(stop, next) − d(prev, next). */
  readonly insertionCost: number;
  /** How much later service could start without breaking this or any later window or the shift. */
  readonly slack: number;
  /** Time spent waiting for the window to open. */
  readonly wait: number;
  /**
   * The cheapest feasible position on another vehicle and how much more it would cost there
   * (null: no other vehicle can take this stop as the routes stand).
   */
  readonly alternative: { readonly vehicleId: string; readonly extraCost: number } | null;
  readonly reasons: readonly ExplanationReason[];
}

export type ExplanationReason =
  /** No other vehicle could serve the stop without breaking a window, the capacity or a shift. */
  | "only-feasible-vehicle"
  /** Other vehicles could, at a higher cost (see alternative.extraCost). */
  | "cheapest-vehicle"
  /** Zero slack: the stop's window (or a later one) pins this part of the route's timing. */
  | "window-binding"
  /** The vehicle arrives before the window opens and waits. */
  | "waits-for-window"
  /** The vehicle is full: capacity, not distance, shapes this route. */
  | "capacity-binding";

export interface PlannedStop {
  readonly stopId: string;
  readonly arrival: number;
  readonly serviceStart: number;
  readonly departure: number;
  /** Load on board after serving this stop, counting deliveries still to come (Solomon's demands). */
  readonly loadAfter: number;
  readonly explanation: StopExplanation;
}

export interface PlannedRoute {
  readonly vehicleId: string;
  /** Leaves the depot as late as possible without delaying the first service start. */
  readonly departure: number;
  readonly returnTime: number;
  readonly distance: number;
  readonly duration: number;
  readonly load: number;
  readonly stops: readonly PlannedStop[];
}

export type UnassignedReason =
  /** Heavier than any vehicle's capacity. */
  | "over-capacity"
  /** No vehicle can reach it inside its window and get back before its shift ends. */
  | "window-unreachable"
  /** It fits a vehicle on its own, but not the fleet as planned. */
  | "fleet-exhausted";

export interface UnassignedStop {
  readonly stopId: string;
  readonly reason: UnassignedReason;
}

export interface RoutePlan {
  /** Used vehicles only, in the order of problem.vehicles. */
  readonly routes: readonly PlannedRoute[];
  readonly unassigned: readonly UnassignedStop[];
  readonly vehicles: number;
  readonly distance: number;
  /** Distance plus the fixed costs of the used vehicles. */
  readonly cost: number;
  readonly stats: SolveStats;
}

export interface SolveStats {
  readonly seed: number;
  readonly iterations: number;
  readonly elapsedMs: number;
  /** The construction heuristic's result, the search's starting point. */
  readonly initialDistance: number;
  readonly initialVehicles: number;
  readonly initialUnassigned: number;
}
