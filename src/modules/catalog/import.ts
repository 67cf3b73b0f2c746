// Streaming catalog CSV import (`ordo import catalog`, `POST /v1/imports/catalog`).
//
// Rows are parsed and validated as they stream in, in batches, against the database and what the
// file said before. Mode `file` (default) writes nothing unless every row is valid, and then
// writes everything in one transaction. Mode `batch` writes each valid batch of rows in its own
// transaction and skips (entirely) each batch with an error; the report says which.
import { Readable, Transform } from "node:stream";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { parse } from "csv-parse";
import { type Executor, inTransaction } from "../../db/transaction.js";
import { type CatalogRow, checkHeader, parseCatalogRow, type RowError } from "../../domain/catalog-csv.js";
import { conflict, DomainError } from "../../domain/errors.js";
import { currencyDigits } from "../../domain/reference-codes.js";
import { newId } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { emptyState, mergeInto, type Plan, planBatch } from "./import-batch-planner.js";
import { applyPlans, type Totals } from "./import-plan-writer.js";
import { chosenPriceList } from "./price-lists.js";

export type ImportMode = "file" | "batch";

/** Problems after which an import stops reading (as the inventory import does). */
export const MAX_IMPORT_ERRORS = 1000;

export interface ImportProgress {
  bytes: number;
  rows: number;
  /** Rows written so far (grows while `phase` is `writing`). */
  written: number;
  phase: "reading" | "writing" | "done";
}

export interface ImportOptions {
  mode?: ImportMode;
  /** Rows per batch (validation round trips; in `batch` mode also the unit of all-or-nothing). */
  batchSize?: number;
  /** Price list (id or code) that the `price` and `price_tiers` columns go into. */
  priceList?: string | undefined;
  /** Validate only; write nothing. */
  dryRun?: boolean;
  /** Refuse input larger than this (bytes). */
  maxBytes?: number;
  /**
   * After this many problems reading stops (the rest of the file is neither checked nor written):
   * a file that bad needs fixing, not a longer report, and checking it all would tie the server up.
   */
  maxErrors?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportReport {
  id: string;
  mode: ImportMode;
  dry_run: boolean;
  price_list: string | null;
  /** Whether anything was written. */
  committed: boolean;
  rows: number;
  rows_imported: number;
  products_created: number;
  products_updated: number;
  variants_created: number;
  variants_updated: number;
  /** Rows for existing SKUs that changed nothing (fields, kit, prices): nothing written for them. */
  variants_unchanged: number;
  /** SKUs whose prices in the price list were set (changed). */
  skus_priced: number;
  batches_committed: number;
  batches_failed: number;
  error_count: number;
  errors: RowError[];
  /** The line where reading stopped after `maxErrors` problems; null when the whole file was read. */
  stopped_at_line: number | null;
  duration_ms: number;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** Imports a catalog CSV from a stream of bytes; see the module comment and README for the format. */
export async function importCatalog(
  db: Executor,
  ctx: RequestContext,
  source: AsyncIterable<Buffer | string> | Readable,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const started = Date.now();
  const mode = options.mode ?? "file";
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 1000, 10_000));
  const maxErrors = Math.max(1, options.maxErrors ?? MAX_IMPORT_ERRORS);
  const dryRun = options.dryRun ?? false;
  const priceList = await chosenPriceList(db, options.priceList, "querystring.price_list");
  const digits = priceList ? currencyDigits(priceList.currency) : 2;
  const importId = newId("catalogImport");

  const report: ImportReport = {
    id: importId,
    mode,
    dry_run: dryRun,
    price_list: priceList?.code ?? null,
    committed: false,
    rows: 0,
    rows_imported: 0,
    products_created: 0,
    products_updated: 0,
    variants_created: 0,
    variants_updated: 0,
    variants_unchanged: 0,
    skus_priced: 0,
    batches_committed: 0,
    batches_failed: 0,
    error_count: 0,
    errors: [],
    stopped_at_line: null,
    duration_ms: 0,
  };
  const addErrors = (errors: readonly RowError[]) => {
    for (const e of errors) {
      if (report.errors.length >= maxErrors) break;
      report.errors.push(e);
    }
    report.error_count = report.errors.length;
  };
  const tooManyErrors = () => report.errors.length >= maxErrors;

