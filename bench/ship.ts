// Shipping: how many SQL statements it takes to get a fulfillment order out of the door, and how
// fast labels render.
//
//   npm run bench -- ship [--labels 200] [--db postgres://postgres@127.0.0.1:5432/test]
//
// 1. Statements: a 3-line fulfillment order fulfilled in one call (`POST …/fulfil`, the old way
//    and the baseline) against the same order packed in one package and shipped
//    (`POST /v1/shipments/:id/ship`), counted from the database driver's query log. Picking,
//    packing and buying the label happen before and are counted apart.
// 2. Labels per second, PDF (4×6, Code 128 + QR) and ZPL II, against a baseline measured in the
//    same run: an empty 4×6 PDF page from the same library (the cost of PDF itself).
import PDFDocument from "pdfkit";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/database.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { inTransaction } from "../src/db/transaction.js";
import { wireModules } from "../src/flows/wiring.js";
import { systemContext } from "../src/modules/access/actor.js";
import { fulfilFulfillmentOrder } from "../src/modules/fulfillment/service.js";
import { captureOrder } from "../src/modules/orders/index.js";
import { carriersFor } from "../src/modules/shipping/carriers/registry.js";
import { type LabelData, renderLabelPdf, renderLabelZpl } from "../src/modules/shipping/documents/index.js";
import { buyLabel } from "../src/modules/shipping/labels.js";
import { packShipment } from "../src/modules/shipping/packing.js";
import { shipShipment } from "../src/modules/shipping/ship.js";
import { seedDemo } from "../src/seed/demo.js";
import { arg, freshBenchDatabase } from "./support.js";

const LABEL: LabelData = {
  trackingNumber: "OR0000012345678",
  trackingUrl: "https://shop.example.com/track?tracking_number=OR0000012345678",
  carrierName: "Ordo Rate Table",
  serviceName: "Standard",
  from: {
    name: "East DC",
    line1: "1 Warehouse Way",
    line2: null,
    city: "Avenel",
    region: "NJ",
    postalCode: "07001",
    country: "US",
  },
  to: {
    name: "Jane Doe",
    line1: "350 5th Ave",
    line2: "Floor 21",
    city: "New York",
    region: "NY",
    postalCode: "10001",
    country: "US",
  },
  weightGrams: 1250,
  packageIndex: 1,
  packageCount: 2,
  orderNumber: "10042",
  shipmentId: "shp_01JBENCH",
  shipDate: "2026-12-03",
};

async function emptyPage(): Promise<Buffer> {
  const doc = new PDFDocument({ size: [288, 432], margin: 0 });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.end();
  return done;
}

async function perSecond(n: number, work: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(10, n); i++) await work(); // warm up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await work();
  return n / ((performance.now() - t0) / 1000);
}

export default async function ship(args: string[]): Promise<void> {
  const labels = Number(arg(args, "labels", "200"));
  const dbArg = args.includes("--db") ? arg(args, "db", "") : null;
  const target = await freshBenchDatabase(dbArg);
  const config = loadConfig({ DATABASE_URL: target.url, LOG_LEVEL: "silent", SQLITE_SYNCHRONOUS: "NORMAL" });
  wireModules();
  let counting = false;
  let statements = 0;
  let control = 0;
  // Transaction control (begin, savepoint, release, commit) is counted apart from the work.
  const CONTROL = /^\s*(begin|start transaction|savepoint|release|commit|rollback)\b/i;
  const database = openDatabase(config.database, {
    onQuery: (q) => {
      if (!counting) return;
      if (CONTROL.test(q)) control++;
      else statements++;
    },
  });
  const { db } = database;
  const count = async (work: () => Promise<unknown>) => {
    statements = 0;
    control = 0;
    counting = true;
    try {
      await work();
    } finally {
      counting = false;
    }
    const counted = { statements, control };
    return { ...counted, toString: () => `${counted.statements} (+${counted.control} transaction control)` };
  };
  try {
    await migrateToLatest(db);
    await seedDemo(db);
    const ctx = systemContext();
    const carriers = carriersFor(config);
    const warehouse = await db
      .selectFrom("locations")
      .select("id")
      .where("type", "=", "warehouse")
      .orderBy("priority")
      .executeTakeFirstOrThrow();
    const stocked = await db
      .selectFrom("inventory_levels")
      .select("sku")
      .where("location_id", "=", warehouse.id)
      .where("on_hand", ">", 20)
      .orderBy("sku")
      .limit(3)
      .execute();
    const channel = await db.selectFrom("channels").select("code").orderBy("id").executeTakeFirstOrThrow();
    const threeLines = async () => {
      const { order } = await inTransaction(db, (tx) =>
        captureOrder(tx, ctx, {
          channel: channel.code,
          email: "bench@example.com",
          shipping_address: {
            name: "Bench",
            line1: "350 5th Ave",
            city: "New York",
            region: "NY",
            postal_code: "10001",
            country: "US",
          },
          lines: stocked.map((s) => ({ sku: s.sku, quantity: 1 })),
          requested_fulfillment: "ship",
        }),
      );
      const fo = await db
        .selectFrom("fulfillment_orders")
        .selectAll()
        .where("order_id", "=", order.id)
        .executeTakeFirstOrThrow();
      const lines = await db
        .selectFrom("fulfillment_order_lines")
        .selectAll()
        .where("fulfillment_order_id", "=", fo.id)
        .execute();
      if (lines.length !== 3)
        throw new Error(`expected one fulfillment order with 3 lines, got ${lines.length}`);
      return { fo, lines };
    };

    const before = await threeLines();
    const fulfil = await count(() => fulfilFulfillmentOrder(db, ctx, before.fo.id));

    const after = await threeLines();
    const packing = await count(async () => {
      const p = await packShipment(db, ctx, after.fo.id, {
        length_mm: 300,
        width_mm: 200,
        height_mm: 150,
        lines: after.lines.map((l) => ({ order_line_id: l.order_line_id, sku: l.sku, quantity: l.quantity })),
      });
      await buyLabel(db, ctx, carriers, p.id);
      (after as { shipmentId?: string }).shipmentId = p.id;
    });
    const shipmentId = (after as { shipmentId?: string }).shipmentId!;
    const shipping = await count(() => shipShipment(db, ctx, shipmentId));

    console.log(`database: ${database.dialect}`);
    console.log("SQL statements, 3-line fulfillment order:");
    console.log(`  fulfil in one call (baseline)   ${fulfil}`);
    console.log(
      `  ship its package                ${shipping}   (${(shipping.statements / fulfil.statements).toFixed(2)}× baseline)`,
    );
    console.log(`  pack + buy label, before        ${packing}`);

    const base = await perSecond(labels, emptyPage);
    const pdf = await perSecond(labels, () => renderLabelPdf(LABEL));
    const zpl = await perSecond(labels * 10, () => renderLabelZpl(LABEL));
    console.log(`labels per second (${labels} PDF, ${labels * 10} ZPL):`);
    console.log(`  empty 4×6 PDF page (baseline)   ${base.toFixed(0)}/s`);
    console.log(
      `  label PDF                       ${pdf.toFixed(0)}/s   (${(pdf / base).toFixed(2)}× baseline)`,
    );
    console.log(
      `  label ZPL                       ${zpl.toFixed(0)}/s   (${(zpl / base).toFixed(2)}× baseline)`,
    );
  } finally {
    await database.close();
    await target.drop();
  }
}
