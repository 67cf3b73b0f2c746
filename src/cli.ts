#!/usr/bin/env node
import { Command, InvalidArgumentError } from "commander";
import { registerForecastCommands } from "./cli/forecasting.js";
import { registerCatalogImport } from "./cli/import-catalog.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./db/database.js";
import { migrateToLatest } from "./db/migrate.js";
import { passwordWeakness } from "./domain/password-policy.js";
import { PERMISSIONS, ROLES, type Role } from "./domain/permissions.js";
import { wireModules } from "./flows/wiring.js";
import { createApiKey, createUser, needsSetup, setupLink, systemContext } from "./modules/access/index.js";
import { exportCatalogCsv, findPriceList, productsWithoutHandle } from "./modules/catalog/index.js";
import { importInventoryFile, verifyInventoryCommand } from "./modules/inventory/index.js";
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, hasUser, seedDemo } from "./seed/demo.js";
import { type RunningServer, shutdownOnSignals, startServer, startWithDemo } from "./serve.js";

const program = new Command("ordo").description("Ordo order management system");

function config() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/** Runs a command against a migrated database and closes it afterwards. */
async function withDatabase<T>(
  work: (db: ReturnType<typeof openDatabase>, cfg: Config) => Promise<T>,
): Promise<T> {
  const cfg = config();
  wireModules(cfg);
  const database = openDatabase(cfg.database);
  try {
    await migrateToLatest(database.db);
    return await work(database, cfg);
  } finally {
    await database.close();
  }
}

/** On an installation without users, the one way in: the first-admin setup link. */
async function setupNotice(server: RunningServer, cfg: Config): Promise<string[]> {
  if (!(await needsSetup(server.database.db))) return [];
  const base = cfg.publicUrl === `http://localhost:${cfg.port}` ? server.url : cfg.publicUrl;
  return [
    "  Ordo has no users yet. Create the first administrator (this link works until then):",
    `  ${setupLink(base, cfg.setupToken)}`,
    "  (or: ordo users create --role admin …)",
    "",
  ];
}

program
  .command("serve")
  .description("migrate the database and serve the API and web app")
  .action(async () => {
    const cfg = config();
    const server = await startServer(cfg);
    shutdownOnSignals(server);
    const notice = await setupNotice(server, cfg);
    if (notice.length) console.log(["", ...notice].join("\n"));
  });

program
  .command("start")
  .description(
    "what `npm start` runs: migrate, load demo data into an empty embedded (SQLite) database, serve",
  )
  .option("--demo", "load the demo data into an empty database of any kind, PostgreSQL included")
  .action(async (opts: { demo?: boolean }) => {
    const cfg = config();
    // Listens at once; /readyz answers 503 until the demo data (if any) is loaded.
    const { server, ready } = await startWithDemo(cfg, { demo: !!opts.demo });
    shutdownOnSignals(server);
    const { seeded } = await ready;
    const where = cfg.database.kind === "sqlite" ? cfg.database.file : "PostgreSQL";
    const hasDemoUsers = seeded || (await hasUser(server.database.db, DEMO_ADMIN_EMAIL));
    console.log(
      [
        "",
        `  Ordo is running at ${server.url}`,
        `  API docs:   ${server.url}/docs`,
        `  Database:   ${where}${seeded ? " (demo data loaded)" : ""}`,
        ...(hasDemoUsers ? [`  Demo login: ${DEMO_ADMIN_EMAIL} / ${DEMO_PASSWORD}`] : []),
        "",
        ...(await setupNotice(server, cfg)),
      ].join("\n"),
    );
  });

program
  .command("migrate")
  .description("apply pending database migrations")
  .action(async () => {
    const applied = await withDatabase((database) => migrateToLatest(database.db));
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "already up to date");
  });

program
  .command("seed")
  .description("load data")
  .requiredOption("--demo", "the demo data set (safe to run again)")
  .action(async () => {
    await withDatabase((database) => seedDemo(database.db, console.log));
  });

const users = program.command("users").description("staff users");
users
  .command("create")
  .requiredOption("--email <email>")
  .requiredOption("--name <name>")
  .requiredOption("--role <role>", ROLES.join(" | "), (value: string) => {
    if (!(ROLES as readonly string[]).includes(value))
      throw new InvalidArgumentError(`one of ${ROLES.join(", ")}`);
    return value as Role;
  })
  .option("--password <password>", "or set ORDO_PASSWORD")
  .action(async (opts: { email: string; name: string; role: Role; password?: string }) => {
    const password = opts.password ?? process.env.ORDO_PASSWORD;
    if (!password) {
      console.error("a password is required (--password or ORDO_PASSWORD)");
      process.exit(2);
    }
    const weakness = passwordWeakness(password, [opts.email, opts.name]);
    if (weakness) {
      console.error(`password refused: ${weakness}`);
      process.exit(2);
    }
    const user = await withDatabase((database) =>
      createUser(database.db, systemContext(), { ...opts, password }),
    );
    console.log(`created ${user.role} ${user.email} (${user.id})`);
  });

const apiKeys = program.command("api-keys").description("API keys for integrations");
apiKeys
  .command("create")
  .requiredOption("--name <name>")
  .option("--scopes <scopes>", `comma-separated: * or ${PERMISSIONS.join(", ")}`, "*")
  .action(async (opts: { name: string; scopes: string }) => {
    const scopes = opts.scopes.split(",").map((s) => s.trim());
    const unknown = scopes.filter((s) => s !== "*" && !(PERMISSIONS as readonly string[]).includes(s));
    if (unknown.length) {
      console.error(`unknown scopes: ${unknown.join(", ")}`);
      process.exit(2);
    }
    const { key, api_key } = await withDatabase((database) =>
      createApiKey(database.db, systemContext(), { name: opts.name, scopes: scopes as never }),
    );
    console.log(`created ${api_key.id} (${api_key.name}); the key, shown once:\n${key}`);
  });

const importCommands = program
  .command("import")
  .description("load data from CSV files (all or nothing per file)");
importCommands
  .command("inventory <file>")
  .description(
    "set on_hand (and reorder points) from sku,location_id,on_hand[,reorder_point,reorder_quantity]",
  )
  .action(async (file: string) => {
    process.exitCode = await withDatabase((database) => importInventoryFile(database.db, file));
  });

registerCatalogImport(importCommands, withDatabase);

program
  .command("export")
  .description("write data as CSV to standard output")
  .command("catalog")
  .description("the catalog in the import's format (edit it and import it again)")
  .option("--price-list <code>", "price list (code or id) for the price columns")
  .action(async (opts: { priceList?: string }) => {
    process.exitCode = await withDatabase(async (database) => {
      const priceList = opts.priceList ? await findPriceList(database.db, opts.priceList) : null;
      if (opts.priceList && !priceList) {
        console.error(`price list ${opts.priceList} does not exist`);
        return 2;
      }
      for await (const chunk of exportCatalogCsv(database.db, priceList)) process.stdout.write(chunk);
      const skipped = await productsWithoutHandle(database.db);
      if (skipped > 0) console.error(`${skipped} product(s) without a handle were not written`);
      return 0;
    });
  });

program
  .command("inventory")
  .description("inventory tools")
  .command("verify")
  .description("recompute every inventory level from the ledger and report any difference")
  .action(async () => {
    process.exitCode = await withDatabase((database) => verifyInventoryCommand(database.db));
  });

registerForecastCommands(program, withDatabase);

await program.parseAsync();