  let bytes = 0;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const counter = new Transform({
    transform(chunk: Buffer | string, _enc, done) {
      bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
      if (bytes > maxBytes)
        done(new DomainError("import-too-large", `The file is larger than ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
  const parser = parse({
    info: true,
    relax_column_count: true,
    skip_records_with_error: true,
    skip_empty_lines: true,
    bom: true,
    trim: true,
  });
  // After malformed CSV the parser's idea of where rows start is unreliable: rows from there on
  // are never written, in either mode.
  let brokenAt = Number.POSITIVE_INFINITY;
  parser.on("skip", (error: Error & { lines?: number }) => {
    const line = error.lines ?? 0;
    brokenAt = Math.min(brokenAt, line);
    addErrors([{ line, field: "(row)", message: `Malformed CSV: ${error.message}` }]);
    if (tooManyErrors()) stopReading(line);
  });
  const input = source instanceof Readable ? source : Readable.from(source);
  input.on("error", (e) => counter.destroy(e));
  counter.on("error", (e) => parser.destroy(e));
  input.pipe(counter).pipe(parser);

  const state = emptyState();
  const plans: Plan[] = [];
  const totals: Totals = {
    products_created: 0,
    products_updated: 0,
    variants_created: 0,
    variants_updated: 0,
    variants_unchanged: 0,
    skus_priced: 0,
  };
  let columns: string[] | null = null;
  let pending: CatalogRow[] = [];
  let pendingErrors = 0;
  let headerBroken = false;

  const flush = async () => {
    if (pending.length === 0 && pendingErrors === 0) return;
    const overlay = emptyState();
    const plan = await planBatch(db, pending, state, overlay, priceList);
    addErrors(plan.errors);
    const failed = plan.errors.length > 0 || pendingErrors > 0 || plan.lastLine >= brokenAt;
    if (mode === "file") {
      mergeInto(state, overlay);
      plans.push(plan);
    } else if (failed) {
      report.batches_failed++;
    } else {
      if (!dryRun) {
        await inTransaction(db, (tx) =>
          applyPlans(tx, ctx, newId("catalogImport"), [plan], priceList, totals),
        );
        report.committed = true;
      }
      report.batches_committed++;
      report.rows_imported += plan.rows;
      mergeInto(state, overlay);
    }
    pending = [];
    pendingErrors = 0;
    options.onProgress?.({ bytes, rows: report.rows, written: report.rows_imported, phase: "reading" });
    // Parsing and validating a batch is synchronous work: let other requests in between batches.
    await yieldToEventLoop();
  };
  /** Reads and discards the rest of the input: an HTTP upload must finish before the answer. */
  const discardRest = () => {
    input.unpipe(counter);
    input.resume();
  };
  const stopReading = (line: number) => {
    if (report.stopped_at_line !== null) return;
    report.stopped_at_line = line;
    discardRest();
    counter.end();
  };

  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const { record, info } = item;
    const line = info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    if (columns === null) {
      const header = checkHeader(record);
      columns = header.columns;
      if (header.errors.length) {
        addErrors(header.errors);
        headerBroken = true;
        discardRest();
        break;
      }
      continue;
    }
    report.rows++;
    if (record.length !== columns.length) {
      addErrors([
        { line, field: "(row)", message: `Expected ${columns.length} fields, found ${record.length}` },
      ]);
      pendingErrors++;
    } else {
      const fields: Record<string, string> = {};
      for (let i = 0; i < columns.length; i++) fields[columns[i]!] = record[i]!;
      const parsed = parseCatalogRow(fields, line, digits);
      if (parsed.row) pending.push(parsed.row);
      else {
        addErrors(parsed.errors);
        pendingErrors++;
      }
    }
    if (report.stopped_at_line !== null) break;
    if (tooManyErrors()) {
      stopReading(line);
      break;
    }
    if (pending.length + pendingErrors >= batchSize) await flush();
  }
  if (columns === null && !headerBroken)
    addErrors([{ line: 1, field: "(file)", message: "The file is empty" }]);
  if (!headerBroken && report.stopped_at_line === null) await flush();

  if (mode === "file") {
    const ok = report.error_count === 0 && columns !== null;
    report.batches_committed = ok ? plans.length : 0;
    report.batches_failed = ok ? 0 : plans.length;
    if (ok) {
      report.rows_imported = plans.reduce((n, p) => n + p.rows, 0);
      if (!dryRun) {
        const progress = (written: number) =>
          options.onProgress?.({ bytes, rows: report.rows, written, phase: "writing" });
        progress(0);
        try {
          await inTransaction(
            db,
            (tx) => {
              // A retried transaction starts counting again.
              Object.assign(totals, {
                products_created: 0,
                products_updated: 0,
                variants_created: 0,
                variants_updated: 0,
                variants_unchanged: 0,
                skus_priced: 0,
              });
              return applyPlans(tx, ctx, importId, plans, priceList, totals, progress);
            },
            { attempts: 3 },
          );
        } catch (error) {
          if (isUniqueViolation(error))
            throw conflict(
              "The catalog changed while the file was read (a SKU or handle now exists); import it again",
            );
          throw error;
        }
        report.committed = true;
      }
    }
  }
  Object.assign(report, totals);
  report.duration_ms = Date.now() - started;
  options.onProgress?.({ bytes, rows: report.rows, written: report.rows_imported, phase: "done" });
  return report;
}
