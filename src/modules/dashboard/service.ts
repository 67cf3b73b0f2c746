// The console's dashboard: a few counts and a chart, from the orders, channels and inventory services.
import type { Executor } from "../../db/transaction.js";
import { listChannels } from "../channels/index.js";
import { listAlerts } from "../inventory/index.js";
import { orderStats } from "../orders/index.js";
import type { DashboardView } from "./schemas.js";

const HOUR_MS = 3_600_000;
const MAX_ALERT_PAGES = 20;

/** The start of the caller's local day, as a UTC instant. `tzOffset` is minutes behind UTC. */
export function startOfLocalDay(now: Date, tzOffset: number): Date {
  const local = new Date(now.getTime() - tzOffset * 60_000);
  local.setUTCHours(0, 0, 0, 0);
  return new Date(local.getTime() + tzOffset * 60_000);
}

function localDay(instant: Date, tzOffset: number): string {
  return new Date(instant.getTime() - tzOffset * 60_000).toISOString().slice(0, 10);
}

export async function dashboard(
  db: Executor,
  opts: { days: number; tz_offset: number },
  now = new Date(),
): Promise<DashboardView> {
  const today = startOfLocalDay(now, opts.tz_offset);
  const chartFrom = new Date(today.getTime() - (opts.days - 1) * 24 * HOUR_MS);
  // Whole UTC hours, so the hourly buckets below can be re-bucketed into the caller's local days.
  const chartFromHour = new Date(Math.floor(chartFrom.getTime() / HOUR_MS) * HOUR_MS).toISOString();

  const [stats, channels, lowStock] = await Promise.all([
    orderStats(db, chartFromHour),
    listChannels(db, { limit: 500 }),
    countAlerts(db),
  ]);

  const channelById = new Map(channels.data.map((c) => [c.id, c]));
  const byDay = new Map<string, { orders: number; revenue: Map<string, number> }>();
  const todayKey = localDay(today, opts.tz_offset);
  const todayRevenue = new Map<string, number>();
  let todayOrders = 0;
  for (const row of stats.hourly) {
    const instant = new Date(`${row.hour}:00:00.000Z`);
    if (instant.getTime() < chartFrom.getTime() - HOUR_MS) continue;
    const dayKey = localDay(instant, opts.tz_offset);
    const channel = channelById.get(row.channel_id)?.code ?? row.channel_id;
    const key = `${dayKey}|${channel}`;
    const bucket = byDay.get(key) ?? { orders: 0, revenue: new Map() };
    const orders = Number(row.orders);
    const revenue = Number(row.revenue);
    bucket.orders += orders;
    bucket.revenue.set(row.currency, (bucket.revenue.get(row.currency) ?? 0) + revenue);
    byDay.set(key, bucket);
    if (dayKey === todayKey) {
      todayOrders += orders;
      todayRevenue.set(row.currency, (todayRevenue.get(row.currency) ?? 0) + revenue);
    }
  }
  const amounts = (m: Map<string, number>) =>
    [...m].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => b.amount - a.amount);
  return {
    today: { orders: todayOrders, revenue: amounts(todayRevenue) },
    orders_on_hold: stats.on_hold,
    backorders: stats.backordered_lines,
    low_stock_alerts: lowStock,
    open_orders: stats.open,
    orders_by_day: [...byDay]
      .map(([key, v]) => {
        const [day, channel] = key.split("|") as [string, string];
        return { day, channel, orders: v.orders, revenue: amounts(v.revenue) };
      })
      .sort((a, b) => a.day.localeCompare(b.day) || a.channel.localeCompare(b.channel)),
    channels: channels.data.map((c) => ({ id: c.id, code: c.code, name: c.name })),
    generated_at: now.toISOString(),
  };
}

/** Low-stock alerts through the inventory service (paged; bounded so the dashboard stays fast). */
async function countAlerts(db: Executor): Promise<number> {
  let total = 0;
  let cursor: string | undefined;
  for (let i = 0; i < MAX_ALERT_PAGES; i++) {
    const page = await listAlerts(db, {}, { limit: 500, cursor });
    total += page.data.length;
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return total;
}
