import { stringify } from "csv-stringify/sync";
import type { ModuleRoutes } from "../../http/app-types.js";
import { pageSchema } from "../../http/pagination.js";
import { kpiRows } from "./csv.js";
import { drillDown, kpiReport } from "./queries.js";
import * as schemas from "./schemas.js";
import { stuckWithLocations, verifyAnalytics } from "./service.js";

const tags = ["analytics"];
const READ = { permission: "orders:read" } as const;

/** The range asked for, else the last 30 days (UTC). */
function range(q: { from?: string | undefined; to?: string | undefined }, now = new Date()) {
  const to = q.to ?? now.toISOString().slice(0, 10);
  const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

export const analyticsRoutes: ModuleRoutes = (app, { database, config }) => {
  const { db } = database;

  app.get("/v1/analytics/kpis", {
    schema: {
      tags,
      summary: "Order KPIs for placed dates from…to, in total and per day, channel or country",
      querystring: schemas.kpiQuery,
      response: { 200: schemas.kpiReportSchema },
    },
    config: READ,
    handler: async (req) => {
      const { from, to } = range(req.query);
      return kpiReport(db, from, to, req.query.group_by);
    },
  });

  app.get("/v1/analytics/kpis.csv", {
    schema: { tags, summary: "The same KPIs as CSV, one row per group", querystring: schemas.kpiQuery },
    config: { ...READ, produces: ["text/csv"] },
    handler: async (req, reply) => {
      const { from, to } = range(req.query);
      const report = await kpiReport(db, from, to, req.query.group_by);
      reply.header("content-type", "text/csv; charset=utf-8");
      reply.header(
        "content-disposition",
        `attachment; filename="kpis_${req.query.group_by}_${from}_${to}.csv"`,
      );
      return reply.send(stringify(kpiRows(report)));
    },
  });

  app.get("/v1/analytics/orders", {
    schema: {
      tags,
      summary: "The orders behind a KPI: late, split, cancelled, backordered or returned",
      querystring: schemas.drillQuery,
      response: { 200: pageSchema(schemas.orderFactSchema) },
    },
    config: READ,
    handler: async (req) => {
      const { from, to } = range(req.query);
      const { kpi, limit, cursor } = req.query;
      const page = await drillDown(db, kpi, from, to, { limit, cursor });
      return { ...page, data: page.data.map(({ shard: _s, updated_at: _u, ...fact }) => fact) };
    },
  });

  app.get("/v1/analytics/stuck", {
    schema: {
      tags,
      summary: "Orders in a status longer than its SLA (ANALYTICS_STUCK_HOURS), and where they wait longest",
      response: { 200: schemas.stuckSchema },
    },
    config: READ,
    handler: async () => stuckWithLocations(db, config.analytics.stuckHours, new Date()),
  });

  app.get("/v1/analytics/verification", {
    schema: {
      tags,
      summary: "Recompute the daily rollup from the order facts, and the facts from the orders, and compare",
      response: { 200: schemas.verificationSchema },
    },
    config: READ,
    handler: async () => verifyAnalytics(db),
  });
};
