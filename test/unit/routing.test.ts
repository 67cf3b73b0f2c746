import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import {
  checkPlan,
  checkRoutes,
  parseSolomon,
  planRoutes,
  planRoutesByConstruction,
  type RoutePlan,
  type RoutingProblem,
  type RoutingStop,
  type RoutingVehicle,
} from "../../src/domain/routing/index.js";

const DATA = new URL("../data/solomon/", import.meta.url);
const solomon = (file: string) => parseSolomon(readFileSync(new URL(file, DATA), "utf8"));
const BKS = new Map(
  readFileSync(new URL("best-known.csv", DATA), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","))
    .map(([name, , distance]) => [name!, Number(distance)]),
);

const stop = (
  id: string,
  location: number,
  start: number,
  end: number,
  demand = 1,
  serviceTime = 0,
): RoutingStop => ({
  id,
  location,
  demand,
  window: { start, end },
  serviceTime,
});
const vehicle = (id: string, capacity = 10, shiftEnd = 1000): RoutingVehicle => ({
  id,
  capacity,
  shiftStart: 0,
  shiftEnd,
  startLocation: 0,
});
const square: RoutingProblem["locations"] = {
  kind: "coordinates",
  points: [
    { x: 0, y: 0 },
    { x: 0, y: 10 },
    { x: 10, y: 10 },
    { x: 10, y: 0 },
  ],
};
const sequences = (plan: RoutePlan) => plan.routes.map((r) => r.stops.map((s) => s.stopId));

describe("Solomon parser", () => {
  it("reads C101 as LKH-3 scales it", () => {
    const c101 = solomon("C101.100.10.vrptw");
    expect(c101).toMatchObject({ name: "C101", vehicles: 10, capacity: 200, scale: 10 });
    const { problem } = c101;
    expect(problem.locations).toMatchObject({ kind: "coordinates", scale: 10, rounding: "floor" });
    if (problem.locations.kind !== "coordinates") throw new Error("coordinates expected");
    expect(problem.locations.points).toHaveLength(101);
    expect(problem.locations.points[0]).toEqual({ x: 40, y: 50 });
    expect(problem.stops).toHaveLength(100);
    // Customer 1: (45, 68), demand 10, window [912, 967], service 90 — times × SCALE.
    expect(problem.stops[0]).toEqual({
      id: "1",
      location: 1,
      demand: 10,
      window: { start: 9120, end: 9670 },
      serviceTime: 900,
    });
    expect(problem.stops[99]).toMatchObject({ id: "100", location: 100, demand: 20 });
    expect(problem.vehicles).toHaveLength(10);
    expect(problem.vehicles[0]).toEqual({
      id: "vehicle-1",
      capacity: 200,
      shiftStart: 0,
      shiftEnd: 12360,
      startLocation: 0,
    });
  });

  it("refuses what it cannot read", () => {
    expect(() => parseSolomon("NAME : X\nDIMENSION : 2\nNODE_COORD_SECTION\n1 a b\n")).toThrow(
      /not a row of numbers/,
    );
    expect(() => parseSolomon("NAME : X\nDIMENSION : 2\nVEHICLES : 1\nCAPACITY : 5\n")).toThrow(
      /no coordinates/,
    );
  });
});

