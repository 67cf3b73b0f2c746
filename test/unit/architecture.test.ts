// The layout rules, checked on the source itself: small files, and each capability's tables
// touched only by its own module (others ask it through its functions, or a flow combines both),
// and each module used by other modules only through its index.ts.
// Import cycles are refused by Biome's noImportCycles (an error in biome.json).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
const SRC = join(ROOT, "src");
const MAX_LINES = 500;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, "utf8"),
}));
const moduleOf = (path: string) => /^src\/modules\/([^/]+)\//.exec(path)?.[1] ?? null;

/** Table name → owning module, from each module's `export interface …Tables { table: Row }`. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const { path, text } of files) {
    const module = moduleOf(path);
    if (!module || !path.endsWith("/tables.ts")) continue;
    for (const [, body] of text.matchAll(/export interface \w+Tables \{([^}]*)\}/g))
      for (const [, table] of body!.matchAll(/^\s*(\w+):/gm)) owners.set(table!, module);
  }
  return owners;
}

// The query builder's entry points and the raw-SQL helpers that name a table.
const TABLE_USE =
  /(?:selectFrom|updateTable|insertInto|deleteFrom|innerJoin|leftJoin|rightJoin|sql\.table|insertRows\(\s*\w+,|countByStatus\(\s*\w+,)\s*\(?\s*"(\w+)|(?:from|join|update|into)\s+"?(\w+)"?\s/g;

describe("source layout", () => {
  it(`keeps every file in src at most ${MAX_LINES} lines`, () => {
    const long = files
      .map(({ path, text }) => ({ path, lines: text.split("\n").length - 1 }))
      .filter((f) => f.lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it("lets only a module itself touch its tables", () => {
    const owners = tableOwners();
    expect(owners.get("orders")).toBe("orders");
    expect(owners.get("inventory_levels")).toBe("inventory");
    const trespass: string[] = [];
    for (const { path, text } of files) {
      const module = moduleOf(path);
      if (!module) continue;
      for (const match of text.matchAll(TABLE_USE)) {
        const table = match[1] ?? match[2]!;
        const owner = owners.get(table);
        if (owner && owner !== module) trespass.push(`${path} uses ${table} (owned by ${owner})`);
      }
    }
    expect(trespass).toEqual([]);
  });

  it("lets a module use another module only through its index.ts", () => {
    const IMPORT = /\b(?:import|export)\s[^;]*?\bfrom\s+"(\.[^"]+)"|\bimport\(\s*"(\.[^"]+)"\s*\)/g;
    const SCHEMA_FILE = /\/(?:[\w-]+-)?schemas\.ts$/;
    // Kept direct on purpose, because going through the other module's index would be an import cycle:
    const allowed = (from: string, to: string) =>
      // Schema files are the modules' wire contract: they build on one another's schemas (addresses,
      // codes, currencies), and events/catalogue.ts assembles every event payload from them. The
      // outbox every module writes to checks payloads against the catalogue, so an index there
      // would lead back to the module that emits.
      ((SCHEMA_FILE.test(from) || from === "src/modules/events/catalogue.ts") && SCHEMA_FILE.test(to)) ||
      // Orders depends on fulfillment (sourcing and committing stock), so fulfillment's adapter to
      // orders takes these two files, which import nothing from fulfillment, directly.
      (from === "src/modules/fulfillment/order-side.ts" &&
        ["src/modules/orders/change.ts", "src/modules/orders/target.ts"].includes(to));
    const bypass: string[] = [];
    for (const { path, text } of files) {
      const module = moduleOf(path);
      if (!module) continue;
      for (const match of text.matchAll(IMPORT)) {
        const to = relative(ROOT, resolve(ROOT, dirname(path), match[1] ?? match[2]!)).replace(
          /\.js$/,
          ".ts",
        );
        const target = moduleOf(to);
        if (target === module && to === `src/modules/${module}/index.ts`)
          bypass.push(`${path} imports its own index`);
        if (!target || target === module || to === `src/modules/${target}/index.ts`) continue;
        if (!allowed(path, to)) bypass.push(`${path} imports ${to}`);
      }
    }
    expect(bypass).toEqual([]);
  });
});
