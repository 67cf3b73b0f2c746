// Order list at scale: 100,000 orders in the database, then the time to first result (first page
// of 50) of the console's searches over HTTP — by e-mail, number, name prefix, SKU, and the
// unfiltered first page — cold (first request after start) and warm (median of 5).
//
//   npm run bench -- order-list [--orders 100000] [--db postgres://postgres@127.0.0.1:5432/test]
//
// A few hundred real orders are captured through the orders service (pricing, stock, events);
// the rest are copies of them made with bulk INSERTs (new ids, numbers, customers, names, SKUs,
// dates spread over 180 days), because capturing 100k orders one by one takes many minutes and
// this benchmark is about reading. Ordo then runs as its own process (`ordo serve`).
import type { ChildProcess } from "node:child_process";
import { ulid } from "ulid";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/database.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { inTransaction } from "../src/db/transaction.js";
import { wireModules } from "../src/flows/wiring.js";
import { systemContext } from "../src/modules/access/actor.js";
import { captureOrder } from "../src/modules/orders/index.js";
import { seedDemo } from "../src/seed/demo.js";
import { arg, freshBenchDatabase, startOrdo } from "./support.js";

const ADMIN_KEY = "ordo_sk_bench_order_list_0123456789abcdef";
const FIRST = [
  "Ada",
  "Ben",
  "Cleo",
  "Dan",
  "Eva",
  "Finn",
  "Gia",
  "Hugo",
  "Iris",
  "Jon",
  "Kai",
  "Lena",
  "Milo",
  "Nora",
  "Omar",
  "Pia",
  "Quinn",
  "Rosa",
  "Sam",
  "Tara",
  "Uma",
  "Vic",
  "Wes",
  "Xena",
  "Yuri",
  "Zoe",
];
const LAST = [
  "Abbott",
  "Baker",
  "Chen",
  "Diaz",
  "Evans",
  "Fischer",
  "Garcia",
  "Hughes",
  "Ito",
  "Jones",
  "Khan",
  "Lopez",
  "Meyer",
  "Nguyen",
  "Okafor",
  "Patel",
  "Quist",
  "Rossi",
  "Smith",
  "Tanaka",
  "Usman",
  "Varga",
  "Weber",
  "Xu",
  "Young",
  "Zhang",
];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

