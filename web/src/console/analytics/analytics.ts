// The analytics API's shapes, inferred from its Zod schemas (type-only: nothing of the server
// ends up in the bundle), and how the page writes rates and hours.
import type * as analytics from "@ordo/modules/analytics/schemas.js";
import type { z } from "zod";

export type KpiReport = z.output<typeof analytics.kpiReportSchema>;
export type KpiBlock = z.output<typeof analytics.kpiBlockSchema>;
export type GroupBy = KpiReport["group_by"];
export type DrillKpi = z.output<typeof analytics.drillQuery>["kpi"];
export type OrderFact = z.output<typeof analytics.orderFactSchema>;
export type StuckOrders = z.output<typeof analytics.stuckSchema>;

export const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)} %`);
export const hrs = (v: number | null) => (v === null ? "—" : `${v.toFixed(1)} h`);
