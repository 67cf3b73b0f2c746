// What every benchmark needs: arguments, a fresh database, and Ordo running as its own process.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { ulid } from "ulid";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function freshDatabase(dbArg: string | null): Promise<{ url: string; drop(): Promise<void> }> {
  if (dbArg && /^postgres(ql)?:\/\//.test(dbArg)) {
    const name = `ordo_bench_${ulid().toLowerCase()}`;
    const admin = new pg.Client({ connectionString: dbArg });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(dbArg);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        const c = new pg.Client({ connectionString: dbArg });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "ordo-bench-"));
  return { url: join(dir, "ordo.db"), drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startOrdo(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ") : [];
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", join(root, "src/cli.ts"), "serve"], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`ordo serve exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("ordo serve did not become ready");
}
