// Aggregates over orders for dashboards: counts computed by the database, not by paging rows.
import { sql } from "kysely";
import type { Executor } from "../../db/transaction.js";

export interface HourlyOrders {
  /** `YYYY-MM-DDTHH` in UTC */
  hour: string;
  channel_id: string;
  currency: string;
  orders: number;
  /** Grand totals of orders not cancelled, in minor units. */
  revenue: number;
}

export interface OrderStats {
  hourly: HourlyOrders[];
  on_hold: number;
  backordered_lines: number;
  open: number;
}

/** Orders per UTC hour and channel since `fromHour` (ISO time), plus the open, held and backordered counts. */
export async function orderStats(db: Executor, fromHour: string): Promise<OrderStats> {
  const [hourly, held, backordered, open] = await Promise.all([
    db
      .selectFrom("orders")
      .select([
        sql<string>`substr(placed_at, 1, 13)`.as("hour"),
        "channel_id",
        "currency",
        sql<number>`count(*)`.as("orders"),
        sql<number>`sum(case when status = 'cancelled' then 0 else grand_total end)`.as("revenue"),
      ])
      .where("placed_at", ">=", fromHour)
      .where("status", "!=", "draft")
      .groupBy([sql`substr(placed_at, 1, 13)`, "channel_id", "currency"])
      .execute(),
    db
      .selectFrom("orders")
      .select(sql<number>`count(*)`.as("n"))
      .where("open_holds", ">", 0)
      .where("status", "not in", ["cancelled", "shipped", "delivered", "returned"])
      .executeTakeFirst(),
    db
      .selectFrom("order_lines")
      .select(sql<number>`count(*)`.as("n"))
      .where("backordered", ">", 0)
      .executeTakeFirst(),
    db
      .selectFrom("orders")
      .select(sql<number>`count(*)`.as("n"))
      .where("status", "in", ["open", "backordered", "partially_shipped"])
      .executeTakeFirst(),
  ]);
  return {
    hourly: hourly.map((r) => ({ ...r, orders: Number(r.orders), revenue: Number(r.revenue) })),
    on_hold: Number(held?.n ?? 0),
    backordered_lines: Number(backordered?.n ?? 0),
    open: Number(open?.n ?? 0),
  };
}
