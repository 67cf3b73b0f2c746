// What every benchmark needs: arguments, a fresh database, and Ordo running as its own process.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, freshDatabase } from "../test/support/databases.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

/** A fresh database: on the PostgreSQL server of `dbArg`, else a SQLite file. */
export const freshBenchDatabase = (dbArg: string | null) => freshDatabase(dbArg, "ordo_bench");

/**
 * Ordo as it runs in production (`npm start`): the compiled server in its own process, built
 * first so the figures are for the code in the tree (tsx's on-the-fly transpiling and source
 * maps would be measured otherwise).
 */
export async function startOrdo(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const build = spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error("the server build failed");
  const port = await freePort();
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ") : [];
  const child = spawn(process.execPath, [...nodeArgs, join(root, "dist/cli.js"), "serve"], {
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
