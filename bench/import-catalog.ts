// Catalog CSV import benchmark: generates a catalog CSV (10 variants per product, barcodes,
// prices with tiers, kits at the end) and imports it into a fresh database in file mode.
//
//   npm run bench -- import-catalog [--rows 100000] [--keep file.csv]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- import-catalog
//
// Without BENCH_DATABASE_URL it uses a temporary SQLite file; with a postgres:// URL it creates
// and drops a scratch database on that server.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/database.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { withCheckDigit } from "../src/domain/gtin.js";
import { systemContext } from "../src/modules/access/actor.js";
import { importCatalog } from "../src/modules/catalog/import.js";
import { createPriceList } from "../src/modules/catalog/price-lists.js";
import { freshDatabase } from "../test/support/databases.js";

const COLOURS = ["Black", "White", "Navy", "Olive", "Sand"];
const SIZES = ["M", "L"];

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (line: string) =>
    out.write(`${line}\n`) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()));
  await write(
    "handle,title,vendor,product_type,tags,sku,option1_name,option1_value,option2_name,option2_value,barcode,weight_grams,backorder_policy,components,price,price_tiers",
  );
  const kits = Math.floor(rows / 100);
  const plain = rows - kits;
  let n = 0;
  for (let p = 0; n < plain; p++) {
    for (const colour of COLOURS) {
      for (const size of SIZES) {
        if (n >= plain) break;
        const first = colour === COLOURS[0] && size === SIZES[0];
        const sku = `P${p}-${colour.slice(0, 3).toUpperCase()}-${size}`;
        const price = (1000 + (p % 90) * 100) / 100;
        await write(
          [
            `product-${p}`,
            first ? `"Product ${p}, ${colour}"` : "",
            first ? "Bench Co" : "",
            first ? "Apparel" : "",
            first ? "bench;generated" : "",
            sku,
            "Colour",
            colour,
            "Size",
            size,
            withCheckDigit(`2${String(n).padStart(11, "0")}`),
            String(100 + (n % 900)),
            n % 10 === 0 ? "allow" : "",
            "",
            price.toFixed(2),
            p % 3 === 0 ? `10:${(price * 0.9).toFixed(2)};50:${(price * 0.8).toFixed(2)}` : "",
          ].join(","),
        );
        n++;
      }
    }
  }
  for (let k = 0; k < kits; k++) {
    const a = `P${k}-BLA-M`;
    const b = `P${k + 1}-WHI-L`;
    await write(`kit-${k},Kit ${k},Bench Co,Bundle,,KIT-${k},,,,,,,,${a}:2;${b}:1,49.00,`);
  }
  await new Promise<void>((r) => out.end(() => r()));
}

export default async function main(args: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const rows = Number(arg("rows") ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), "ordo-bench-import-"));
  const file = arg("keep") ?? join(dir, "catalog.csv");
  let t0 = Date.now();
  await writeCsv(file, rows);
  console.log(
    `generated ${rows} rows (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${Date.now() - t0} ms: ${file}`,
  );

  const pgAdmin = process.env.BENCH_DATABASE_URL;
  const target = pgAdmin
    ? await freshDatabase(pgAdmin, "ordo_bench")
    : { url: join(dir, "ordo.db"), drop: async () => {} };
  const config = loadConfig({ DATABASE_URL: target.url, LOG_LEVEL: "silent", SQLITE_SYNCHRONOUS: "FULL" });
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    await createPriceList(database.db, systemContext(), { code: "retail", name: "Retail", currency: "USD" });
    t0 = Date.now();
    let lastPhase = "";
    let writingAt = 0;
    const report = await importCatalog(database.db, systemContext("bench"), createReadStream(file), {
      priceList: "retail",
      onProgress: (p) => {
        if (p.phase !== lastPhase && p.phase === "writing") writingAt = Date.now();
        lastPhase = p.phase;
      },
    });
    const total = Date.now() - t0;
    console.log(
      `${database.dialect}: ${report.rows_imported}/${report.rows} rows, ${report.products_created} products, ` +
        `${report.variants_created} SKUs, ${report.skus_priced} priced, ${report.error_count} errors; ` +
        `${total} ms total (read + validate ${writingAt - t0} ms, one-transaction write ${Date.now() - writingAt} ms), ` +
        `${Math.round((report.rows / total) * 1000)} rows/s`,
    );
    if (report.error_count) console.log(report.errors.slice(0, 5));
  } finally {
    await database.close();
    await target.drop();
    if (!arg("keep")) rmSync(dir, { recursive: true, force: true });
  }
}
