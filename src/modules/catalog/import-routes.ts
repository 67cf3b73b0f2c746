import { Readable } from "node:stream";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { acceptCsvUploads, csvBody } from "../../http/csv-upload.js";
import { exportCatalogCsv, productsWithoutHandle } from "./export.js";
import { importCatalog, MAX_IMPORT_ERRORS } from "./import.js";
import { chosenPriceList } from "./price-lists.js";

/** Largest CSV accepted through the API (the CLI has no limit). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

const rowErrorSchema = z.object({ line: z.number().int(), field: z.string(), message: z.string() });

export const importReportSchema = z
  .object({
    id: z.string(),
    mode: z.enum(["file", "batch"]),
    dry_run: z.boolean(),
    price_list: z.string().nullable(),
    committed: z.boolean().describe("Whether anything was written"),
    rows: z.number().int(),
    rows_imported: z.number().int(),
    products_created: z.number().int(),
    products_updated: z.number().int(),
    variants_created: z.number().int(),
    variants_updated: z.number().int(),
    variants_unchanged: z
      .number()
      .int()
      .describe("Rows that matched what is stored: nothing written for them"),
    skus_priced: z.number().int().describe("SKUs whose prices were set (changed)"),
    batches_committed: z.number().int(),
    batches_failed: z.number().int(),
    error_count: z.number().int(),
    errors: z
      .array(rowErrorSchema)
      .describe(`Row-level problems (line, column, message); reading stops at ${MAX_IMPORT_ERRORS}`),
    stopped_at_line: z
      .number()
      .int()
      .nullable()
      .describe(
        `The line where reading stopped after ${MAX_IMPORT_ERRORS} problems (the rest was not checked)`,
      ),
    duration_ms: z.number().int(),
  })
  .meta({ id: "CatalogImportReport" });

const importQuery = z.object({
  mode: z
    .enum(["file", "batch"])
    .default("file")
    .describe("file: all or nothing; batch: each batch all or nothing"),
  batch_size: z.coerce.number().int().min(1).max(10_000).default(1000),
  price_list: z.string().max(64).optional().describe("Price list (id or code) for the price columns"),
  dry_run: z.enum(["true", "false"]).default("false").describe("Validate and report; write nothing"),
});

export const importRoutes: ModuleRoutes = (app, { database }) => {
  // The CSV body is handed to the importer as a stream, only on this route.
  app.register(async (scope) => {
    acceptCsvUploads(scope);
    scope.withTypeProvider<ZodTypeProvider>().post("/v1/imports/catalog", {
      schema: {
        tags: ["catalog"],
        summary:
          "Import a catalog CSV (text/csv body): products, variants, kits and prices, upserted by handle and SKU",
        description:
          "Answers 200 with the row report when rows were imported (or a dry run found no problem); 422 problem+json with the same report and `errors` when nothing was (file mode with any bad row, or batch mode with every batch bad).",
        querystring: importQuery,
        response: { 200: importReportSchema },
      },
      config: { permission: "catalog:write" },
      handler: async (req) => {
        const report = await importCatalog(database.db, contextOf(req), csvBody(req), {
          mode: req.query.mode,
          batchSize: req.query.batch_size,
          priceList: req.query.price_list,
          dryRun: req.query.dry_run === "true",
          maxBytes: MAX_IMPORT_BYTES,
        });
        const rejected = report.error_count > 0 && (report.mode === "file" || report.batches_committed === 0);
        if (rejected)
          throw new DomainError(
            "import-rejected",
            `${report.error_count} problem(s) in the file; ${report.mode === "file" ? "nothing was imported" : "no batch was imported"}`,
            {
              errors: report.errors.map((e) => ({ path: `line.${e.line}.${e.field}`, message: e.message })),
              report,
            },
          );
        return report;
      },
    });
  });

  app.withTypeProvider<ZodTypeProvider>().get("/v1/exports/catalog", {
    schema: {
      tags: ["catalog"],
      summary: "Export the catalog as CSV, in the import's format (edit it and import it again)",
      description:
        "Every variant of every product that has a handle, one row each, with its kit components; with `price_list`, its current base price and tiers. Importing an unedited export changes nothing. Products without a handle cannot be written (the format keys products by handle): the header `ordo-products-without-handle` counts them.",
      querystring: z.object({
        price_list: z.string().max(64).optional().describe("Price list (id or code) for the price columns"),
      }),
    },
    config: { permission: "catalog:read", produces: ["text/csv"] },
    handler: async (req, reply) => {
      const priceList = await chosenPriceList(database.db, req.query.price_list, "querystring.price_list");
      reply.header("content-type", "text/csv; charset=utf-8");
      reply.header("content-disposition", 'attachment; filename="catalog.csv"');
      reply.header("ordo-products-without-handle", String(await productsWithoutHandle(database.db)));
      return reply.send(Readable.from(exportCatalogCsv(database.db, priceList)));
    },
  });
};
