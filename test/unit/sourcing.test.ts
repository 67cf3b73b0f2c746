import highsModule from "highs";
import { beforeAll, describe, expect, it } from "vitest";
import { haversineKm, zoneIndexForDistance } from "../../src/domain/geo.js";
import {
  DEFAULT_SOURCING_RULES,
  type FulfillmentType,
  type LocationType,
  parseDay,
  promiseDates,
  resolveRules,
  type SourcingDecision,
  type SourcingLocation,
  type SourcingPlan,
  type SourcingRequest,
  type SourcingRules,
  sourceByPriority,
  sourceNearestFirst,
  sourceOrder,
} from "../../src/domain/sourcing/index.js";

// highs ships CommonJS types with `export default`, which NodeNext reads as `module.exports.default`;
// under ESM the default import is already the loader. Accept both shapes.
type HighsLoader = typeof highsModule.default;
const loadHighs: HighsLoader =
  (highsModule as unknown as { default?: HighsLoader }).default ?? (highsModule as unknown as HighsLoader);

// ---------------------------------------------------------------------------------------------
// Seeded random instances

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

interface Instance {
  request: SourcingRequest;
  locations: SourcingLocation[];
  rules: Partial<SourcingRules>;
}

const ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"];
const SKUS = ["A", "B", "C", "D", "E"];

function randomInstance(seed: number): Instance {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const type: FulfillmentType =
    rnd() < 0.75 ? "ship" : pick(["local_delivery", "pickup", "digital"] as const);
  // Local delivery and pickup only reach a few tens of km, so cluster those instances.
  const spread = type === "ship" || type === "digital" ? 12 : 0.3;
  const center = { lat: 39 + rnd() * 4, lon: -100 + rnd() * 20 };
  const lineCount = int(1, 4);
  const skus = [...SKUS].sort(() => rnd() - 0.5).slice(0, lineCount);
  // Occasionally repeat a SKU on two lines: they must share its stock.
  if (lineCount > 1 && rnd() < 0.15) skus[lineCount - 1] = skus[0]!;
  const lines = skus.map((sku) => ({ sku, quantity: int(1, 4), unitWeightGrams: int(0, 5) * 400 }));
  const locationCount = int(2, 6);
  const locations: SourcingLocation[] = [];
  for (let j = 0; j < locationCount; j++) {
    const locType: LocationType = rnd() < 0.4 ? "warehouse" : rnd() < 0.8 ? "store" : "dropship";
    const stock: Record<string, number> = {};
    for (const sku of SKUS) if (rnd() < 0.6) stock[sku] = int(0, 5);
    const capabilities: FulfillmentType[] = ["ship", "pickup", "local_delivery", "digital"].filter(
      () => rnd() < 0.8,
    ) as FulfillmentType[];
    locations.push({
      id: `L${j}`,
      type: locType,
      lat: center.lat + (rnd() - 0.5) * spread,
      lon: center.lon + (rnd() - 0.5) * spread,
      timeZone: pick(ZONES),
      capabilities,
      stock,
      capacityLeftToday: rnd() < 0.12 ? 0 : int(1, 50),
      processingDays: int(0, 2),
      cutoffHour: int(10, 18),
      priority: int(1, 3),
      ...(rnd() < 0.2 ? { handlingCost: int(0, 600) } : {}),
    });
  }
  const now = new Date(Date.UTC(2025, 2, 1) + Math.floor(rnd() * 30 * 86_400_000));
  const requestedDate =
    rnd() < 0.6 ? new Date(now.getTime() + int(0, 6) * 86_400_000).toISOString().slice(0, 10) : undefined;
  const rules: Partial<SourcingRules> = {
    maxLocations: int(1, 4),
    storeProtection: {
      reserveUnits: int(0, 2),
      neverShipLastUnit: rnd() < 0.7,
      appliesTo: ["ship", "local_delivery"],
    },
    excludedLocationIds: rnd() < 0.3 ? [`L${int(0, locationCount - 1)}`] : [],
    allowedLocationTypes: rnd() < 0.2 ? ["warehouse", "store"] : ["warehouse", "store", "dropship"],
    splitPenalty: int(0, 600),
    timeBudgetMs: 1000, // small instances always finish; generous so a slow CI box cannot flake
  };
  const request: SourcingRequest = {
    lines,
    destination: {
      lat: center.lat + (rnd() - 0.5) * spread,
      lon: center.lon + (rnd() - 0.5) * spread,
      country: "US",
    },
    fulfillmentType: type,
    now,
    requestedDate,
  };
  return { request, locations, rules };
}

