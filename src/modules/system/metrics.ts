import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../../db/database.js";
import { groupCommitterOf } from "../../db/group-commit.js";
import { deliveryStatus } from "../../flows/delivery-status.js";
import { lateCommitStats } from "../inventory/index.js";

/**
 * Request counts and latencies per route, Node's own process metrics, and how the write path
 * behaves under load (SQLite group commits, PostgreSQL stock races), for Prometheus.
 */
export function registerMetrics(app: FastifyInstance, database: Database, busEnabled: boolean): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // The dispatcher's backlog, read once per scrape (as GET /v1/delivery_status shows it): alert
  // on a growing queue, an old undelivered event or dead letters.
  let reading: { at: number; status: ReturnType<typeof deliveryStatus> } | null = null;
  const status = () => {
    if (!reading || Date.now() - reading.at > 1000)
      reading = { at: Date.now(), status: deliveryStatus(database.db, busEnabled) };
    return reading.status;
  };
  new Gauge({
    name: "ordo_delivery_backlog",
    help: "Outbox events not yet fanned out, and deliveries per queue and state",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      const s = await status();
      this.reset();
      this.set({ queue: "outbox", state: "pending_fan_out" }, s.outbox.pending_fan_out);
      for (const state of ["pending", "due", "dead"] as const)
        this.set({ queue: "webhooks", state }, s.webhooks[state]);
      this.set({ queue: "webhooks", state: "endpoints_disabled" }, s.webhooks.endpoints_disabled);
      for (const state of ["pending", "failed", "stored"] as const)
        this.set({ queue: "notifications", state }, s.notifications[state]);
      for (const state of ["pending", "dead"] as const) this.set({ queue: "bus", state }, s.bus[state]);
    },
  });
  new Gauge({
    name: "ordo_outbox_oldest_pending_seconds",
    help: "Age of the oldest event not yet fanned out (0 when none)",
    registers: [registry],
    async collect() {
      const oldest = (await status()).outbox.oldest_pending_at;
      this.set(oldest ? Math.max(0, (Date.now() - Date.parse(oldest)) / 1000) : 0);
    },
  });
  const group = groupCommitterOf(database.db);
  if (group) {
    new Counter({
      name: "ordo_sqlite_group_commits_total",
      help: "SQLite commits shared by concurrent transactions (group commit)",
      registers: [registry],
      collect() {
        this.reset();
        this.inc(group.stats.commits);
      },
    });
    new Counter({
      name: "ordo_sqlite_group_committed_transactions_total",
      help: "Transactions committed by group commits (divide by the commits for the mean group size)",
      registers: [registry],
      collect() {
        this.reset();
        this.inc(group.stats.transactions);
      },
    });
  }
  new Counter({
    name: "ordo_capture_stock_races_total",
    help: "Captures whose late stock commit found the stock gone and ran again (PostgreSQL)",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(lateCommitStats.races);
    },
  });
  const labelNames = ["method", "route", "status"] as const;
  const requests = new Counter({
    name: "ordo_http_requests_total",
    help: "HTTP requests",
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "ordo_http_request_duration_seconds",
    help: "HTTP request latency",
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook("onResponse", async (req, reply) => {
    // The route pattern, not the URL, so ids do not explode the label set.
    const labels = {
      method: req.method,
      route: req.routeOptions.url ?? "unmatched",
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });
  return registry;
}
