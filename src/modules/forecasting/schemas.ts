import { z } from "zod";
import { pageQuerySchema } from "../../http/pagination.js";
import { purchaseOrderSchema, transferSchema } from "../inventory/schemas.js";

const sku = z.string().trim().min(1).max(64);
const locationId = z.string().trim().min(1).max(64);
const day = z.iso.date();
const series = z.array(z.number());

export const runBody = z.strictObject({
  to: day.optional().describe("Last day of history (default: yesterday, UTC)"),
  history_days: z
    .number()
    .int()
    .min(28)
    .max(1095)
    .optional()
    .describe("Days of history read (default: config)"),
  skus: z
    .array(sku)
    .min(1)
    .max(10_000)
    .optional()
    .describe("Only these SKUs (default: every SKU that shipped)"),
});

export const runSchema = z
  .object({
    id: z.string(),
    history_from: z.string(),
    history_to: z.string(),
    horizon: z.number().int(),
    series_count: z.number().int(),
    sku_count: z.number().int(),
    duration_ms: z.number().int(),
    created_at: z.string(),
  })
  .meta({ id: "ForecastRun" });

const accuracy = z
  .object({
    mase: z.number().nullable().describe("Backtest MASE of the chosen method (lower is better; 1 = naive)"),
    wape: z.number().nullable(),
    seasonal_naive_mase: z.number().nullable().describe("The same backtest's seasonal naive: the yardstick"),
    seasonal_naive_wape: z.number().nullable(),
    skill: z.number().nullable().describe("1 − chosen MASE / seasonal naive MASE"),
  })
  .meta({ id: "ForecastAccuracy" });

export const forecastSchema = z
  .object({
    sku: z.string(),
    location_id: z
      .string()
      .nullable()
      .describe("null for the SKU's network (sum over locations, reconciled)"),
    scope: z.enum(["location", "network"]),
    run_id: z.string(),
    method: z.string(),
    demand_class: z.string(),
    history_from: z.string(),
    history_to: z.string(),
    horizon: z.number().int(),
    level: z.number().describe("Coverage of [lower, upper]"),
    share: z.number(),
    accuracy,
    total: z.number().describe("Units forecast over the horizon"),
    point: series.describe("Daily forecast from the day after history_to"),
    lower: series,
    upper: series,
    created_at: z.string(),
  })
  .meta({ id: "Forecast" });

const withHistory = forecastSchema.extend({
  history: series.describe("Daily units shipped, history_from…history_to"),
});

export const skuForecastSchema = z
  .object({ sku: z.string(), network: withHistory, locations: z.array(withHistory) })
  .meta({ id: "SkuForecast" });

export const forecastQuery = pageQuerySchema.extend({
  sku: sku.optional(),
  location_id: locationId.optional(),
});
export const skuParams = z.strictObject({ sku });

const planLine = z
  .object({
    sku: z.string(),
    location_id: z.string(),
    status: z.enum(["dead-stock", "overstock", "reorder", "ok"]),
    method: z.string().nullable(),
    lead_time_days: z.number(),
    service_level: z.number(),
    on_hand: z.number().int(),
    committed: z.number().int(),
    incoming: z.number().int(),
    inventory_position: z.number(),
    mean_daily_demand: z.number(),
    safety_stock: z.number(),
    reorder_point: z.number(),
    order_up_to: z.number(),
    days_of_cover: z.number().nullable().describe("null: no demand"),
    suggested_order: z.number().int().describe("Units to bring in (transfers first, then purchase)"),
    excess_units: z.number().int(),
  })
  .meta({ id: "ReplenishmentLine" });

const lines = z
  .array(z.strictObject({ sku, quantity: z.number().int().min(1).max(10_000_000) }))
  .min(1)
  .max(500);

export const suggestionsQuery = z.object({ location_id: locationId.optional() });
export const suggestionsSchema = z
  .object({
    lines: z.array(planLine),
    purchase_orders: z.array(z.object({ location_id: z.string(), lines })),
    transfers: z.array(
      z.object({ origin_location_id: z.string(), destination_location_id: z.string(), lines }),
    ),
    overstock: z.array(planLine),
    dead_stock: z.array(planLine),
  })
  .meta({ id: "ReplenishmentSuggestions" });

export const acceptBody = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("purchase_order"),
    location_id: locationId,
    supplier: z.string().trim().min(1).max(200).optional().describe('Default: "default supplier"'),
    lines,
  }),
  z.strictObject({
    kind: z.literal("transfer"),
    origin_location_id: locationId,
    destination_location_id: locationId,
    lines,
  }),
]);

export const acceptSchema = z
  .object({
    kind: z.enum(["purchase_order", "transfer"]),
    id: z.string().describe("The purchase order's or transfer's id"),
    purchase_order: purchaseOrderSchema.optional(),
    transfer: transferSchema.optional(),
  })
  .meta({ id: "AcceptedSuggestion" });