// ---------------------------------------------------------------------------------------------
// An independent statement of the problem: eligibility, usable stock and costs written out
// directly from the rules, used by the brute force, the MILP and the constraint checks.

interface Model {
  locations: { id: string; fixed: number; perUnit: number[]; stock: number[]; priority: number }[];
  skus: string[];
  demand: number[];
  maxLocations: number;
  splitPenalty: number;
}

function usableStock(
  loc: SourcingLocation,
  sku: string,
  request: SourcingRequest,
  rules: SourcingRules,
): number {
  const onHand = loc.stock[sku] ?? 0;
  const p = rules.storeProtection;
  const protectedType = p.appliesTo.includes(request.fulfillmentType) && loc.type === "store";
  const reserve = protectedType ? Math.max(p.reserveUnits, p.neverShipLastUnit ? 1 : 0) : 0;
  return Math.max(0, onHand - reserve);
}

function isEligible(loc: SourcingLocation, request: SourcingRequest, rules: SourcingRules): boolean {
  const costs = rules.costs[request.fulfillmentType];
  const km = haversineKm(loc.lat, loc.lon, request.destination.lat, request.destination.lon);
  return (
    !rules.excludedLocationIds.includes(loc.id) &&
    rules.allowedLocationTypes.includes(loc.type) &&
    loc.capabilities.includes(request.fulfillmentType) &&
    loc.capacityLeftToday > 0 &&
    km <= costs.zones[costs.zones.length - 1]!.maxKm
  );
}

function buildModel(instance: Instance): Model {
  const rules = resolveRules(instance.rules);
  const { request } = instance;
  const skus = [...new Set(request.lines.map((l) => l.sku))];
  const demand = skus.map((sku) =>
    request.lines.filter((l) => l.sku === sku).reduce((sum, l) => sum + l.quantity, 0),
  );
  const weight = skus.map((sku) =>
    Math.max(...request.lines.filter((l) => l.sku === sku).map((l) => l.unitWeightGrams)),
  );
  const costs = rules.costs[request.fulfillmentType];
  const locations = instance.locations
    .filter((loc) => isEligible(loc, request, rules))
    .map((loc) => {
      const km = haversineKm(loc.lat, loc.lon, request.destination.lat, request.destination.lon);
      const zone = costs.zones[zoneIndexForDistance(km, costs.zones)]!;
      const dates = promiseDates({
        now: request.now,
        timeZone: loc.timeZone ?? "UTC",
        processingDays: loc.processingDays,
        cutoffHour: loc.cutoffHour,
        transitDays: zone.transitDays,
      });
      const lateDays = request.requestedDate
        ? Math.max(0, parseDay(dates.deliveryDate) - parseDay(request.requestedDate))
        : 0;
      const late = lateDays > 0 ? rules.latePenaltyPerPackage + lateDays * rules.latePenaltyPerDay : 0;
      const handling = loc.handlingCost ?? costs.handling[loc.type];
      return {
        id: loc.id,
        fixed: zone.baseCost + handling + late,
        perUnit: weight.map((w) => (zone.perKgCost * w) / 1000),
        stock: skus.map((sku, i) => Math.min(demand[i]!, usableStock(loc, sku, request, rules))),
        priority: loc.priority,
      };
    })
    .filter((loc) => loc.stock.some((s) => s > 0));
  const maxLocations = request.fulfillmentType === "pickup" ? 1 : rules.maxLocations;
  return { locations, skus, demand, maxLocations, splitPenalty: rules.splitPenalty };
}