describe("feasibility checker", () => {
  const problem: RoutingProblem = {
    locations: square,
    stops: [stop("a", 1, 0, 100, 4), stop("b", 2, 0, 15, 4), stop("c", 3, 0, 100, 4)],
    vehicles: [vehicle("v1", 10, 100), vehicle("v2", 10, 30)],
  };
  const kinds = (routes: { vehicleId: string; stopIds: string[] }[], unassigned: string[] = []) =>
    checkRoutes(problem, routes, unassigned).violations.map((v) => v.kind);

  it("accepts a feasible plan and measures it", () => {
    const check = checkRoutes(problem, [
      { vehicleId: "v1", stopIds: ["b", "a"] },
      { vehicleId: "v2", stopIds: ["c"] },
    ]);
    expect(check.violations).toEqual([]);
    expect(check.distance).toBe(20 + 10 + 10 + Math.sqrt(200));
  });

  it("catches capacity, window, shift and coverage violations", () => {
    expect(kinds([{ vehicleId: "v1", stopIds: ["a", "b", "c"] }])).toEqual(["time-window", "capacity"]);
    expect(kinds([{ vehicleId: "v2", stopIds: ["c", "a"] }], ["b"])).toEqual(["shift"]);
    expect(kinds([{ vehicleId: "v1", stopIds: ["a", "a"] }], ["b"])).toEqual([
      "duplicate-stop",
      "missing-stop",
    ]);
    expect(kinds([{ vehicleId: "v9", stopIds: ["x"] }], ["a", "b", "c"])).toEqual(["unknown-vehicle"]);
    expect(kinds([{ vehicleId: "v1", stopIds: ["x"] }], ["a", "b", "c"])).toEqual(["unknown-stop"]);
    expect(
      kinds([
        { vehicleId: "v1", stopIds: ["a"] },
        { vehicleId: "v1", stopIds: ["b", "c"] },
      ]),
    ).toEqual(["vehicle-reused"]);
  });

  it("catches ETAs and distances that do not follow from the routes", () => {
    const plan = planRoutes(problem, { maxIterations: 200 });
    expect(checkPlan(problem, plan)).toEqual([]);
    const route = plan.routes[0]!;
    const late = {
      ...route,
      stops: route.stops.map((s, i) => (i === 0 ? { ...s, arrival: s.arrival + 1 } : s)),
    };
    const tampered = { ...plan, routes: [late, ...plan.routes.slice(1)] };
    expect(checkPlan(problem, tampered).map((v) => v.kind)).toContain("eta-mismatch");
    const short = { ...plan, distance: plan.distance - 1 };
    expect(checkPlan(problem, short).map((v) => v.kind)).toEqual(["distance-mismatch"]);
  });
});

