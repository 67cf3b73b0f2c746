import { z } from "zod";
import { pageQuerySchema } from "../../http/pagination.js";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "A date YYYY-MM-DD");
const rateValue = z.number().nullable();

export const rangeQuery = z.object({
  from: day.optional().meta({ description: "first placed date (UTC), default 30 days ago" }),
  to: day.optional().meta({ description: "last placed date (UTC), default today" }),
});

export const kpiQuery = rangeQuery.extend({
  group_by: z.enum(["day", "channel", "country"]).default("day"),
});

export const drillQuery = rangeQuery.extend(pageQuerySchema.shape).extend({
  kpi: z.enum(["late", "split", "cancelled", "backordered", "returned"]),
});

const counters = z.record(z.string(), z.number());

const rates = {
  orders: z.number().int(),
  units: z.number().int(),
  revenue: z.array(z.object({ currency: z.string(), amount: z.number().int() })),
  fill_rate: rateValue.meta({ description: "finished orders shipped complete, nothing cancelled" }),
  line_fill_rate: rateValue.meta({ description: "units of finished orders not cancelled" }),
  on_time_rate: rateValue.meta({ description: "delivered by the promise, of orders delivered with one" }),
  otif_rate: rateValue,
  split_rate: rateValue,
  cancellation_rate: rateValue,
  backorder_rate: rateValue,
  return_rate: rateValue.meta({ description: "delivered orders with units returned" }),
  perfect_order_rate: rateValue.meta({
    description: "delivered in full, on time, nothing returned or damaged",
  }),
  avg_placed_to_shipped_hours: rateValue,
  avg_shipped_to_delivered_hours: rateValue,
  counters,
};

export const kpiBlockSchema = z.object(rates).meta({ id: "KpiBlock" });

export const kpiReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    group_by: z.enum(["day", "channel", "country"]),
    totals: z.object({
      ...rates,
      median_placed_to_shipped_hours: rateValue,
      p90_placed_to_shipped_hours: rateValue,
      median_shipped_to_delivered_hours: rateValue,
      p90_shipped_to_delivered_hours: rateValue,
    }),
    groups: z.array(z.object({ key: z.string(), ...rates })),
  })
  .meta({ id: "KpiReport" });

export const orderFactSchema = z
  .object({
    order_id: z.string(),
    number: z.number().int(),
    channel_id: z.string(),
    country: z.string(),
    region: z.string(),
    placed_date: z.string(),
    placed_at: z.string(),
    currency: z.string(),
    grand_total: z.number().int(),
    lines: z.number().int(),
    units: z.number().int(),
    cancelled_units: z.number().int(),
    shipped_units: z.number().int(),
    backordered: z.number().int(),
    fo_count: z.number().int(),
    first_shipped_at: z.string().nullable(),
    last_shipped_at: z.string().nullable(),
    delivered_at: z.string().nullable(),
    promised_date: z.string().nullable(),
    on_time: z.number().int().nullable(),
    in_full: z.number().int().nullable(),
    returned_units: z.number().int(),
    damaged_units: z.number().int(),
    status: z.string(),
    status_since: z.string(),
  })
  .meta({ id: "OrderFact" });

export const stuckSchema = z
  .object({
    data: z.array(
      z.object({
        order_id: z.string(),
        number: z.number().int(),
        channel_id: z.string(),
        country: z.string(),
        status: z.string(),
        status_since: z.string(),
        age_hours: z.number(),
        sla_hours: z.number(),
        locations: z.array(z.string()),
      }),
    ),
    by_status: z.array(
      z.object({
        status: z.string(),
        orders: z.number().int(),
        max_age_hours: z.number(),
        avg_age_hours: z.number(),
      }),
    ),
    by_location: z.array(
      z.object({ location_id: z.string(), orders: z.number().int(), max_age_hours: z.number() }),
    ),
  })
  .meta({ id: "StuckOrders" });

export const verificationSchema = z
  .object({
    ok: z.boolean(),
    facts: z.number().int(),
    rollup_rows: z.number().int(),
    differences: z.array(
      z.object({ key: z.string(), counter: z.string(), stored: z.number(), expected: z.number() }),
    ),
    fact_mismatches: z.array(
      z.object({ order_id: z.string(), field: z.string(), fact: z.unknown(), order: z.unknown() }),
    ),
  })
  .meta({ id: "AnalyticsVerification" });