/** Every subset of locations, every split of every line's units over it. */
function bruteForce(model: Model): { unserved: number; cost: number } {
  let best = { unserved: model.demand.reduce((a, b) => a + b, 0), cost: 0 };
  const m = model.locations.length;
  for (let mask = 1; mask < 1 << m; mask++) {
    const set = model.locations.filter((_, j) => mask & (1 << j));
    if (set.length > model.maxLocations) continue;
    let unserved = 0;
    let cost = set.reduce((sum, loc) => sum + loc.fixed, 0) + model.splitPenalty * (set.length - 1);
    model.demand.forEach((q, i) => {
      // Lines are independent once the set is fixed: best (served, −cost) over all splits.
      let bestLine = { served: 0, cost: 0 };
      const walk = (t: number, left: number, served: number, lineCost: number) => {
        if (t === set.length) {
          if (served > bestLine.served || (served === bestLine.served && lineCost < bestLine.cost)) {
            bestLine = { served, cost: lineCost };
          }
          return;
        }
        const cap = Math.min(left, set[t]!.stock[i]!);
        for (let x = 0; x <= cap; x++) walk(t + 1, left - x, served + x, lineCost + x * set[t]!.perUnit[i]!);
      };
      walk(0, q, 0, 0);
      unserved += q - bestLine.served;
      cost += bestLine.cost;
    });
    if (unserved < best.unserved || (unserved === best.unserved && cost < best.cost - 1e-9)) {
      best = { unserved, cost };
    }
  }
  return best;
}

