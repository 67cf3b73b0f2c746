/** One row per placed order: what its KPIs are made of, kept current in the order's transaction. */
export interface OrderFactsTable {
  order_id: string;
  number: number;
  channel_id: string;
  /** ISO 3166-1 alpha-2 of the shipping address ('' without one). */
  country: string;
  region: string;
  /** `YYYY-MM-DD` (UTC) the order was placed: the rollup row it counts in. */
  placed_date: string;
  placed_at: string;
  currency: string;
  grand_total: number;
  lines: number;
  units: number;
  cancelled_units: number;
  /** Units that have left (shipped, delivered or returned). */
  shipped_units: number;
  /** 1 when a line was backordered at capture. */
  backordered: number;
  /** Fulfillment orders (locations) the order was split into. */
  fo_count: number;
  first_shipped_at: string | null;
  last_shipped_at: string | null;
  delivered_at: string | null;
  /** `YYYY-MM-DD`: the requested delivery date, else the latest fulfillment order promise. */
  promised_date: string | null;
  /** Delivered by the promise (null: not delivered or nothing promised). */
  on_time: number | null;
  /** Everything ordered shipped, nothing cancelled (null until nothing more will ship). */
  in_full: number | null;
  returned_units: number;
  damaged_units: number;
  status: string;
  /** When the order entered its current status (for stuck orders). */
  status_since: string;
  /** Which of the rollup's rows for its key the order counts in (spreads concurrent captures). */
  shard: number;
  updated_at: string;
}

/** Additive counters per (placed date, channel, country, currency, shard). */
export interface KpiDailyTable {
  date: string;
  channel_id: string;
  country: string;
  currency: string;
  shard: number;
  orders: number;
  revenue: number;
  units: number;
  cancelled_units: number;
  cancelled_orders: number;
  backordered_orders: number;
  split_orders: number;
  shipped_orders: number;
  finished_orders: number;
  in_full_orders: number;
  finished_units: number;
  filled_units: number;
  delivered_orders: number;
  promised_delivered: number;
  on_time_delivered: number;
  otif_orders: number;
  returned_orders: number;
  perfect_orders: number;
  ship_seconds_sum: number;
  ship_count: number;
  delivery_seconds_sum: number;
  delivery_count: number;
}

export interface AnalyticsTables {
  order_facts: OrderFactsTable;
  kpi_daily: KpiDailyTable;
}
