// Throwaway databases and ports for tests and benchmarks: a fresh PostgreSQL database on the
// given server, or a fresh SQLite file in a temporary directory.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { ulid } from "ulid";

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

const isPostgres = (url: string | null | undefined): url is string =>
  !!url && /^postgres(ql)?:\/\//.test(url);

export async function freshDatabase(
  adminUrl: string | null | undefined,
  prefix: string,
): Promise<ScratchDatabase> {
  if (!isPostgres(adminUrl)) {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    return { url: join(dir, "ordo.db"), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `${prefix.replace(/[^a-z0-9_]/g, "_")}_${ulid().toLowerCase()}`;
  const admin = async <T>(work: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  };
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      admin(async (c) => {
        // pg's pool.end() resolves before its sockets have closed; wait for them to go, or a
        // forced drop terminates them mid-goodbye and their error surfaces in the next test.
        for (let i = 0; i < 50; i++) {
          const { rows } = await c.query(
            "select count(*)::int as n from pg_stat_activity where datname = $1",
            [name],
          );
          if (rows[0].n === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await c.query(`drop database if exists ${name} with (force)`);
      }),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
