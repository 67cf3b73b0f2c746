// `ordo forecast` (a forecast run) and `ordo simulate` (realistic sales history for trying it),
// each with a progress bar.
import { Readable } from "node:stream";
import { SingleBar } from "cli-progress";
import { type Command, InvalidArgumentError } from "commander";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { systemContext } from "../modules/access/index.js";
import { importCatalog } from "../modules/catalog/index.js";
import { runForecasts, seedDemandHistory } from "../modules/forecasting/index.js";
import { verifyInventoryCommand } from "../modules/inventory/index.js";
import { listLocations } from "../modules/locations/index.js";

type WithDatabase = <T>(work: (database: Database, config: Config) => Promise<T>) => Promise<T>;

const wholeNumber = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
  return n;
};

const bar = (label: string) =>
  new SingleBar({
    format: `${label} {bar} {percentage}% | {value}/{total} {unit}`,
    hideCursor: true,
    clearOnComplete: false,
    noTTYOutput: true,
    notTTYSchedule: 2000,
    stream: process.stderr,
  });

export function registerForecastCommands(program: Command, withDatabase: WithDatabase): void {
  program
    .command("forecast")
    .description("forecast demand per SKU × location (28 days) from the ledger and store the latest")
    .option("--to <day>", "last day of history, YYYY-MM-DD (default: yesterday)")
    .option(
      "--history-days <n>",
      "days of history to read (default: FORECAST_HISTORY_DAYS)",
      wholeNumber(28, 1095),
    )
    .option("--sku <skus>", "only these SKUs, comma-separated")
    .action(async (opts: { to?: string; historyDays?: number; sku?: string }) => {
      if (opts.to && !/^\d{4}-\d{2}-\d{2}$/.test(opts.to)) {
        console.error("--to must be a day: YYYY-MM-DD");
        process.exitCode = 2;
        return;
      }
      process.exitCode = await withDatabase(async (database, config) => {
        const progress = bar("forecast");
        let started = false;
        const run = await runForecasts(database.db, systemContext("cli"), {
          to: opts.to,
          historyDays: opts.historyDays ?? config.forecasting.historyDays,
          skus: opts.sku
            ?.split(",")
            .map((s) => s.trim())
            .filter(Boolean),
          onSku: (done, total) => {
            if (!started) progress.start(total, 0, { unit: "SKUs" });
            started = true;
            progress.update(done);
          },
        });
        if (started) progress.stop();
        console.log(
          `${run.id}: ${run.sku_count} SKUs, ${run.series_count} series, history ${run.history_from}…${run.history_to}, ${run.duration_ms} ms`,
        );
        return 0;
      });
    });

  program
    .command("simulate")
    .description(
      "write realistic sales history (SKUs SIM-0001…) into the ledger, back-dated, to try forecasting",
    )
    .option("--days <n>", "days of history, ending yesterday", wholeNumber(28, 1095), 365)
    .option("--skus <n>", "simulated SKUs (created when missing)", wholeNumber(1, 100_000), 50)
    .option(
      "--orders-per-day <n>",
      "units sold per day at the first location, all SKUs together",
      wholeNumber(1, 1_000_000),
      200,
    )
    .option("--locations <ids>", "location ids, comma-separated (default: up to 4 active locations)")
    .option("--seed <n>", "random seed", wholeNumber(0, 2 ** 31), 42)
    .action(
      async (opts: {
        days: number;
        skus: number;
        ordersPerDay: number;
        locations?: string;
        seed: number;
      }) => {
        process.exitCode = await withDatabase(async (database) => {
          const ctx = systemContext("cli");
          const skus = Array.from({ length: opts.skus }, (_, i) => `SIM-${String(i + 1).padStart(4, "0")}`);
          const csv = ["handle,title,sku", ...skus.map((s) => `${s.toLowerCase()},Simulated ${s},${s}`)].join(
            "\n",
          );
          const report = await importCatalog(database.db, ctx, Readable.from([csv]), { mode: "file" });
          if (!report.committed && report.variants_unchanged !== skus.length) {
            console.error("could not create the simulated SKUs");
            return 2;
          }
          const locationIds = opts.locations
            ? opts.locations.split(",").map((s) => s.trim())
            : (await listLocations(database.db, { active: "true" }, { limit: 4 })).data.map((l) => l.id);
          if (locationIds.length === 0) {
            console.error("no active location: create one first (or ordo seed --demo)");
            return 2;
          }
          const progress = bar("simulate");
          progress.start(opts.days, 0, { unit: "days" });
          const result = await seedDemandHistory(database.db, ctx, {
            skus,
            locationIds,
            days: opts.days,
            seed: opts.seed,
            unitsPerDay: opts.ordersPerDay,
            onDay: (done) => progress.update(done),
          });
          progress.stop();
          console.log(
            `${result.series} series (${Object.entries(result.classes)
              .map(([k, v]) => `${v} ${k}`)
              .join(", ")}): ${result.shippedUnits} units shipped, ${result.returnedUnits} returned`,
          );
          return verifyInventoryCommand(database.db);
        });
      },
    );
}
