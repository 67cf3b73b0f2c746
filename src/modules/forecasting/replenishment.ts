// Replenishment suggestions from the latest forecasts and current stock: per SKU × location the
// safety stock, reorder point and order-up-to level (src/domain/forecast/replenish.ts), then
// transfers from the locations that hold more than they need to those short, purchases for the rest,
// and the over-stock and dead-stock lists.
import type { Config } from "../../config.js";
import type { Executor } from "../../db/transaction.js";
import { type Forecast, type MethodName, planReplenishment } from "../../domain/forecast/index.js";
import { levelsOf } from "../inventory/index.js";
import { locationForecasts } from "./queries.js";

type Settings = Config["forecasting"];
const DEAD_STOCK_DAYS = 90;
const INTERMITTENT = new Set(["intermittent", "lumpy", "no-demand"]);
const r2 = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : null);

export interface PlanLine {
  sku: string;
  location_id: string;
  status: "dead-stock" | "overstock" | "reorder" | "ok";
  method: string | null;
  lead_time_days: number;
  service_level: number;
  on_hand: number;
  committed: number;
  incoming: number;
  inventory_position: number;
  mean_daily_demand: number;
  safety_stock: number;
  reorder_point: number;
  order_up_to: number;
  days_of_cover: number | null;
  suggested_order: number;
  excess_units: number;
}

export interface Suggestions {
  lines: PlanLine[];
  purchase_orders: Array<{ location_id: string; lines: Array<{ sku: string; quantity: number }> }>;
  transfers: Array<{
    origin_location_id: string;
    destination_location_id: string;
    lines: Array<{ sku: string; quantity: number }>;
  }>;
  overstock: PlanLine[];
  dead_stock: PlanLine[];
}

const leadTimeAt = (s: Settings, locationId: string) =>
  s.leadTimeDaysByLocation[locationId] ?? s.leadTimeDays;

/** Every SKU × location with a forecast or stock, planned; then moves and purchases. */
export async function replenishmentSuggestions(
  db: Executor,
  settings: Settings,
  filter: { location_id?: string | undefined },
): Promise<Suggestions> {
  const forecasts = await locationForecasts(db);
  const levels = await levelsOf(db, {});
  const levelAt = new Map(levels.map((l) => [`${l.sku}@${l.location_id}`, l]));
  const lines: PlanLine[] = [];
  const seen = new Set<string>();
  for (const f of forecasts) {
    const locationId = f.location_id!;
    seen.add(f.series_key);
    const level = levelAt.get(f.series_key);
    const point = JSON.parse(f.point) as number[];
    const forecast: Forecast = {
      method: f.method as MethodName,
      point,
      lower: JSON.parse(f.lower),
      upper: JSON.parse(f.upper),
      level: f.level,
      sigma: JSON.parse(f.sigma),
      cumulativeSigma: JSON.parse(f.cumulative_sigma),
      fitted: [],
      params: {},
    };
    const leadTime = leadTimeAt(settings, locationId);
    const plan = planReplenishment({
      forecast,
      history: JSON.parse(f.history) as number[],
      intermittent: INTERMITTENT.has(f.demand_class),
      serviceLevel: settings.serviceLevel,
      leadTimeDays: leadTime,
      reviewDays: settings.reviewDays,
      onHand: level?.on_hand ?? 0,
      onOrder: level?.incoming ?? 0,
      committed: level?.committed ?? 0,
      deadStockDays: DEAD_STOCK_DAYS,
    });
    lines.push({
      sku: f.sku,
      location_id: locationId,
      status: plan.status,
      method: f.method,
      lead_time_days: leadTime,
      service_level: settings.serviceLevel,
      on_hand: level?.on_hand ?? 0,
      committed: level?.committed ?? 0,
      incoming: level?.incoming ?? 0,
      inventory_position: plan.inventoryPosition,
      mean_daily_demand: r2(plan.meanDailyDemand) ?? 0,
      safety_stock: Math.ceil(plan.safetyStock),
      reorder_point: Math.ceil(plan.reorderPoint),
      order_up_to: Math.ceil(plan.orderUpTo),
      days_of_cover: r2(plan.daysOfCover),
      suggested_order: Math.ceil(plan.suggestedOrder),
      excess_units: Math.floor(plan.excessUnits),
    });
  }
  // Stock held for longer than the dead-stock window that never shipped in the forecast's history.
  const deadBefore = new Date(Date.now() - DEAD_STOCK_DAYS * 86_400_000).toISOString();
  for (const l of levels) {
    if (seen.has(`${l.sku}@${l.location_id}`) || l.on_hand <= 0 || l.created_at > deadBefore) continue;
    const leadTime = leadTimeAt(settings, l.location_id);
    lines.push({
      sku: l.sku,
      location_id: l.location_id,
      status: "dead-stock",
      method: null,
      lead_time_days: leadTime,
      service_level: settings.serviceLevel,
      on_hand: l.on_hand,
      committed: l.committed,
      incoming: l.incoming,
      inventory_position: l.on_hand + l.incoming - l.committed,
      mean_daily_demand: 0,
      safety_stock: 0,
      reorder_point: 0,
      order_up_to: 0,
      days_of_cover: null,
      suggested_order: 0,
      excess_units: Math.max(0, l.available),
    });
  }
  const { purchases, transfers } = balance(lines, levelAt);
  const involves = (...ids: string[]) => !filter.location_id || ids.includes(filter.location_id);
  const mine = lines.filter((l) => involves(l.location_id));
  return {
    lines: mine,
    purchase_orders: groupPurchases(purchases.filter((p) => involves(p.location_id))),
    transfers: transfers.filter((t) => involves(t.origin_location_id, t.destination_location_id)),
    overstock: mine.filter((l) => l.status === "overstock"),
    dead_stock: mine.filter((l) => l.status === "dead-stock"),
  };
}

