import { Agent, request } from "node:http";
import { type Kysely, sql } from "kysely";
import { ulid } from "ulid";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/database.js";
import type { DB } from "../src/db/schema.js";
import { inTransaction } from "../src/db/transaction.js";
import { newId, nowIso } from "../src/lib/ids.js";
import { orderNumberValue } from "../src/modules/orders/capture.js";
import { arg, freshBenchDatabase, startOrdo } from "./support.js";

const ADMIN_KEY = "ordo_sk_bench_capture_0123456789abcdef";

async function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const r = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function must(url: string, method: string, path: string, body?: unknown) {
  const r = await call(url, method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

interface Setup {
  channel: string;
  channelId: string;
  location: string;
  skus: string[];
}

async function setUp(url: string, skuCount: number): Promise<Setup> {
  const loc = await must(url, "POST", "/v1/locations", {
    code: "bench-wh",
    name: "Bench warehouse",
    type: "warehouse",
    country: "US",
    region: "NY",
    postal_code: "10001",
    capabilities: ["ship"],
  });
  const pl = await must(url, "POST", "/v1/price_lists", { code: "bench", name: "Bench", currency: "USD" });
  const ch = await must(url, "POST", "/v1/channels", {
    code: "bench-web",
    name: "Bench web",
    type: "web",
    currency: "USD",
    price_list_id: pl.id,
    location_ids: [loc.id],
  });
  await must(url, "PUT", "/v1/tax_rates", { country: "US", region: "NY", rate_bps: 887, name: "NY" });
  const skus = Array.from({ length: skuCount }, (_, i) => `BENCH-${String(i).padStart(3, "0")}`);
  for (const sku of skus) {
    await must(url, "POST", "/v1/products", {
      title: `Bench ${sku}`,
      variants: [{ sku, weight_grams: 500 }],
    });
    await must(url, "POST", "/v1/inventory_adjustments", {
      sku,
      location_id: loc.id,
      delta: 10_000_000,
      reason: "received",
    });
  }
  await must(url, "POST", `/v1/price_lists/${pl.id}/prices`, {
    prices: skus.map((sku, i) => ({ sku, amount: 999 + i * 100 })),
  });
  return { channel: ch.code, channelId: ch.id, location: loc.id, skus };
}

function pickLines(skus: string[]): Array<{ sku: string; quantity: number }> {
  const chosen = new Set<string>();
  while (chosen.size < 3) chosen.add(skus[Math.floor(Math.random() * skus.length)]!);
  return [...chosen].map((sku) => ({ sku, quantity: 1 + Math.floor(Math.random() * 2) }));
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;

interface Run {
  ops: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

async function runFor(seconds: number, clients: number, op: () => Promise<boolean>): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const good = await op().catch(() => false);
        const t1 = performance.now();
        if (good) latencies.push(t1 - t0);
        else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { ops: latencies.length, errors, seconds: elapsed, latencies };
}

/** Payloads of the rows a real capture wrote, so the bare side writes rows of the same size. */
interface Payloads {
  idempotencyResponse: string;
  sourcingRequest: string;
  sourcingDecision: string;
  orderEvent: string;
  levelEvent: string;
  fulfillmentEvent: string;
  auditData: string;
  timelineData: string;
}

async function samplePayloads(db: Kysely<DB>): Promise<Payloads> {
  const one = async <T>(q: Promise<T | undefined>) => {
    const row = await q;
    if (!row) throw new Error("the HTTP run wrote no sample rows");
    return row;
  };
  const idem = await one(
    db
      .selectFrom("idempotency_keys")
      .select("response_body")
      .where("status", "=", "completed")
      .limit(1)
      .executeTakeFirst(),
  );
  const decision = await one(
    db.selectFrom("sourcing_decisions").select(["request", "decision"]).limit(1).executeTakeFirst(),
  );
  const event = (type: string) =>
    one(db.selectFrom("events").select("data").where("type", "=", type).limit(1).executeTakeFirst()).then(
      (r) => r.data,
    );
  const audit = await one(
    db
      .selectFrom("audit_events")
      .select("data")
      .where("action", "=", "order.created")
      .limit(1)
      .executeTakeFirst(),
  );
  const timeline = await one(db.selectFrom("order_events").select("data").limit(1).executeTakeFirst());
  return {
    idempotencyResponse: idem.response_body ?? "null",
    sourcingRequest: decision.request,
    sourcingDecision: decision.decision,
    orderEvent: await event("order.created"),
    levelEvent: await event("inventory.level_changed"),
    fulfillmentEvent: await event("fulfillment_order.created"),
    auditData: audit.data ?? "null",
    timelineData: timeline.data ?? "null",
  };
}

/**
 * The same stock commits and inserts as a capture, as bare SQL in one transaction. With
 * `payloads` it writes every row a capture writes (idempotency key, sourcing decision,
 * fulfillment order and lines, allocations, timeline, audit, outbox events) with payloads of
 * the same size; without, only the stock commits, movements and order rows.
 */
async function bareCapture(db: Kysely<DB>, s: Setup, payloads: Payloads | null): Promise<boolean> {
  const lines = pickLines(s.skus).sort((a, b) => (a.sku < b.sku ? -1 : 1));
  await inTransaction(db, async (tx) => {
    const now = nowIso();
    const orderId = newId("order");
    const lineIds = lines.map(() => newId("orderLine"));
    // One conditional UPDATE per (SKU, location), in SKU order (the no-oversell guarantee), then
    // the commit movements as one multi-row insert — as a capture writes them.
    for (const l of lines) {
      const row = await tx
        .updateTable("inventory_levels")
        .set({ committed: sql`committed + ${l.quantity}`, updated_at: now })
        .where("sku", "=", l.sku)
        .where("location_id", "=", s.location)
        .where(sql<boolean>`on_hand - committed - damaged - quality_control - safety_stock >= ${l.quantity}`)
        .returning("sku")
        .executeTakeFirst();
      if (!row) throw new Error("out of stock");
    }
    await tx
      .insertInto("inventory_movements")
      .values(
        lines.map((l, i) => ({
          id: newId("movement"),
          sku: l.sku,
          location_id: s.location,
          type: "commit",
          d_on_hand: 0,
          d_committed: l.quantity,
          d_incoming: 0,
          d_damaged: 0,
          d_quality_control: 0,
          d_safety_stock: 0,
          reason: null,
          note: null,
          reference_type: "order_line",
          reference_id: lineIds[i]!,
          actor_type: "system",
          actor_id: null,
          request_id: null,
          created_at: now,
        })),
      )
      .execute();
    await tx
      .insertInto("orders")
      .values({
        id: orderId,
        number: await orderNumberValue(tx),
        channel_id: s.channelId,
        external_ref: null,
        email: "bench@example.com",
        phone: null,
        customer_id: null,
        customer_name: "Bench",
        name_lc: "bench",
        shipping_address: null,
        billing_address: null,
        currency: "USD",
        subtotal: 0,
        discount_total: 0,
        shipping_total: 0,
        tax_total: 0,
        grand_total: 0,
        tax_rate_bps: 0,
        status: "open",
        open_holds: 0,
        requested_fulfillment: "ship",
        pickup_location_id: null,
        requested_delivery_date: null,
        promo_code: null,
        promo_rule: null,
        location_scope: "[]",
        notes: null,
        tags: "[]",
        version: 1,
        placed_at: now,
        cancelled_at: null,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx
      .insertInto("order_lines")
      .values(
        lines.map((l, i) => ({
          id: lineIds[i]!,
          order_id: orderId,
          sku: l.sku,
          title: `Bench ${l.sku}`,
          product_title: `Bench ${l.sku}`,
          variant_title: null,
          quantity: l.quantity,
          pending: 0,
          committed: l.quantity,
          backordered: 0,
          shipped: 0,
          delivered: 0,
          returned: 0,
          cancelled: 0,
          preorder: 0,
          unit_price: 0,
          price_override_reason: null,
          subtotal: 0,
          discount: 0,
          tax: 0,
          total: 0,
          location_id: s.location,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    if (payloads) await captureSideRows(tx, s, payloads, orderId, lines, lineIds, now);
  });
  return true;
}

async function captureSideRows(
  tx: Kysely<DB>,
  s: Setup,
  p: Payloads,
  orderId: string,
  lines: Array<{ sku: string; quantity: number }>,
  lineIds: string[],
  now: string,
): Promise<void> {
  const key = ulid();
  await tx
    .insertInto("idempotency_keys")
    .values({
      scope: "bench",
      key,
      fingerprint: "f".repeat(64),
      status: "processing",
      response_status: null,
      response_body: null,
      created_at: now,
    })
    .execute();
  const decisionId = newId("sourcingDecision");
  await tx
    .insertInto("sourcing_decisions")
    .values({
      id: decisionId,
      order_id: orderId,
      trigger: "capture",
      fulfillment_type: "ship",
      rule_id: null,
      request: p.sourcingRequest,
      decision: p.sourcingDecision,
      solver_ms: 0.1,
      created_at: now,
    })
    .execute();
  const foId = newId("fulfillmentOrder");
  await tx
    .insertInto("fulfillment_orders")
    .values({
      id: foId,
      order_id: orderId,
      location_id: s.location,
      fulfillment_type: "ship",
      status: "open",
      promised_ship_date: now.slice(0, 10),
      promised_delivery_date: now.slice(0, 10),
      sourcing_decision_id: decisionId,
      reason: null,
      version: 1,
      accepted_at: null,
      fulfilled_at: null,
      closed_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await tx
    .insertInto("fulfillment_order_lines")
    .values(
      lines.map((l, i) => ({
        fulfillment_order_id: foId,
        order_line_id: lineIds[i]!,
        sku: l.sku,
        quantity: l.quantity,
        fulfilled_quantity: 0,
        shortage_quantity: 0,
        picked_quantity: 0,
      })),
    )
    .execute();
  await tx
    .insertInto("order_allocations")
    .values(
      lines.map((l, i) => ({
        line_id: lineIds[i]!,
        location_id: s.location,
        order_id: orderId,
        sku: l.sku,
        quantity: l.quantity,
      })),
    )
    .execute();
  await tx
    .insertInto("order_events")
    .values({
      id: newId("orderEvent"),
      order_id: orderId,
      type: "order.created",
      message: "Order placed via bench",
      data: p.timelineData,
      actor_type: "api_key",
      actor_id: null,
      actor_name: "bench",
      request_id: null,
      created_at: now,
    })
    .execute();
  const audit = (resourceType: string, resourceId: string) => ({
    id: newId("audit"),
    actor_type: "api_key",
    actor_id: null,
    action: `${resourceType}.created`,
    resource_type: resourceType,
    resource_id: resourceId,
    data: p.auditData,
    request_id: null,
    created_at: now,
  });
  await tx.insertInto("audit_events").values(audit("fulfillment_order", foId)).execute();
  await tx.insertInto("audit_events").values(audit("order", orderId)).execute();
  const event = (type: string, resourceType: string, resourceId: string, data: string) => ({
    id: newId("event"),
    type,
    resource_type: resourceType,
    resource_id: resourceId,
    data,
    actor_type: "api_key",
    actor_id: null,
    request_id: null,
    created_at: now,
  });
  await tx
    .insertInto("events")
    .values([
      ...lines.map((l) =>
        event("inventory.level_changed", "inventory_level", `${l.sku}@${s.location}`, p.levelEvent),
      ),
      event("fulfillment_order.created", "fulfillment_order", foId, p.fulfillmentEvent),
      event("order.created", "order", orderId, p.orderEvent),
    ])
    .execute();
  await tx
    .updateTable("idempotency_keys")
    .set({ status: "completed", response_status: 201, response_body: p.idempotencyResponse })
    .where("scope", "=", "bench")
    .where("key", "=", key)
    .execute();
}

const fmt = (n: number, d = 1) => n.toFixed(d);

export default async function main(args: string[]): Promise<void> {
  const dbArg = arg(args, "db", "") || null;
  const seconds = Number(arg(args, "seconds", "10"));
  const clients = Number(arg(args, "clients", "32"));
  const skuCount = Number(arg(args, "skus", "40"));
  const target = await freshBenchDatabase(dbArg);
  const kind = target.url.startsWith("postgres") ? "postgresql" : "sqlite";
  const env = {
    DATABASE_URL: target.url,
    LOG_LEVEL: "silent",
    ORDO_ADMIN_API_KEY: ADMIN_KEY,
    DATABASE_POOL_SIZE: arg(args, "pool", "10"),
  };
  console.log(
    `capture benchmark on ${kind}: ${clients} clients, ${seconds} s per run, orders of 3 lines over ${skuCount} SKUs`,
  );
  const { url, child } = await startOrdo(env);
  let database: ReturnType<typeof openDatabase> | null = null;
  try {
    const setup = await setUp(url, skuCount);

    // HTTP: POST /v1/orders with an Idempotency-Key, as an integration would.
    // node:http with one kept-alive connection per client: the load generator shares the two
    // cores with Ordo, and fetch() costs it several times more CPU per request.
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const target = new URL(`${url}/v1/orders`);
    const post = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          target,
          {
            method: "POST",
            agent,
            headers: {
              authorization: `Bearer ${ADMIN_KEY}`,
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
              "idempotency-key": ulid(),
            },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    const place = async () => {
      const status = await post(
        JSON.stringify({
          channel: setup.channel,
          email: "bench@example.com",
          shipping_address: {
            name: "Bench Buyer",
            line1: "1 Main St",
            city: "New York",
            region: "NY",
            postal_code: "10001",
            country: "US",
          },
          lines: pickLines(setup.skus),
        }),
      );
      return status === 201;
    };
    await runFor(1, clients, place); // warm-up
    const http = await runFor(seconds, clients, place);
    agent.destroy();
    if (args.includes("--http-only")) {
      // For profiling the server (BENCH_NODE_ARGS="--cpu-prof …"): no bare-SQL runs.
      console.log(
        `HTTP capture  ${fmt(http.ops / http.seconds)} orders/s  p50 ${fmt(percentile(http.latencies, 50), 2)} ms  p99 ${fmt(percentile(http.latencies, 99), 2)} ms`,
      );
      return;
    }

    // Bare SQL, same database, same concurrency, while Ordo sits idle: one transaction and one
    // commit per order, as the issue defines the baseline.
    const config = loadConfig({ ...env, PORT: "0", SQLITE_GROUP_COMMIT: "1" });
    database = openDatabase(config.database);
    const db = database.db;
    const payloads = await samplePayloads(db);
    await runFor(1, clients, () => bareCapture(db, setup, payloads)); // warm-up
    const bare = await runFor(seconds, clients, () => bareCapture(db, setup, payloads));
    const core = await runFor(seconds, clients, () => bareCapture(db, setup, null));
    await database.close();
    // The same bare SQL with Ordo's group commit (SQLite), for comparison.
    database = openDatabase(loadConfig({ ...env, PORT: "0" }).database);
    const grouped = database.db;
    const bareGrouped =
      kind === "sqlite" ? await runFor(seconds, clients, () => bareCapture(grouped, setup, payloads)) : null;

    const httpRate = http.ops / http.seconds;
    const bareRate = bare.ops / bare.seconds;
    const stored = await sql<{ n: number }>`select count(*) as n from orders`.execute(grouped);
    console.log("");
    console.log(
      `HTTP capture  ${fmt(httpRate)} orders/s  p50 ${fmt(percentile(http.latencies, 50), 2)} ms  p99 ${fmt(percentile(http.latencies, 99), 2)} ms  (${http.ops} orders, ${http.errors} errors)`,
    );
    console.log(
      `bare SQL      ${fmt(bareRate)} tx/s      p50 ${fmt(percentile(bare.latencies, 50), 2)} ms  p99 ${fmt(percentile(bare.latencies, 99), 2)} ms  (${bare.ops} tx, ${bare.errors} errors)`,
    );
    console.log(
      `  (bare SQL of the stock commits, movements and order rows only: ${fmt(core.ops / core.seconds)} tx/s, p99 ${fmt(percentile(core.latencies, 99), 2)} ms)`,
    );
    if (bareGrouped) {
      const rate = bareGrouped.ops / bareGrouped.seconds;
      console.log(
        `  (the same bare SQL with group commit: ${fmt(rate)} tx/s, p99 ${fmt(percentile(bareGrouped.latencies, 99), 2)} ms; HTTP capture is ${fmt(httpRate / rate, 2)} of it)`,
      );
    }
    console.log(
      `ratio         ${fmt(httpRate / bareRate, 2)} of the bare-SQL rate (one commit per order) with the same writes (target ≥ 0.5); p99 target < 50 ms`,
    );
    console.log(`orders stored ${Number(stored.rows[0]?.n ?? 0)}`);
  } finally {
    await database?.close();
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await target.drop();
  }
}
