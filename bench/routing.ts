// Route planner benchmark on Solomon's 56 VRPTW instances (100 stops each).
//
//   npm run bench -- routing [--budget-ms 1000] [--instances C101,R101] [--seed 1] [--iterations N]
//
// Per instance: vehicles and distance found within the budget, the best-known distance with the
// instance's fixed fleet (test/data/solomon/best-known.csv), the gap, the time; then the median gap
// per class and overall. Solomon's I1 construction alone is measured in the same run as the
// baseline, so the search's figures can be read against it on a noisy machine.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  checkPlan,
  parseSolomon,
  planRoutes,
  planRoutesByConstruction,
} from "../src/domain/routing/index.js";
import { arg } from "./support.js";

const DATA = join(dirname(fileURLToPath(import.meta.url)), "../test/data/solomon");

interface Row {
  name: string;
  cls: string;
  fleet: number;
  bks: number;
  vehicles: number;
  distance: number;
  unassigned: number;
  gap: number;
  ms: number;
  iterations: number;
  baseVehicles: number;
  baseDistance: number;
  baseUnassigned: number;
  baseGap: number;
  baseMs: number;
  feasible: boolean;
}

const median = (values: number[]) => {
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
const pad = (v: string | number, w: number) => String(v).padStart(w);

export default async function routing(args: string[]): Promise<void> {
  const budgetMs = Number(arg(args, "budget-ms", "1000"));
  const seed = Number(arg(args, "seed", "1"));
  const iterations = arg(args, "iterations", "");
  const wanted = arg(args, "instances", "")
    .split(",")
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const bks = new Map(
    readFileSync(join(DATA, "best-known.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split(","))
      .map(([name, vehicles, distance]) => [
        name!,
        { vehicles: Number(vehicles), distance: Number(distance) },
      ]),
  );
  const files = readdirSync(DATA)
    .filter((f) => f.endsWith(".vrptw"))
    .filter((f) => wanted.length === 0 || wanted.includes(f.split(".")[0]!))
    .sort();
  const limit = iterations ? `${iterations} iterations` : `${budgetMs} ms`;
  console.log(`route planner on ${files.length} Solomon instances, ${limit} each, seed ${seed}`);
  console.log(
    `${"instance".padEnd(8)} ${pad("fleet", 5)} ${pad("veh", 4)} ${pad("distance", 9)} ${pad("bks", 7)} ${pad("gap", 7)} ${pad("ms", 6)} ${pad("iters", 7)} | ${pad("I1 veh", 6)} ${pad("I1 dist", 8)} ${pad("I1 gap", 7)} ${pad("I1 ms", 6)}`,
  );
  const rows: Row[] = [];
  for (const file of files) {
    const instance = parseSolomon(readFileSync(join(DATA, file), "utf8"));
    const best = bks.get(instance.name)!;
    const t0 = performance.now();
    const base = planRoutesByConstruction(instance.problem);
    const baseMs = performance.now() - t0;
    const t1 = performance.now();
    const plan = planRoutes(
      instance.problem,
      iterations ? { seed, maxIterations: Number(iterations) } : { seed, timeBudgetMs: budgetMs },
    );
    const ms = performance.now() - t1;
    const violations = checkPlan(instance.problem, plan);
    const row: Row = {
      name: instance.name,
      cls: /^(RC|R|C)\d/.exec(instance.name)![0],
      fleet: instance.vehicles,
      bks: best.distance,
      vehicles: plan.vehicles,
      distance: plan.distance,
      unassigned: plan.unassigned.length,
      gap: (plan.distance - best.distance) / best.distance,
      ms,
      iterations: plan.stats.iterations,
      baseVehicles: base.vehicles,
      baseDistance: base.distance,
      baseUnassigned: base.unassigned.length,
      baseGap: (base.distance - best.distance) / best.distance,
      baseMs,
      feasible: violations.length === 0,
    };
    rows.push(row);
    const flags = [
      row.unassigned > 0 ? `${row.unassigned} UNASSIGNED` : "",
      row.feasible ? "" : `INFEASIBLE: ${violations[0]!.kind} ${violations[0]!.detail}`,
    ]
      .filter(Boolean)
      .join(" ");
    const baseNote = row.baseUnassigned > 0 ? ` (${row.baseUnassigned} left)` : "";
    console.log(
      `${row.name.padEnd(8)} ${pad(row.fleet, 5)} ${pad(row.vehicles, 4)} ${pad(row.distance, 9)} ${pad(row.bks, 7)} ${pad(pct(row.gap), 7)} ${pad(row.ms.toFixed(0), 6)} ${pad(row.iterations, 7)} | ${pad(row.baseVehicles, 6)} ${pad(row.baseDistance, 8)} ${pad(pct(row.baseGap), 7)} ${pad(row.baseMs.toFixed(1), 6)}${baseNote} ${flags}`,
    );
  }
  console.log("");
  const summary = (label: string, group: Row[]) => {
    if (group.length === 0) return;
    const complete = group.filter((r) => r.unassigned === 0 && r.feasible).length;
    console.log(
      `${label.padEnd(8)} n=${pad(group.length, 2)}  median gap ${pad(pct(median(group.map((r) => r.gap))), 7)}  ` +
        `max ${pad(pct(Math.max(...group.map((r) => r.gap))), 6)}  ` +
        `median ms ${pad(median(group.map((r) => r.ms)).toFixed(0), 5)}  ` +
        `median iters ${pad(median(group.map((r) => r.iterations)).toFixed(0), 6)}  ` +
        `I1 median gap ${pad(pct(median(group.map((r) => r.baseGap))), 7)}  complete+feasible ${complete}/${group.length}`,
    );
  };
  for (const cls of ["C1", "C2", "R1", "R2", "RC1", "RC2"])
    summary(
      cls,
      rows.filter((r) => r.cls === cls),
    );
  summary("overall", rows);
}
