// `npm start`: build what is missing or stale, then run `ordo start` (migrate, seed when empty, serve).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;

function newestMtime(dir) {
  if (!statSync(dir).isDirectory()) return statSync(dir).mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function stale(output, ...sources) {
  if (!existsSync(join(root, output))) return true;
  const built = statSync(join(root, output)).mtimeMs;
  return sources.some((s) => existsSync(join(root, s)) && newestMtime(join(root, s)) > built);
}

function run(label, command, args) {
  console.log(`> ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (stale("dist/cli.js", "src")) run("building the server", "npx", ["tsc", "-p", "tsconfig.build.json"]);
if (existsSync(join(root, "web")) && stale("web/dist/index.html", "web/src", "web/index.html")) {
  run("building the web app", "npm", ["run", "build:web", "--silent"]);
}

// `npm start -- --demo` passes its options on to `ordo start`.
process.argv = [process.argv[0], join(root, "dist/cli.js"), "start", ...process.argv.slice(2)];
await import(join(root, "dist/cli.js"));