describe("route planner on hand-checkable cases", () => {
  it("follows the windows round the square, with ETAs, slack and waiting", () => {
    // Anticlockwise (a first) is as short but reaches c at 30, after its window closes at 12.
    const problem: RoutingProblem = {
      locations: square,
      stops: [stop("a", 1, 35, 40), stop("b", 2, 15, 25), stop("c", 3, 0, 12)],
      vehicles: [vehicle("v1", 10, 100)],
    };
    const plan = planRoutes(problem, { maxIterations: 100 });
    expect(checkPlan(problem, plan)).toEqual([]);
    expect(sequences(plan)).toEqual([["c", "b", "a"]]);
    expect(plan.distance).toBe(40);
    const [c, b, a] = plan.routes[0]!.stops;
    expect([c!.arrival, c!.serviceStart, c!.departure]).toEqual([10, 10, 10]);
    expect([b!.arrival, b!.serviceStart]).toEqual([20, 20]);
    expect([a!.arrival, a!.serviceStart, a!.explanation.wait]).toEqual([30, 35, 5]);
    expect(a!.explanation.reasons).toContain("waits-for-window");
    expect(plan.routes[0]).toMatchObject({ departure: 0, returnTime: 45, duration: 45, load: 3 });
    // c could start 2 later (its window closes at 12); b at most 5 later (its window closes at 25).
    expect(c!.explanation.slack).toBe(2);
    expect(b!.explanation.slack).toBe(5);
    expect(c!.explanation.insertionCost).toBe(10 + 10 - Math.sqrt(200));
    expect(c!.explanation.alternative).toBeNull();
    expect(c!.explanation.reasons).toContain("only-feasible-vehicle");
  });

  it("splits two clusters between two vehicles when capacity forces it", () => {
    const problem: RoutingProblem = {
      locations: {
        kind: "coordinates",
        points: [
          { x: 0, y: 0 },
          { x: 0, y: 10 },
          { x: 0, y: 11 },
          { x: 0, y: -10 },
          { x: 0, y: -11 },
        ],
      },
      stops: [stop("n1", 1, 0, 100), stop("n2", 2, 0, 100), stop("s1", 3, 0, 100), stop("s2", 4, 0, 100)],
      vehicles: [vehicle("v1", 2), vehicle("v2", 2)],
    };
    const plan = planRoutes(problem, { maxIterations: 200 });
    expect(checkPlan(problem, plan)).toEqual([]);
    expect(plan).toMatchObject({ vehicles: 2, distance: 44, unassigned: [] });
    expect(sequences(plan).map((s) => s.slice().sort().join())).toEqual(
      expect.arrayContaining(["n1,n2", "s1,s2"]),
    );
    for (const s of plan.routes.flatMap((r) => r.stops)) {
      expect(s.explanation.alternative).toBeNull();
      expect(s.explanation.reasons).toEqual(
        expect.arrayContaining(["only-feasible-vehicle", "capacity-binding"]),
      );
    }
  });

  it("says why a stop is left out", () => {
    const problem: RoutingProblem = {
      locations: square,
      stops: [
        stop("heavy", 1, 0, 100, 50),
        stop("late", 2, 0, 5),
        stop("b", 3, 0, 100, 6),
        stop("c", 1, 0, 100, 6),
      ],
      vehicles: [vehicle("v1", 10, 100)],
    };
    const plan = planRoutes(problem, { maxIterations: 100 });
    expect(checkPlan(problem, plan)).toEqual([]);
    expect(plan.vehicles).toBe(1);
    const reasons = Object.fromEntries(plan.unassigned.map((u) => [u.stopId, u.reason]));
    expect(reasons.heavy).toBe("over-capacity");
    // The window closes at 5 but the stop is 14 away: no vehicle can make it.
    expect(reasons.late).toBe("window-unreachable");
    expect(Object.values(reasons).filter((r) => r === "fleet-exhausted")).toHaveLength(1);
  });

  it("plans nothing when there is nothing to deliver", () => {
    const plan = planRoutes(
      { locations: square, stops: [], vehicles: [vehicle("v1")] },
      { maxIterations: 10 },
    );
    expect(plan).toMatchObject({ routes: [], unassigned: [], vehicles: 0, distance: 0, cost: 0 });
  });

  it("refuses an invalid problem with field errors", () => {
    const bad: RoutingProblem = {
      locations: square,
      stops: [stop("a", 7, 10, 5)],
      vehicles: [],
    };
    const error = (() => {
      try {
        planRoutes(bad);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).extra.errors?.map((e) => e.path)).toEqual([
      "stops[0].location",
      "stops[0].window",
      "vehicles",
    ]);
  });

  it("finds the optimum of small random instances, checked by enumeration", () => {
    const random = mulberry32(42);
    for (let round = 0; round < 6; round++) {
      let problem = randomProblem(random, 6, 2);
      let optimum = bruteForce(problem);
      // Only instances where every stop can be served have an optimum to compare with.
      while (!Number.isFinite(optimum)) {
        problem = randomProblem(random, 6, 2);
        optimum = bruteForce(problem);
      }
      const plan = planRoutes(problem, { maxIterations: 300, seed: round + 1 });
      expect(checkPlan(problem, plan)).toEqual([]);
      expect(plan.unassigned).toEqual([]);
      expect(plan.distance).toBeCloseTo(optimum, 6);
    }
  });

  it("keeps plans feasible with mixed vehicles and an asymmetric matrix", () => {
    const random = mulberry32(7);
    for (let round = 0; round < 3; round++) {
      const size = 41;
      const xy = Array.from({ length: size }, () => [random() * 100, random() * 100] as const);
      // Uphill is slower: an asymmetric time matrix, distances kept symmetric.
      const distances = xy.map(([x1, y1]) => xy.map(([x2, y2]) => Math.round(Math.hypot(x1 - x2, y1 - y2))));
      const durations = xy.map(([, y1], a) =>
        xy.map(([, y2], b) => Math.round(distances[a]![b]! * (y2 > y1 ? 1.3 : 1))),
      );
      const problem: RoutingProblem = {
        locations: { kind: "matrix", distances, durations },
        stops: Array.from({ length: size - 2 }, (_, i) => {
          const open = Math.floor(random() * 500);
          return stop(
            `s${i}`,
            i + 2,
            open,
            open + 60 + Math.floor(random() * 200),
            1 + Math.floor(random() * 9),
            10,
          );
        }),
        vehicles: [
          { id: "van", capacity: 40, shiftStart: 0, shiftEnd: 900, startLocation: 0 },
          { id: "truck", capacity: 90, shiftStart: 100, shiftEnd: 1000, startLocation: 1, fixedCost: 50 },
          { id: "bike", capacity: 15, shiftStart: 0, shiftEnd: 600, startLocation: 0, endLocation: 1 },
          { id: "van-2", capacity: 40, shiftStart: 0, shiftEnd: 900, startLocation: 0 },
        ],
      };
      const plan = planRoutes(problem, { maxIterations: 1500, seed: round + 1 });
      expect(checkPlan(problem, plan)).toEqual([]);
      const base = planRoutesByConstruction(problem);
      expect(plan.unassigned.length).toBeLessThanOrEqual(base.unassigned.length);
      if (plan.unassigned.length === base.unassigned.length) expect(plan.cost).toBeLessThanOrEqual(base.cost);
    }
  });

  it("weighs a vehicle's fixed cost against distance", () => {
    const stops = [stop("a", 1, 0, 100), stop("b", 2, 0, 100), stop("c", 3, 0, 100)];
    const cheap = planRoutes(
      { locations: square, stops, vehicles: [vehicle("v1"), vehicle("v2")] },
      { maxIterations: 200 },
    );
    const fixed = (id: string) => ({ ...vehicle(id), fixedCost: 100 });
    const dear = planRoutes(
      { locations: square, stops, vehicles: [fixed("v1"), fixed("v2")] },
      { maxIterations: 200 },
    );
    expect(cheap.distance).toBe(40);
    expect(dear).toMatchObject({ vehicles: 1, distance: 40, cost: 140 });
  });

  it("gives the same plan for the same seed and iteration count", () => {
    const { problem } = solomon("R101.100.20.vrptw");
    const strip = (plan: RoutePlan) => ({ ...plan, stats: { ...plan.stats, elapsedMs: 0 } });
    const one = planRoutes(problem, { seed: 7, maxIterations: 300 });
    const two = planRoutes(problem, { seed: 7, maxIterations: 300 });
    expect(strip(one)).toEqual(strip(two));
  });
});

describe("route planner on Solomon instances", () => {
  for (const file of ["C101.100.10.vrptw", "R101.100.20.vrptw", "RC105.100.15.vrptw", "R205.100.5.vrptw"]) {
    it(`solves ${file.split(".")[0]} feasibly within 200 ms, within reach of the best known`, () => {
      const instance = solomon(file);
      const started = performance.now();
      const plan = planRoutes(instance.problem, { timeBudgetMs: 200, seed: 1 });
      const elapsed = performance.now() - started;
      expect(checkPlan(instance.problem, plan)).toEqual([]);
      expect(plan.unassigned).toEqual([]);
      expect(plan.vehicles).toBeLessThanOrEqual(instance.vehicles);
      const gap = (plan.distance - BKS.get(instance.name)!) / BKS.get(instance.name)!;
      // Generous on a loaded machine; I1 alone is 3–50 % off on these.
      expect(gap).toBeLessThan(0.08);
      expect(elapsed).toBeLessThan(500);
      expect(plan.distance).toBeLessThanOrEqual(planRoutesByConstruction(instance.problem).distance);
      // Every stop is where the next-best vehicle would cost at least as much.
      for (const s of plan.routes.flatMap((r) => r.stops)) {
        expect(s.explanation.alternative?.extraCost ?? 0).toBeGreaterThanOrEqual(0);
        expect(
          s.explanation.reasons.some((r) => r === "cheapest-vehicle" || r === "only-feasible-vehicle"),
        ).toBe(true);
        expect(s.explanation.slack).toBeGreaterThanOrEqual(0);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Small random instances and their optimum by enumeration

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomProblem(random: () => number, stops: number, vehicles: number): RoutingProblem {
  const points = Array.from({ length: stops + 1 }, (_, i) =>
    i === 0 ? { x: 50, y: 50 } : { x: Math.floor(random() * 100), y: Math.floor(random() * 100) },
  );
  return {
    locations: { kind: "coordinates", points, scale: 1, rounding: "round" },
    stops: points.slice(1).map((_, i) => {
      const open = Math.floor(random() * 150);
      return stop(
        `s${i + 1}`,
        i + 1,
        open,
        open + 40 + Math.floor(random() * 120),
        1 + Math.floor(random() * 4),
        5,
      );
    }),
    vehicles: Array.from({ length: vehicles }, (_, i) => vehicle(`v${i + 1}`, 12, 400)),
  };
}

/** Every split of every permutation into at most two routes (enough for two vehicles). */
function bruteForce(problem: RoutingProblem): number {
  const ids = problem.stops.map((s) => s.id);
  const [v1, v2] = problem.vehicles;
  let best = Number.POSITIVE_INFINITY;
  const permute = (prefix: string[], rest: string[]) => {
    if (rest.length === 0) {
      for (let cut = 0; cut <= prefix.length; cut++) {
        const routes = [
          { vehicleId: v1!.id, stopIds: prefix.slice(0, cut) },
          { vehicleId: v2!.id, stopIds: prefix.slice(cut) },
        ];
        const check = checkRoutes(problem, routes);
        if (check.violations.length === 0 && check.distance < best) best = check.distance;
      }
      return;
    }
    for (let i = 0; i < rest.length; i++)
      permute([...prefix, rest[i]!], [...rest.slice(0, i), ...rest.slice(i + 1)]);
  };
  permute([], ids);
  return best;
}
