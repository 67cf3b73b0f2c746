// CSV import (streaming, row-level errors, all-or-nothing per file) and export of levels.
import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import { stringify } from "csv-stringify/sync";
import type { Executor } from "../../db/transaction.js";
import { DomainError, type FieldError } from "../../domain/errors.js";
import { nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { getVariantsBySkus } from "../catalog/index.js";
import { getLocationsByIds } from "../locations/index.js";
import { type AppliedChange, recordChanges } from "./levels.js";
import { type LevelFilter, listLevels } from "./queries.js";
import type { InventoryLevelsTable } from "./tables.js";

export const EXPORT_COLUMNS = [
  "sku",
  "location_id",
  "on_hand",
  "committed",
  "available",
  "incoming",
  "unavailable",
  "damaged",
  "quality_control",
  "safety_stock",
  "reorder_point",
  "reorder_quantity",
] as const;

/** Levels as CSV, page by page, so an export of any size streams in bounded memory. */
export async function* exportLevelsCsv(db: Executor, filter: LevelFilter): AsyncGenerator<string> {
  yield stringify([EXPORT_COLUMNS as unknown as string[]]);
  let cursor: string | undefined;
  do {
    const page = await listLevels(db, filter, { limit: 500, cursor });
    if (page.data.length) {
      yield stringify(page.data.map((l) => EXPORT_COLUMNS.map((c) => (l[c] === null ? "" : l[c]))));
    }
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}

export interface ImportRowError {
  line: number;
  field: string;
  message: string;
}

export class ImportError extends DomainError {
  constructor(
    readonly rowErrors: ImportRowError[],
    truncated: boolean,
  ) {
    super(
      "import-invalid",
      `The file has ${rowErrors.length}${truncated ? "+" : ""} invalid value(s); nothing was imported`,
      {
        // Sorted in place, so `rowErrors` reads in file order too.
        errors: rowErrors
          .sort((a, b) => a.line - b.line)
          .map((e) => ({
            path: `line ${e.line}.${e.field}`,
            message: e.message,
          })) as FieldError[],
        rows: rowErrors,
      },
    );
  }
}

const MAX_ERRORS = 1000;

const emptyLevel = (sku: string, location_id: string) => ({
  sku,
  location_id,
  on_hand: 0,
  committed: 0,
  incoming: 0,
  damaged: 0,
  quality_control: 0,
  safety_stock: 0,
  reorder_point: null,
  reorder_quantity: null,
});
const BATCH = 500;
const MAX_QTY = 1_000_000_000;

export interface ImportResult {
  rows: number;
  changed_levels: number;
  movements: number;
}

interface Row {
  line: number;
  sku: string;
  location_id: string;
  on_hand: number;
  reorder_point: number | null | undefined;
  reorder_quantity: number | null | undefined;
}

function parseCount(
  raw: string | undefined,
  line: number,
  field: string,
  errors: ImportRowError[],
  optional: boolean,
): number | null | undefined {
  const v = (raw ?? "").trim();
  if (v === "") {
    if (optional) return raw === undefined ? undefined : null;
    errors.push({ line, field, message: "Required" });
    return undefined;
  }
  if (!/^\d+$/.test(v)) {
    errors.push({
      line,
      field,
      message: /^-/.test(v)
        ? "Must not be negative"
        : /^\d*\.\d+$/.test(v)
          ? "Must be a whole number"
          : "Must be a whole number, e.g. 12",
    });
    return undefined;
  }
  const n = Number(v);
  if (n > MAX_QTY) {
    errors.push({ line, field, message: `Must be at most ${MAX_QTY}` });
    return undefined;
  }
  return n;
}

/**
 * Imports `sku,location_id,on_hand[,reorder_point,reorder_quantity]` (other columns, e.g. those
 * of an export, are ignored). on_hand is set to the file's value with a `count` movement
 * (reason `import`). The file streams through in batches inside ONE transaction: any invalid
 * row rolls the whole file back and the error report lists every problem (line, field, message).
 */
export async function importInventoryCsv(
  db: Executor,
  ctx: RequestContext,
  source: Readable,
  /** Rows read so far and the bytes of the file they span. */
  onProgress: (rows: number, bytes: number) => void = () => {},
): Promise<ImportResult> {
  const errors: ImportRowError[] = [];
  const work = async (tx: Executor): Promise<ImportResult> => {
    const parser = source.pipe(
      parse({
        columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
        bom: true,
        trim: true,
        info: true,
        skip_empty_lines: true,
      }),
    );
    const seen = new Set<string>();
    const result: ImportResult = { rows: 0, changed_levels: 0, movements: 0 };
    let batch: Row[] = [];
    let headerChecked = false;
    let bytes = 0;

    /**
     * Per batch: one multi-row insert creates missing levels, one select reads them all, then
     * each row is one compare-and-set UPDATE (retried on a level that moved meanwhile); the
     * movements go in as multi-row inserts.
     */
    const applyBatch = async (rows: Row[]) => {
      const now = nowIso();
      const pairs = new Map(rows.map((r) => [`${r.sku}\u0000${r.location_id}`, r]));
      const fresh = [...pairs.values()].map((r) => ({
        ...emptyLevel(r.sku, r.location_id),
        created_at: now,
        updated_at: now,
      }));
      for (let i = 0; i < fresh.length; i += 200) {
        await tx
          .insertInto("inventory_levels")
          .values(fresh.slice(i, i + 200))
          .onConflict((oc) => oc.columns(["sku", "location_id"]).doNothing())
          .execute();
      }
      const current = new Map(
        (
          await tx
            .selectFrom("inventory_levels")
            .selectAll()
            .where("sku", "in", [...new Set(rows.map((r) => r.sku))])
            .where("location_id", "in", [...new Set(rows.map((r) => r.location_id))])
            .execute()
        ).map((l) => [`${l.sku}\u0000${l.location_id}`, l]),
      );
      const applied: AppliedChange[] = [];
      for (const [key, r] of pairs) {
        let level = current.get(key) as InventoryLevelsTable;
        for (;;) {
          const diff = r.on_hand - level.on_hand;
          const reorder = {
            ...(r.reorder_point !== undefined && r.reorder_point !== level.reorder_point
              ? { reorder_point: r.reorder_point }
              : {}),
            ...(r.reorder_quantity !== undefined && r.reorder_quantity !== level.reorder_quantity
              ? { reorder_quantity: r.reorder_quantity }
              : {}),
          };
          if (diff === 0 && Object.keys(reorder).length === 0) break;
          const updated = await tx
            .updateTable("inventory_levels")
            .set({ on_hand: r.on_hand, ...reorder, updated_at: now })
            .where("sku", "=", r.sku)
            .where("location_id", "=", r.location_id)
            .where("on_hand", "=", level.on_hand)
            .returningAll()
            .executeTakeFirst();
          if (!updated) {
            level = await tx
              .selectFrom("inventory_levels")
              .selectAll()
              .where("sku", "=", r.sku)
              .where("location_id", "=", r.location_id)
              .executeTakeFirstOrThrow();
            continue;
          }
          result.changed_levels++;
          if (diff !== 0) {
            applied.push({
              change: {
                sku: r.sku,
                locationId: r.location_id,
                type: "count",
                delta: { on_hand: diff },
                reason: "import",
              },
              level: updated,
            });
          }
          break;
        }
      }
      await recordChanges(tx, ctx, applied);
      result.movements += applied.length;
    };

    const flush = async () => {
      const rows = batch;
      batch = [];
      if (rows.length === 0) return;
      const variants = await getVariantsBySkus(
        tx,
        rows.map((r) => r.sku),
      );
      const locations = new Set(
        (
          await getLocationsByIds(
            tx,
            rows.map((r) => r.location_id),
          )
        ).map((l) => l.id),
      );
      for (const r of rows) {
        const v = variants.get(r.sku);
        if (!v) errors.push({ line: r.line, field: "sku", message: `Unknown SKU ${r.sku}` });
        else if (v.is_kit)
          errors.push({ line: r.line, field: "sku", message: `${r.sku} is a kit; import its components` });
        if (!locations.has(r.location_id)) {
          errors.push({ line: r.line, field: "location_id", message: `Unknown location ${r.location_id}` });
        }
      }
      if (errors.length) return; // keep validating, stop writing: the file will be rolled back
      await applyBatch(rows);
    };

    for await (const record of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number; bytes: number };
    }>) {
      const line = record.info.lines;
      const rec = record.record;
      if (!headerChecked) {
        headerChecked = true;
        const missing = ["sku", "location_id", "on_hand"].filter((c) => !(c in rec));
        if (missing.length) {
          throw new ImportError(
            missing.map((c) => ({ line: 1, field: c, message: "Missing column" })),
            false,
          );
        }
      }
      result.rows++;
      const before = errors.length;
      const sku = (rec.sku ?? "").trim();
      const location_id = (rec.location_id ?? "").trim();
      if (!sku) errors.push({ line, field: "sku", message: "Required" });
      else if (sku.length > 100) errors.push({ line, field: "sku", message: "At most 100 characters" });
      if (!location_id) errors.push({ line, field: "location_id", message: "Required" });
      const on_hand = parseCount(rec.on_hand, line, "on_hand", errors, false);
      const reorder_point = parseCount(rec.reorder_point, line, "reorder_point", errors, true);
      const reorder_quantity = parseCount(rec.reorder_quantity, line, "reorder_quantity", errors, true);
      const key = `${sku}\u0000${location_id}`;
      if (sku && location_id) {
        if (seen.has(key))
          errors.push({ line, field: "sku", message: `${sku} at ${location_id} appears twice` });
        seen.add(key);
      }
      if (sku && location_id) {
        // Rows with a bad value still get their SKU and location checked, so one pass reports all.
        const valid = errors.length === before && typeof on_hand === "number";
        batch.push({
          line,
          sku,
          location_id,
          on_hand: valid ? on_hand : -1,
          reorder_point,
          reorder_quantity,
        });
        if (batch.length >= BATCH) await flush();
      }
      if (errors.length >= MAX_ERRORS) throw new ImportError(errors.slice(0, MAX_ERRORS), true);
      bytes = record.info.bytes;
      if (result.rows % 100 === 0) onProgress(result.rows, bytes);
    }
    await flush();
    onProgress(result.rows, bytes);
    if (errors.length) throw new ImportError(errors, false);
    if (result.rows === 0)
      throw new ImportError([{ line: 1, field: "file", message: "No rows to import" }], false);
    await recordAudit(tx, ctx, {
      action: "inventory.imported",
      resourceType: "inventory_import",
      resourceId: ctx.requestId ?? "cli",
      data: result,
    });
    return result;
  };
  // Not retried: a stream cannot be read twice. One transaction makes the file all-or-nothing.
  try {
    return db.isTransaction ? await work(db) : await db.transaction().execute(work);
  } catch (error) {
    if (error instanceof ImportError || error instanceof DomainError) throw error;
    const code = (error as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("CSV_")) {
      const line = (error as { lines?: number }).lines ?? 0;
      throw new ImportError([{ line, field: "file", message: (error as Error).message }], false);
    }
    throw error;
  }
}