/** The same problem as a MILP in CPLEX LP format: first maximise units served, then minimise cost. */
function milpText(model: Model, phase: "serve" | "cost", unservedCap = 0): string {
  const f = (v: number) => v.toFixed(9);
  const m = model.locations.length;
  const n = model.demand.length;
  const rows: string[] = [];
  const bounds: string[] = [];
  const ints: string[] = [];
  const bins: string[] = [];
  let objective: string;
  const unservedSum = model.demand.map((_, i) => `u${i}`).join(" + ");
  if (phase === "serve") {
    objective = unservedSum;
  } else {
    const terms: string[] = [];
    model.locations.forEach((loc, j) => {
      terms.push(`${f(loc.fixed + model.splitPenalty)} y${j}`);
      for (let i = 0; i < n; i++) terms.push(`${f(loc.perUnit[i]!)} x${j}_${i}`);
    });
    terms.push(`- ${f(model.splitPenalty)} z`);
    objective = terms.join(" + ").replace(/\+ -/g, "-");
    rows.push(` cap_unserved: ${unservedSum} <= ${unservedCap}`);
    rows.push(` any_package: z - ${model.locations.map((_, j) => `y${j}`).join(" - ")} <= 0`);
    bins.push("z");
  }
  for (let i = 0; i < n; i++) {
    const xs = model.locations.map((_, j) => `x${j}_${i}`).join(" + ");
    rows.push(` demand${i}: ${xs} + u${i} = ${model.demand[i]}`);
    bounds.push(` 0 <= u${i} <= ${model.demand[i]}`);
  }
  model.locations.forEach((loc, j) => {
    for (let i = 0; i < n; i++) {
      rows.push(` stock${j}_${i}: x${j}_${i} - ${loc.stock[i]} y${j} <= 0`);
      bounds.push(` 0 <= x${j}_${i} <= ${loc.stock[i]}`);
      ints.push(`x${j}_${i}`);
    }
    bins.push(`y${j}`);
  });
  if (m > 0)
    rows.push(` splits: ${model.locations.map((_, j) => `y${j}`).join(" + ")} <= ${model.maxLocations}`);
  return [
    "Minimize",
    ` obj: ${objective}`,
    "Subject To",
    ...rows,
    "Bounds",
    ...bounds,
    "Generals",
    ` ${ints.join(" ")}`,
    "Binaries",
    ` ${bins.join(" ")}`,
    "End",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Constraint checks and an independent price of the returned allocation

function checkPlan(instance: Instance, plan: SourcingPlan): number {
  const rules = resolveRules(instance.rules);
  const { request } = instance;
  const byId = new Map(instance.locations.map((l) => [l.id, l]));
  const model = buildModel(instance);
  const used = new Set(plan.allocations.map((a) => a.locationId));
  expect(used.size).toBeLessThanOrEqual(request.fulfillmentType === "pickup" ? 1 : rules.maxLocations);
  expect(plan.packageCount).toBe(used.size);
  const takenPerSkuLocation = new Map<string, number>();
  const servedPerLine = request.lines.map(() => 0);
  for (const a of plan.allocations) {
    const loc = byId.get(a.locationId)!;
    expect(a.quantity).toBeGreaterThan(0);
    expect(isEligible(loc, request, rules)).toBe(true);
    expect(rules.excludedLocationIds).not.toContain(a.locationId);
    expect(request.lines[a.lineIndex]!.sku).toBe(a.sku);
    const key = `${a.sku}@${a.locationId}`;
    takenPerSkuLocation.set(key, (takenPerSkuLocation.get(key) ?? 0) + a.quantity);
    servedPerLine[a.lineIndex]! += a.quantity;
  }
  for (const [key, taken] of takenPerSkuLocation) {
    const [sku, id] = key.split("@") as [string, string];
    // Stock, store protection (never the last unit / the reserve) in one check.
    expect(taken).toBeLessThanOrEqual(usableStock(byId.get(id)!, sku, request, rules));
  }
  request.lines.forEach((line, i) => {
    const missing = plan.unfulfilled.filter((u) => u.lineIndex === i).reduce((s, u) => s + u.quantity, 0);
    expect(servedPerLine[i]! + missing).toBe(line.quantity);
  });
  // Price independently: fixed cost per used location, per-unit cost, split penalty.
  let cost = 0;
  for (const id of used) cost += model.locations.find((l) => l.id === id)!.fixed;
  cost += Math.max(0, used.size - 1) * model.splitPenalty;
  for (const a of plan.allocations) {
    const loc = model.locations.find((l) => l.id === a.locationId)!;
    cost += a.quantity * loc.perUnit[model.skus.indexOf(a.sku)]!;
  }
  expect(plan.cost.total).toBeCloseTo(cost, 4);
  const c = plan.cost;
  expect(c.shipping + c.handling + c.splitPenalty + c.latePenalty).toBeCloseTo(c.total, 4);
  return cost;
}

function lexWorseOrEqual(
  a: { unfulfilledUnits: number; cost: { total: number } },
  b: SourcingDecision,
): boolean {
  if (a.unfulfilledUnits !== b.unfulfilledUnits) return a.unfulfilledUnits > b.unfulfilledUnits;
  return a.cost.total >= b.cost.total - 1e-6;
}

// ---------------------------------------------------------------------------------------------

describe("sourcing engine on random small instances", () => {
  const instances = Array.from({ length: 300 }, (_, k) => randomInstance(1000 + k));
  const decisions = instances.map((inst) => sourceOrder(inst.request, inst.locations, inst.rules));

  it("finds the brute-force optimum (units served first, then cost), proven", () => {
    let split = 0;
    let partial = 0;
    instances.forEach((inst, k) => {
      const decision = decisions[k]!;
      const best = bruteForce(buildModel(inst));
      expect(decision.unfulfilledUnits, `instance ${k}`).toBe(best.unserved);
      expect(decision.cost.total, `instance ${k}`).toBeCloseTo(best.cost, 6);
      expect(decision.explanation.solver.provenOptimal).toBe(true);
      if (decision.packageCount > 1) split++;
      if (decision.unfulfilledUnits > 0) partial++;
    });
    // The generator must exercise splits and shortages, or the comparison proves little.
    expect(split).toBeGreaterThan(20);
    expect(partial).toBeGreaterThan(20);
  });

  it("never violates stock, capacity, capability, store protection, split limit or exclusions", () => {
    instances.forEach((inst, k) => {
      checkPlan(inst, decisions[k]!);
    });
  });

  it("is never worse than the greedy heuristic or the baselines", () => {
    let strictlyBetterThanGreedy = 0;
    instances.forEach((inst, k) => {
      const decision = decisions[k]!;
      const greedy = decision.explanation.alternatives.find((a) => a.name === "greedy")!;
      const single = decision.explanation.alternatives.find((a) => a.name === "best_single_location")!;
      expect(lexWorseOrEqual(greedy, decision)).toBe(true);
      expect(lexWorseOrEqual(single, decision)).toBe(true);
      if (
        greedy.unfulfilledUnits === decision.unfulfilledUnits &&
        greedy.cost.total > decision.cost.total + 1e-6
      ) {
        strictlyBetterThanGreedy++;
      }
      for (const baseline of [sourceNearestFirst, sourceByPriority]) {
        const plan = baseline(inst.request, inst.locations, inst.rules);
        checkPlan(inst, plan);
        expect(lexWorseOrEqual(plan, decision)).toBe(true);
      }
    });
    expect(strictlyBetterThanGreedy).toBeGreaterThan(0);
  });

  describe("against HiGHS", () => {
    let solver: Awaited<ReturnType<HighsLoader>>;
    beforeAll(async () => {
      solver = await loadHighs();
    });

    it("matches the MILP optimum on 60 instances", () => {
      const options = { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-9 } as const;
      let compared = 0;
      for (let k = 0; k < 60; k++) {
        const model = buildModel(instances[k]!);
        if (model.locations.length === 0) continue;
        const serve = solver.solve(milpText(model, "serve"), options);
        expect(serve.Status).toBe("Optimal");
        const unserved = Math.round(serve.ObjectiveValue);
        const cost = solver.solve(milpText(model, "cost", unserved), options);
        expect(cost.Status).toBe("Optimal");
        expect(decisions[k]!.unfulfilledUnits, `instance ${k}`).toBe(unserved);
        expect(decisions[k]!.cost.total, `instance ${k}`).toBeCloseTo(cost.ObjectiveValue, 4);
        compared++;
      }
      expect(compared).toBeGreaterThan(40);
    });
  });
});

// ---------------------------------------------------------------------------------------------

const NOW = new Date("2025-03-05T15:00:00Z"); // Wednesday 10:00 in New York

function location(id: string, overrides: Partial<SourcingLocation> = {}): SourcingLocation {
  return {
    id,
    type: "warehouse",
    lat: 40.7,
    lon: -74.0,
    timeZone: "America/New_York",
    capabilities: ["ship", "pickup", "local_delivery"],
    stock: { A: 10, B: 10 },
    capacityLeftToday: 100,
    processingDays: 0,
    cutoffHour: 15,
    priority: 1,
    ...overrides,
  };
}

function order(overrides: Partial<SourcingRequest> = {}): SourcingRequest {
  return {
    lines: [{ sku: "A", quantity: 1, unitWeightGrams: 500 }],
    destination: { lat: 40.75, lon: -73.99, country: "US" },
    fulfillmentType: "ship",
    now: NOW,
    ...overrides,
  };
}

function reasonOf(decision: SourcingDecision, id: string): string | undefined {
  return decision.explanation.excluded.find((e) => e.locationId === id)?.reason;
}

describe("sourcing constraints and explanation", () => {
  it("keeps the last unit at a store for shipping but not for pickup", () => {
    const store = location("store", { type: "store", stock: { A: 1 } });
    const shipped = sourceOrder(order(), [store]);
    expect(shipped.unfulfilledUnits).toBe(1);
    expect(reasonOf(shipped, "store")).toBe("store_protection");
    const picked = sourceOrder(order({ fulfillmentType: "pickup" }), [store]);
    expect(picked.unfulfilledUnits).toBe(0);
    expect(picked.allocations).toEqual([{ lineIndex: 0, sku: "A", locationId: "store", quantity: 1 }]);
  });

  it("holds back the configured reserve at stores", () => {
    const store = location("store", { type: "store", stock: { A: 5 } });
    const decision = sourceOrder(order({ lines: [{ sku: "A", quantity: 5, unitWeightGrams: 1 }] }), [store], {
      storeProtection: { reserveUnits: 2, neverShipLastUnit: true, appliesTo: ["ship"] },
    });
    expect(decision.allocations[0]!.quantity).toBe(3);
    expect(decision.unfulfilled).toEqual([{ lineIndex: 0, sku: "A", quantity: 2 }]);
  });

  it("reports why each location was left out", () => {
    const decision = sourceOrder(
      order(),
      [
        location("ok"),
        location("full", { capacityLeftToday: 0 }),
        location("noship", { capabilities: ["pickup"] }),
        location("empty", { stock: { B: 3 } }),
        location("vendor", { type: "dropship" }),
        location("rejected"),
        location("abroad", { country: "CA" }),
      ],
      { excludedLocationIds: ["rejected"], allowedLocationTypes: ["warehouse", "store"] },
    );
    expect(reasonOf(decision, "full")).toBe("no_capacity");
    expect(reasonOf(decision, "noship")).toBe("no_capability");
    expect(reasonOf(decision, "empty")).toBe("no_stock");
    expect(reasonOf(decision, "vendor")).toBe("type_not_allowed");
    expect(reasonOf(decision, "rejected")).toBe("excluded");
    expect(reasonOf(decision, "abroad")).toBe("cross_border");
    expect(decision.explanation.candidates.map((c) => c.locationId)).toEqual(["ok"]);
    expect(decision.allocations[0]!.locationId).toBe("ok");
  });

  it("leaves out locations beyond the reach of local delivery", () => {
    const decision = sourceOrder(order({ fulfillmentType: "local_delivery" }), [
      location("across-town"),
      location("other-city", { lat: 42.36, lon: -71.06 }),
    ]);
    expect(reasonOf(decision, "other-city")).toBe("out_of_range");
    expect(decision.packages[0]!.locationId).toBe("across-town");
    expect(decision.packages[0]!.zone).toBe("local 0–15 km");
  });

  it("prefers serving a unit from far away to leaving it unserved", () => {
    const near = location("near", { stock: { A: 5 } });
    const far = location("far", {
      lat: 34.05,
      lon: -118.24,
      timeZone: "America/Los_Angeles",
      stock: { B: 1 },
    });
    const decision = sourceOrder(
      order({
        lines: [
          { sku: "A", quantity: 1, unitWeightGrams: 500 },
          { sku: "B", quantity: 1, unitWeightGrams: 30_000 },
        ],
      }),
      [near, far],
      { splitPenalty: 100_000 },
    );
    expect(decision.unfulfilledUnits).toBe(0);
    expect(decision.packageCount).toBe(2);
    expect(decision.cost.splitPenalty).toBe(100_000);
  });

  it("splits when it is cheaper, consolidates when the split penalty outweighs it", () => {
    // Heavy B is next door; A is also there but light and the far warehouse has everything.
    const instance = (splitPenalty: number) =>
      sourceOrder(
        order({
          lines: [
            { sku: "A", quantity: 1, unitWeightGrams: 100 },
            { sku: "B", quantity: 3, unitWeightGrams: 10_000 },
          ],
        }),
        [
          location("near", { stock: { B: 3 } }),
          location("mid", { lat: 42.36, lon: -71.06, stock: { A: 1 } }),
          location("far", { lat: 41.88, lon: -87.63, timeZone: "America/Chicago", stock: { A: 5, B: 5 } }),
        ],
        { splitPenalty },
      );
    const cheapSplit = instance(0);
    expect(cheapSplit.packageCount).toBe(2);
    expect(new Set(cheapSplit.allocations.map((a) => a.locationId))).toEqual(new Set(["near", "mid"]));
    const dearSplit = instance(50_000);
    expect(dearSplit.packageCount).toBe(1);
    expect(dearSplit.allocations.every((a) => a.locationId === "far")).toBe(true);
  });

  it("breaks cost ties by location priority, whatever the input order", () => {
    const a = location("a", { priority: 2 });
    const b = location("b", { priority: 1 });
    expect(sourceOrder(order(), [a, b]).allocations[0]!.locationId).toBe("b");
    expect(sourceOrder(order(), [b, a]).allocations[0]!.locationId).toBe("b");
  });

  it("penalises a late location and says so", () => {
    // Same place; "slow" needs 3 processing days, the customer wants it by Thursday.
    const decision = sourceOrder(order({ requestedDate: "2025-03-06" }), [
      location("slow", { processingDays: 3, handlingCost: 0 }),
      location("fast", { handlingCost: 300 }),
    ]);
    expect(decision.allocations[0]!.locationId).toBe("fast");
    expect(decision.cost.latePenalty).toBe(0);
    const slowOnly = sourceOrder(order({ requestedDate: "2025-03-06" }), [
      location("slow", { processingDays: 3 }),
    ]);
    // Ships Mon 10th, delivered Tue 11th: 5 days after the 6th.
    expect(slowOnly.packages[0]!.deliveryDate).toBe("2025-03-11");
    expect(slowOnly.packages[0]!.lateDays).toBe(5);
    expect(slowOnly.cost.latePenalty).toBe(
      DEFAULT_SOURCING_RULES.latePenaltyPerPackage + 5 * DEFAULT_SOURCING_RULES.latePenaltyPerDay,
    );
  });

  it("shares one SKU's stock between two lines of that SKU", () => {
    const decision = sourceOrder(
      order({
        lines: [
          { sku: "A", quantity: 2, unitWeightGrams: 100 },
          { sku: "A", quantity: 2, unitWeightGrams: 100 },
        ],
      }),
      [location("w", { stock: { A: 3 } })],
    );
    expect(decision.allocations).toEqual([
      { lineIndex: 0, sku: "A", locationId: "w", quantity: 2 },
      { lineIndex: 1, sku: "A", locationId: "w", quantity: 1 },
    ]);
    expect(decision.unfulfilled).toEqual([{ lineIndex: 1, sku: "A", quantity: 1 }]);
  });

  it("uses only the chosen pickup store and a single location for pickup", () => {
    const decision = sourceOrder(
      order({
        fulfillmentType: "pickup",
        pickupLocationId: "s2",
        lines: [
          { sku: "A", quantity: 1, unitWeightGrams: 1 },
          { sku: "B", quantity: 1, unitWeightGrams: 1 },
        ],
      }),
      [location("s1", { type: "store" }), location("s2", { type: "store", stock: { A: 1 } })],
    );
    expect(reasonOf(decision, "s1")).toBe("not_pickup_location");
    expect(decision.allocations).toEqual([{ lineIndex: 0, sku: "A", locationId: "s2", quantity: 1 }]);
    expect(decision.unfulfilled).toEqual([{ lineIndex: 1, sku: "B", quantity: 1 }]);
  });
});

describe("geographic prefilter on a large network", () => {
  const rnd = mulberry32(42);
  const network: SourcingLocation[] = Array.from({ length: 3000 }, (_, j) =>
    location(`n${j}`, {
      type: rnd() < 0.2 ? "warehouse" : "store",
      lat: 30 + rnd() * 17,
      lon: -120 + rnd() * 45,
      timeZone: "America/Chicago",
      stock: Object.fromEntries(
        SKUS.filter(() => rnd() < 0.3).map((sku) => [sku, 1 + Math.floor(rnd() * 4)]),
      ),
    }),
  );
  const request = order({
    destination: { lat: 39.1, lon: -94.6, country: "US" },
    lines: SKUS.map((sku, i) => ({ sku, quantity: 1 + (i % 3), unitWeightGrams: 700 })),
  });

  it("considers a few candidates, explains the rest, and loses nothing to the prefilter in units", () => {
    const fast = sourceOrder(request, network);
    const full = sourceOrder(request, network, { prefilterSize: 100_000, timeBudgetMs: 20_000 });
    expect(fast.explanation.solver.candidatesConsidered).toBeLessThan(40);
    expect(fast.explanation.solver.droppedByPrefilter).toBeGreaterThan(100);
    expect(fast.explanation.excluded.filter((e) => e.reason === "beyond_prefilter").length).toBe(
      fast.explanation.solver.droppedByPrefilter,
    );
    expect(fast.explanation.candidates.length + fast.explanation.excluded.length).toBe(network.length);
    expect(full.explanation.solver.provenOptimal).toBe(true);
    expect(fast.unfulfilledUnits).toBe(full.unfulfilledUnits);
    expect(fast.cost.total).toBeGreaterThanOrEqual(full.cost.total - 1e-6);
    // The nearest candidates are where the cheap plans are: within 10% of the network optimum.
    expect(fast.cost.total).toBeLessThanOrEqual(full.cost.total * 1.1);
  });

  it("returns the best plan found, never worse than greedy, unproven, when the budget is spent", () => {
    const rules = { prefilterSize: 60, maxLocations: 8, timeBudgetMs: -1 };
    const decision = sourceOrder(request, network, rules);
    const greedy = decision.explanation.alternatives.find((a) => a.name === "greedy")!;
    expect(decision.explanation.solver.provenOptimal).toBe(false);
    expect(lexWorseOrEqual(greedy, decision)).toBe(true);
    const finished = sourceOrder(request, network, { ...rules, timeBudgetMs: 20_000 });
    expect(finished.explanation.solver.provenOptimal).toBe(true);
    expect(lexWorseOrEqual(decision, finished)).toBe(true);
  });
});
