// The analytics API's shapes as the console reads them (see /openapi.json: KpiReport, OrderFact, StuckOrders).
export type GroupBy = "day" | "channel" | "country";
export type DrillKpi = "late" | "split" | "cancelled" | "backordered" | "returned";

export interface KpiBlock {
  orders: number;
  units: number;
  revenue: Array<{ currency: string; amount: number }>;
  fill_rate: number | null;
  line_fill_rate: number | null;
  on_time_rate: number | null;
  otif_rate: number | null;
  split_rate: number | null;
  cancellation_rate: number | null;
  backorder_rate: number | null;
  return_rate: number | null;
  perfect_order_rate: number | null;
  avg_placed_to_shipped_hours: number | null;
  avg_shipped_to_delivered_hours: number | null;
  counters: Record<string, number>;
}

export interface KpiReport {
  from: string;
  to: string;
  group_by: GroupBy;
  totals: KpiBlock & {
    median_placed_to_shipped_hours: number | null;
    p90_placed_to_shipped_hours: number | null;
    median_shipped_to_delivered_hours: number | null;
    p90_shipped_to_delivered_hours: number | null;
  };
  groups: Array<KpiBlock & { key: string }>;
}

export interface OrderFact {
  order_id: string;
  number: number;
  channel_id: string;
  country: string;
  placed_at: string;
  currency: string;
  grand_total: number;
  status: string;
  promised_date: string | null;
  delivered_at: string | null;
  fo_count: number;
  returned_units: number;
  cancelled_units: number;
}

export interface StuckOrders {
  data: Array<{
    order_id: string;
    number: number;
    channel_id: string;
    country: string;
    status: string;
    status_since: string;
    age_hours: number;
    sla_hours: number;
    locations: string[];
  }>;
  by_status: Array<{ status: string; orders: number; max_age_hours: number; avg_age_hours: number }>;
  by_location: Array<{ location_id: string; orders: number; max_age_hours: number }>;
}

export const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)} %`);
export const hrs = (v: number | null) => (v === null ? "—" : `${v.toFixed(1)} h`);