/**
 * Per SKU: what a short location needs comes first from another location's available stock above
 * its own order-up-to level (largest surplus first), the rest is bought.
 */
function balance(lines: PlanLine[], levelAt: Map<string, { available: number }>) {
  const bySku = new Map<string, PlanLine[]>();
  for (const l of lines) bySku.set(l.sku, [...(bySku.get(l.sku) ?? []), l]);
  const purchases: Array<{ location_id: string; sku: string; quantity: number }> = [];
  const transfers: Suggestions["transfers"] = [];
  for (const [sku, group] of bySku) {
    const surplus = new Map(
      group.map((l) => {
        const available = levelAt.get(`${sku}@${l.location_id}`)?.available ?? 0;
        const keep = l.status === "dead-stock" && l.method === null ? 0 : l.order_up_to;
        return [l.location_id, l.suggested_order > 0 ? 0 : Math.max(0, Math.floor(available - keep))];
      }),
    );
    for (const short of group.filter((l) => l.suggested_order > 0)) {
      let need = short.suggested_order;
      const donors = [...surplus.entries()].filter(([, q]) => q > 0).sort((a, b) => b[1] - a[1]);
      for (const [donor, q] of donors) {
        if (need <= 0) break;
        const move = Math.min(q, need);
        surplus.set(donor, q - move);
        need -= move;
        transfers.push({
          origin_location_id: donor,
          destination_location_id: short.location_id,
          lines: [{ sku, quantity: move }],
        });
      }
      if (need > 0) purchases.push({ location_id: short.location_id, sku, quantity: need });
    }
  }
  return { purchases, transfers };
}

function groupPurchases(purchases: Array<{ location_id: string; sku: string; quantity: number }>) {
  const byLocation = new Map<string, Array<{ sku: string; quantity: number }>>();
  for (const p of purchases)
    byLocation.set(p.location_id, [
      ...(byLocation.get(p.location_id) ?? []),
      { sku: p.sku, quantity: p.quantity },
    ]);
  return [...byLocation.entries()].map(([location_id, lines]) => ({ location_id, lines }));
}