export default async function orderList(args: string[]): Promise<void> {
  const total = Number(arg(args, "orders", "100000"));
  const dbArg = args.includes("--db") ? arg(args, "db", "") : null;
  const target = await freshBenchDatabase(dbArg);
  const config = loadConfig({ DATABASE_URL: target.url, LOG_LEVEL: "silent", SQLITE_SYNCHRONOUS: "NORMAL" });
  wireModules();
  const database = openDatabase(config.database);
  const { db } = database;
  let child: ChildProcess | null = null;
  try {
    await migrateToLatest(db);
    await seedDemo(db);
    const ctx = systemContext();
    const channels = await db.selectFrom("channels").select(["id", "code"]).execute();
    const stocked = await db
      .selectFrom("inventory_levels")
      .select("sku")
      .where("on_hand", ">", 50)
      .groupBy("sku")
      .execute();
    const skus = [...new Set(stocked.map((s) => s.sku))].slice(0, 60);
    if (skus.length === 0) throw new Error("the demo data has no stock to order");

    // 1. Real orders through the service: they are the templates for the copies.
    const templates = 200;
    const t0 = performance.now();
    for (let i = 0; i < templates; i++) {
      const first = pick(FIRST, i);
      const last = pick(LAST, i * 7);
      await inTransaction(db, (tx) =>
        captureOrder(tx, ctx, {
          channel: pick(channels, i).code,
          email: `${first}.${last}.${i}@example.com`.toLowerCase(),
          shipping_address: {
            name: `${first} ${last}`,
            line1: `${i} Main St`,
            city: "Reno",
            region: "NV",
            postal_code: "89501",
            country: "US",
          },
          lines: [
            { sku: pick(skus, i), quantity: 1 },
            { sku: pick(skus, i * 3 + 1), quantity: 2 },
          ],
          requested_fulfillment: "ship",
        }).catch(() => null),
      );
    }
    const captured = await db.selectFrom("orders").selectAll().execute();
    const capturedLines = await db.selectFrom("order_lines").selectAll().execute();
    console.log(
      `captured ${captured.length} template orders through the service in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    if (captured.length === 0) throw new Error("no template order could be captured");

    // 2. Bulk copies up to `total`, ids spread over 180 days so keyset order = time order.
    const linesByOrder = new Map<string, typeof capturedLines>();
    for (const l of capturedLines) linesByOrder.set(l.order_id, [...(linesByOrder.get(l.order_id) ?? []), l]);
    const maxNumber = Math.max(...captured.map((o) => o.number));
    const now = Date.now();
    const span = 180 * 24 * 3600_000;
    const t1 = performance.now();
    const batch = 400;
    const toMake = total - captured.length;
    for (let start = 0; start < toMake; start += batch) {
      const orders: typeof captured = [];
      const lines: typeof capturedLines = [];
      for (let k = start; k < Math.min(toMake, start + batch); k++) {
        const tpl = pick(captured, k);
        const at = now - span + Math.floor((k / toMake) * (span - 3600_000));
        const iso = new Date(at).toISOString();
        const id = `ord_${ulid(at)}`;
        const first = pick(FIRST, k);
        const last = pick(LAST, Math.floor(k / 26));
        const customer = k % 20_000; // 20k customers with ~5 orders each
        orders.push({
          ...tpl,
          id,
          number: maxNumber + 1 + k,
          email: `cust${customer}@example.com`,
          customer_id: null,
          customer_name: `${first} ${last}`,
          name_lc: `${first} ${last}`.toLowerCase(),
          external_ref: null,
          placed_at: iso,
          created_at: iso,
          updated_at: iso,
        });
        for (const [j, l] of (linesByOrder.get(tpl.id) ?? []).entries()) {
          lines.push({
            ...l,
            id: `ol_${ulid(at)}`,
            order_id: id,
            sku: pick(skus, k + j * 17),
            created_at: iso,
            updated_at: iso,
          });
        }
      }
      await inTransaction(db, async (tx) => {
        await tx.insertInto("orders").values(orders).execute();
        if (lines.length) await tx.insertInto("order_lines").values(lines).execute();
      });
      if ((start / batch) % 25 === 0)
        process.stdout.write(`\rinserted ${start + orders.length + captured.length} orders`);
    }
    const count = await db
      .selectFrom("orders")
      .select(db.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    console.log(
      `\rinserted copies: ${Number(count.n)} orders in the database (${((performance.now() - t1) / 1000).toFixed(1)} s)`,
    );
    if (database.dialect === "postgres") {
      const { sql } = await import("kysely");
      await sql`analyze`.execute(db);
    }
    await database.close();

    // 3. Ordo as its own process; searches over HTTP.
    const started = await startOrdo({ DATABASE_URL: target.url, ORDO_ADMIN_API_KEY: ADMIN_KEY });
    child = started.child;
    const url = started.url;
    const mid = maxNumber + Math.floor(toMake / 2);
    const sampleK = Math.floor(toMake / 3);
    const sampleName = `${pick(FIRST, sampleK)} ${pick(LAST, Math.floor(sampleK / 26))}`.toLowerCase();
    const sampleEmail = `cust${sampleK % 20_000}@example.com`;
    const searches: Array<[string, string]> = [
      ["first page, no filter", ""],
      ["by order number", `number=${mid}`],
      ["by e-mail", `email=${sampleEmail}`],
      ['by name prefix, common ("ada")', "name=ada"],
      ["by full name", `name=${encodeURIComponent(sampleName)}`],
      ["by name prefix, no match", "name=nobody"],
      ["by SKU", `sku=${encodeURIComponent(pick(skus, 3))}`],
      ["by SKU, no match", "sku=NO-SUCH-SKU"],
      ["status=open, first page", "status=open"],
      ["on hold (any)", "hold=any"],
    ];
    console.log(
      `\ntime to first result (GET /v1/orders?limit=50&…), ${database.dialect}, ${Number(count.n)} orders`,
    );
    console.log("search                              cold ms   warm median ms   rows");
    for (const [label, qs] of searches) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < 6; i++) {
        const t = performance.now();
        const r = await fetch(`${url}/v1/orders?limit=50${qs ? `&${qs}` : ""}`, {
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
        });
        const body = (await r.json()) as { data?: unknown[] };
        times.push(performance.now() - t);
        if (r.status !== 200) throw new Error(`${label}: ${r.status} ${JSON.stringify(body)}`);
        rows = body.data?.length ?? 0;
      }
      const warm = times.slice(1).sort((a, b) => a - b)[2] ?? 0;
      console.log(
        `${label.padEnd(36)}${times[0]!.toFixed(1).padStart(7)}${warm.toFixed(1).padStart(17)}${String(rows).padStart(7)}`,
      );
    }
  } finally {
    if (child) {
      child.kill("SIGTERM");
      await new Promise((r) => child?.once("exit", r));
    }
    await database.close().catch(() => {});
    await target.drop();
  }
}
