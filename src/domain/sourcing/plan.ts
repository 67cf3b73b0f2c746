// Turning an allocation matrix of the compiled problem back into the caller's terms: allocations
// per original order line, packages with dates and costs, unfulfilled quantities.

import { type Problem, priceOpenSet } from "./problem.js";
import { formatDay } from "./promise.js";
import type { Demand } from "./screen.js";
import type {
  Allocation,
  CostBreakdown,
  OrderLineInput,
  PlannedPackage,
  SourcingPlan,
  Unfulfilled,
} from "./types.js";

function roundCost(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function breakdown(
  shipping: number,
  handling: number,
  splitPenalty: number,
  latePenalty: number,
): CostBreakdown {
  return {
    shipping: roundCost(shipping),
    handling: roundCost(handling),
    splitPenalty: roundCost(splitPenalty),
    latePenalty: roundCost(latePenalty),
    total: roundCost(shipping + handling + splitPenalty + latePenalty),
  };
}

export function allocationOfOpenSet(p: Problem, open: Int32Array): Int32Array {
  const allocation = new Int32Array(p.locationCount * p.lineCount);
  priceOpenSet(p, open, open.length, { unserved: 0, cost: 0, prioritySum: 0 }, allocation);
  return allocation;
}

/** Builds the plan; only locations that ship something become packages and pay their costs. */
export function buildPlan(
  p: Problem,
  demand: Demand,
  lines: readonly OrderLineInput[],
  allocation: Int32Array,
): SourcingPlan {
  const n = p.lineCount;
  const allocations: Allocation[] = [];
  const packages: PlannedPackage[] = [];
  // Units of each original line still to hand out, since merged lines split back in line order.
  const lineLeft = lines.map((line) => line.quantity);
  let shipping = 0;
  let handling = 0;
  let late = 0;
  for (let j = 0; j < p.locationCount; j++) {
    if (!allocationHasUnits(allocation, j, n)) continue;
    let weightGrams = 0;
    let variable = 0;
    for (let i = 0; i < n; i++) {
      let quantity = allocation[j * n + i]!;
      if (quantity === 0) continue;
      weightGrams += quantity * demand.weightGrams[i]!;
      variable += quantity * p.unitCost[j * n + i]!;
      for (const lineIndex of demand.lineIndexes[i]!) {
        const take = Math.min(quantity, lineLeft[lineIndex]!);
        if (take === 0) continue;
        lineLeft[lineIndex]! -= take;
        quantity -= take;
        allocations.push({
          lineIndex,
          sku: demand.skus[i]!,
          locationId: p.candidates[j]!.eligible.location.id,
          quantity: take,
        });
        if (quantity === 0) break;
      }
    }
    const c = p.candidates[j]!;
    const split = packages.length === 0 ? 0 : p.splitPenalty;
    const packageShipping = c.baseShipping + variable;
    shipping += packageShipping;
    handling += c.handling;
    late += c.latePenalty;
    packages.push({
      locationId: c.eligible.location.id,
      weightGrams,
      distanceKm: Math.round(c.eligible.distanceKm * 10) / 10,
      zone: c.zone.name,
      shipDate: formatDay(c.shipDay),
      deliveryDate: formatDay(c.deliveryDay),
      lateDays: c.lateDays,
      cost: breakdown(packageShipping, c.handling, split, c.latePenalty),
    });
  }
  allocations.sort((a, b) => a.lineIndex - b.lineIndex);
  const unfulfilled: Unfulfilled[] = [];
  let unfulfilledUnits = 0;
  lineLeft.forEach((left, lineIndex) => {
    if (left > 0) {
      unfulfilled.push({ lineIndex, sku: lines[lineIndex]!.sku, quantity: left });
      unfulfilledUnits += left;
    }
  });
  const splitTotal = Math.max(0, packages.length - 1) * p.splitPenalty;
  return {
    allocations,
    packages,
    packageCount: packages.length,
    unfulfilled,
    unfulfilledUnits,
    cost: breakdown(shipping, handling, splitTotal, late),
  };
}

function allocationHasUnits(allocation: Int32Array, j: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (allocation[j * n + i]! > 0) return true;
  return false;
}
