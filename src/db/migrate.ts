import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import * as m0001 from "./migrations/0001_platform.js";
import * as m0002 from "./migrations/0002_events.js";
import * as m0003 from "./migrations/0003_catalog.js";
import * as m0004 from "./migrations/0004_inventory.js";
import * as m0005 from "./migrations/0005_orders.js";
import * as m0006 from "./migrations/0006_delivery.js";
import * as m0007 from "./migrations/0007_fulfillment.js";
import * as m0008 from "./migrations/0008_order_number_sequence.js";
import * as m0009 from "./migrations/0009_retention.js";
import * as m0010 from "./migrations/0010_webhook_secret_rotation.js";
import * as m0011 from "./migrations/0011_bigint_amounts.js";
import * as m0012 from "./migrations/0012_order_line_titles.js";
import * as m0013 from "./migrations/0013_shipping.js";
import * as m0014 from "./migrations/0014_payments.js";
import * as m0015 from "./migrations/0015_cases.js";
import * as m0016 from "./migrations/0016_returns.js";
import * as m0017 from "./migrations/0017_feedback.js";
import * as m0018 from "./migrations/0018_analytics.js";
import * as m0019 from "./migrations/0019_forecasting.js";
import * as m0020 from "./migrations/0020_scheduling.js";

// Listed statically (not read from disk) so the same list runs from source, from dist and in tests.
const MIGRATIONS: Record<string, Migration> = {
  "0001_platform": m0001,
  "0002_events": m0002,
  "0003_catalog": m0003,
  "0004_inventory": m0004,
  "0005_orders": m0005,
  "0006_delivery": m0006,
  "0007_fulfillment": m0007,
  "0008_order_number_sequence": m0008,
  "0009_retention": m0009,
  "0010_webhook_secret_rotation": m0010,
  "0011_bigint_amounts": m0011,
  "0012_order_line_titles": m0012,
  "0013_shipping": m0013,
  "0014_payments": m0014,
  "0015_cases": m0015,
  "0016_returns": m0016,
  "0017_feedback": m0017,
  "0018_analytics": m0018,
  "0019_forecasting": m0019,
  "0020_scheduling": m0020,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
type AnyDb = Kysely<any>;

function migrator(db: AnyDb) {
  return new Migrator({
    db,
    provider,
    migrationTableName: "ordo_migrations",
    migrationLockTableName: "ordo_migrations_lock",
  });
}

export async function migrateToLatest(db: AnyDb): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Ready means every migration this build knows has been applied. */
export async function pendingMigrations(db: AnyDb): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
