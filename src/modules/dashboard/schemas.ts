import { z } from "zod";

export const dashboardQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(14),
  /** The caller's UTC offset in minutes (as `Date#getTimezoneOffset` gives it) so "today" is their day. */
  tz_offset: z.coerce.number().int().min(-840).max(840).default(0),
});

const amount = z.object({ currency: z.string(), amount: z.number().int() });

export const dashboardSchema = z
  .object({
    today: z.object({
      orders: z.number().int(),
      revenue: z.array(amount).describe("Per currency, in minor units, cancelled orders excluded"),
    }),
    orders_on_hold: z.number().int(),
    backorders: z.number().int().describe("Open order lines waiting for stock"),
    low_stock_alerts: z.number().int(),
    open_orders: z.number().int(),
    orders_by_day: z.array(
      z.object({ day: z.string(), channel: z.string(), orders: z.number().int(), revenue: z.array(amount) }),
    ),
    channels: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
    generated_at: z.string(),
  })
  .meta({ id: "Dashboard" });

export type DashboardView = z.infer<typeof dashboardSchema>;
