import type { Executor } from "../db/transaction.js";
import type { Role } from "../domain/permissions.js";
import { createUser, seedContext } from "../modules/access/index.js";
import { seedCatalogDemo } from "../modules/catalog/demo.js";
import { seedInventoryDemo } from "../modules/inventory/index.js";
import { seedOrdersDemo } from "../modules/orders/index.js";

export const DEMO_PASSWORD = "demo-password";
export const DEMO_ADMIN_EMAIL = "admin@ordo.local";

const DEMO_USERS: Array<{ email: string; name: string; role: Role }> = [
  { email: DEMO_ADMIN_EMAIL, name: "Ada Admin", role: "admin" },
  { email: "manager@ordo.local", name: "Max Manager", role: "manager" },
  { email: "agent@ordo.local", name: "Alex Agent", role: "agent" },
  { email: "warehouse@ordo.local", name: "Wes Warehouse", role: "warehouse" },
  { email: "store@ordo.local", name: "Sam Store", role: "store" },
];

/**
 * Whether `ordo start` loads the demo data: into an empty database only, and by itself only for the
 * embedded quick start (SQLite). A PostgreSQL database is a real installation unless `--demo` says
 * otherwise: a known password there would be a door left open.
 */
export function shouldLoadDemo(opts: {
  databaseKind: "sqlite" | "postgres";
  empty: boolean;
  demoAsked: boolean;
}) {
  return opts.empty && (opts.demoAsked || opts.databaseKind === "sqlite");
}

export async function hasUser(db: Executor, email: string): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  return !!row;
}

/** Demo data for trying Ordo; running it again changes nothing. */
export async function seedDemo(db: Executor, log: (line: string) => void = () => {}): Promise<void> {
  const ctx = seedContext();
  for (const user of DEMO_USERS) {
    if (!(await hasUser(db, user.email))) await createUser(db, ctx, { ...user, password: DEMO_PASSWORD });
  }
  log(`demo users: ${DEMO_USERS.map((u) => u.email).join(", ")} (password ${DEMO_PASSWORD})`);
  await seedCatalogDemo(db, log);
  await seedInventoryDemo(db, log);
  await seedOrdersDemo(db, log);
}
