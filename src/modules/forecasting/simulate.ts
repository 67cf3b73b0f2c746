// Realistic demand history written through the inventory module's own services, back-dated:
// for each SKU × location a receipt on the first day, then day by day the units sold committed and
// shipped (`commit` and `ship` movements, one transaction per day), and a few units returned and
// restocked days later. The series come from the seeded simulator in src/domain/forecast (weekly
// and yearly seasonality, promotions, intermittent and lumpy long-tail SKUs). The ledger stays
// exact: `ordo inventory verify` passes afterwards.
import { type Executor, inTransaction } from "../../db/transaction.js";
import { mulberry32, simulateCatalog, simulateSeries } from "../../domain/forecast/index.js";
import type { RequestContext } from "../access/index.js";
import { adjustInventory, restockReturn, shipStockBatch, tryCommitStockBatch } from "../inventory/index.js";
import { dayMs, dayOf } from "./run.js";

const DAY_MS = 86_400_000;

export interface SeedInput {
  skus: readonly string[];
  locationIds: readonly string[];
  days: number;
  seed?: number;
  /** Last simulated day (default: yesterday, UTC). */
  to?: string;
  /** Scale demand so that all SKUs at the first location sell about this many units a day. */
  unitsPerDay?: number | undefined;
  /** Share of shipped units that come back (default 0.03). */
  returnRate?: number;
  /** Stock left at the end, in days of the series' mean demand: [min, max) (default [0, 45)). */
  endCoverDays?: [number, number];
  onDay?: (done: number, total: number) => void;
}

export interface SeedResult {
  series: number;
  shippedUnits: number;
  returnedUnits: number;
  classes: Record<string, number>;
}

export async function seedDemandHistory(
  db: Executor,
  ctx: RequestContext,
  input: SeedInput,
): Promise<SeedResult> {
  const seed = input.seed ?? 42;
  const to = input.to ?? dayOf(Date.now() - DAY_MS);
  const start = dayMs(to) - (input.days - 1) * DAY_MS;
  const rand = mulberry32(seed);
  let catalog = simulateCatalog({ count: input.skus.length, days: input.days, seed });
  if (input.unitsPerDay) {
    const total = catalog.reduce((a, c) => a + c.expected.reduce((x, y) => x + y, 0), 0) / input.days;
    const k = total > 0 ? input.unitsPerDay / total : 1;
    catalog = catalog.map((c, s) => {
      const spec = { ...c.spec };
      if (spec.seriesClass === "smooth" || spec.seriesClass === "seasonal") spec.level *= k;
      else spec.occurrence = Math.min(0.9, spec.occurrence * k);
      return simulateSeries(spec, input.days, mulberry32(seed * 104_729 + s), c.id);
    });
  }
  const classes: Record<string, number> = {};
  // demand[s][l][t]
  const demand = catalog.map((c, s) => {
    classes[c.seriesClass] = (classes[c.seriesClass] ?? 0) + 1;
    return input.locationIds.map((_, l) => {
      if (l === 0) return c.values;
      // Other locations: the same kind of demand, smaller, drawn on its own.
      const weight = 0.3 + 0.6 * rand();
      const spec = { ...c.spec };
      if (spec.seriesClass === "smooth" || spec.seriesClass === "seasonal") spec.level *= weight;
      else spec.occurrence *= weight;
      return simulateSeries(spec, input.days, mulberry32(seed * 7919 + s * 31 + l), `${input.skus[s]}@${l}`)
        .values;
    });
  });
  const [lo, hi] = input.endCoverDays ?? [0, 45];
  const returnRate = input.returnRate ?? 0.03;
  const at = (t: number, hour = 12) => new Date(start + t * DAY_MS + hour * 3_600_000).toISOString();
  const returns = new Map<number, Array<{ sku: string; locationId: string }>>();
  let shippedUnits = 0;
  let returnedUnits = 0;
  for (const [s, sku] of input.skus.entries()) {
    for (const [l, locationId] of input.locationIds.entries()) {
      const values = demand[s]![l]!;
      const total = values.reduce((a, b) => a + b, 0);
      const mean = total / values.length;
      const end = Math.round(mean * (lo + (hi - lo) * rand()));
      if (total + end <= 0) continue;
      await adjustInventory(db, ctx, {
        sku,
        location_id: locationId,
        delta: total + end,
        reason: "received",
        note: "simulated history",
        at: at(0, 6),
      });
    }
  }
  for (let t = 0; t < input.days; t++) {
    await inTransaction(db, async (tx) => {
      for (const [l, locationId] of input.locationIds.entries()) {
        const reference = { type: "simulation", id: `sim_${dayOf(start + t * DAY_MS)}_${l}` };
        const requests = input.skus
          .map((sku, s) => ({ sku, locationId, quantity: demand[s]![l]![t]!, reference, at: at(t) }))
          .filter((r) => r.quantity > 0);
        if (!requests.length) continue;
        const committed = await tryCommitStockBatch(tx, ctx, requests);
        const shipped = requests.filter((_, i) => committed[i]);
        await shipStockBatch(tx, ctx, shipped);
        for (const r of shipped) {
          shippedUnits += r.quantity;
          if (rand() < returnRate * r.quantity) {
            const day = t + 5 + Math.floor(rand() * 10);
            returns.set(day, [...(returns.get(day) ?? []), { sku: r.sku, locationId }]);
          }
        }
      }
      for (const r of returns.get(t) ?? []) {
        await restockReturn(tx, ctx, {
          sku: r.sku,
          locationId: r.locationId,
          quantity: 1,
          reference: { type: "simulation", id: `sim_return_${t}` },
          at: at(t, 15),
        });
        returnedUnits++;
      }
    });
    input.onDay?.(t + 1, input.days);
  }
  return { series: input.skus.length * input.locationIds.length, shippedUnits, returnedUnits, classes };
}
