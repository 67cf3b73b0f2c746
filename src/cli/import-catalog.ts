// `ordo import catalog FILE.csv`: streams the file through the catalog importer with a progress bar.
import { createReadStream, statSync } from "node:fs";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import type { Database } from "../db/database.js";
import { DomainError } from "../domain/errors.js";
import { systemContext } from "../modules/access/index.js";
import { type ImportMode, importCatalog } from "../modules/catalog/index.js";

type WithDatabase = <T>(work: (database: Database) => Promise<T>) => Promise<T>;

interface Options {
  priceList?: string;
  mode: ImportMode;
  batchSize: number;
  dryRun?: boolean;
  progress: boolean;
}

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new InvalidArgumentError("a whole number from 1 to 10000");
  return n;
};

/** Runs the import; returns the process exit code (0 imported, 1 rejected rows, 2 unusable input). */
export async function importCatalogFile(database: Database, file: string, opts: Options): Promise<number> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    console.error(`cannot read ${file}`);
    return 2;
  }
  const bar = new SingleBar({
    format: "catalog {bar} {percentage}% | {rows} rows read | {written} written | {phase}",
    hideCursor: true,
    clearOnComplete: false,
    noTTYOutput: true,
    notTTYSchedule: 2000,
    stream: process.stderr,
  });
  if (opts.progress) bar.start(Math.max(1, size), 0, { rows: 0, written: 0, phase: "reading" });
  let writingTotal = 0;
  try {
    const report = await importCatalog(database.db, systemContext("cli"), createReadStream(file), {
      mode: opts.mode,
      batchSize: opts.batchSize,
      priceList: opts.priceList,
      dryRun: opts.dryRun ?? false,
      onProgress: (p) => {
        if (!opts.progress) return;
        if (p.phase === "writing") {
          // Reading is done: the bar now counts rows written in the file's one transaction.
          if (writingTotal === 0) {
            writingTotal = Math.max(1, p.rows);
            bar.setTotal(writingTotal);
          }
          bar.update(p.written, { rows: p.rows, written: p.written, phase: "writing" });
        } else if (p.phase === "reading") {
          bar.update(p.bytes, { rows: p.rows, written: p.written, phase: "reading" });
        } else {
          bar.update(writingTotal || Math.max(1, size), { rows: p.rows, written: p.written, phase: "done" });
        }
      },
    });
    if (opts.progress) bar.stop();
    const seconds = (report.duration_ms / 1000).toFixed(1);
    console.log(
      `${report.dry_run ? "checked" : "imported"} ${report.rows_imported} of ${report.rows} rows in ${seconds} s (${report.mode} mode): ` +
        `${report.products_created} products created, ${report.products_updated} updated; ` +
        `${report.variants_created} SKUs created, ${report.variants_updated} updated, ${report.variants_unchanged} unchanged; ${report.skus_priced} SKUs priced` +
        (report.mode === "batch"
          ? `; batches ${report.batches_committed} committed, ${report.batches_failed} skipped`
          : ""),
    );
    if (report.error_count > 0) {
      console.error(
        `${report.error_count} problem(s)${report.mode === "file" ? "; nothing was imported" : ""}:`,
      );
      for (const e of report.errors.slice(0, 100))
        console.error(`  line ${e.line}, ${e.field}: ${e.message}`);
      if (report.error_count > 100) console.error(`  … and ${report.error_count - 100} more`);
      if (report.stopped_at_line !== null)
        console.error(`  reading stopped at line ${report.stopped_at_line}: fix these and import again`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (opts.progress) bar.stop();
    if (error instanceof DomainError) {
      console.error(error.detail ?? error.title);
      return 2;
    }
    throw error;
  }
}

/** Adds `catalog` to the `import` command group. */
export function registerCatalogImport(importCommand: Command, withDatabase: WithDatabase): void {
  importCommand
    .command("catalog <file>")
    .description("import products, variants, kits and prices from a catalog CSV (see README for the columns)")
    .option("--price-list <code>", "price list (code or id) for the price and price_tiers columns")
    .option(
      "--mode <mode>",
      "file: all or nothing; batch: each batch all or nothing",
      (v: string) => {
        if (v !== "file" && v !== "batch") throw new InvalidArgumentError("file or batch");
        return v as ImportMode;
      },
      "file" as ImportMode,
    )
    .option("--batch-size <rows>", "rows per batch", positive, 1000)
    .option("--dry-run", "validate and report; write nothing")
    .option("--no-progress", "no progress bar")
    .action(async (file: string, opts: Options) => {
      process.exitCode = await withDatabase((database) => importCatalogFile(database, file, opts));
    });
}
