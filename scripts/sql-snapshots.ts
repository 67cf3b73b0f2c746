// `npm run sql:snapshots`: regenerate sql/*.sql on SQLite and (when reachable) PostgreSQL.
import { mkdirSync, writeFileSync } from "node:fs";
import { generateSnapshots } from "../test/sql/snapshots.js";

const pgUrl = process.env.SQL_SNAPSHOT_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
mkdirSync("sql", { recursive: true });
for (const target of [undefined, pgUrl]) {
  if (target) process.env.TEST_DATABASE_URL = target;
  else delete process.env.TEST_DATABASE_URL;
  try {
    const files = await generateSnapshots();
    for (const [name, content] of files) writeFileSync(`sql/${name}`, content);
    console.log(`wrote ${files.size} files for ${target ? "postgres" : "sqlite"}`);
  } catch (error) {
    console.error(`skipped ${target ? "postgres" : "sqlite"}: ${(error as Error).message}`);
  }
}
