// Records the SQL that Ordo's hot paths execute, per dialect, with SQLite's query plans, so a
// diff of sql/*.sql shows every query change and which index each query uses.
import Database from "better-sqlite3";
import { type Client, startTestApp, type TestApp } from "../support/harness.js";
import { SCENARIOS } from "./scenarios.js";

export interface Scenario {
  name: string;
  description: string;
  /** Builds the data the scenario needs; its queries are not recorded. */
  setup?: (t: TestApp) => Promise<unknown>;
  /** The operation whose queries are recorded. */
  run: (admin: Client, state: unknown) => Promise<unknown>;
}

interface Recorded {
  sql: string;
  parameters: readonly unknown[];
}

// `in (?, ?, ?)` and `in ($3, $4)` read the same whatever the list length.
function normalize(sql: string): string {
  return sql.replace(/(\?|\$\d+)(, (\?|\$\d+))+/g, "…").replace(/\$\d+/g, "$n");
}

const isTransactionControl = (sql: string) => /^(begin|commit|rollback|savepoint|release)/i.test(sql);

/**
 * Reads issued together (Promise.all over a connection pool) complete in any order; sorting each
 * run of consecutive selects keeps the snapshot stable without hiding a change in the writes.
 */
function sortReadRuns(statements: Recorded[]): Recorded[] {
  const out: Recorded[] = [];
  let run: Recorded[] = [];
  const flush = () => {
    out.push(...run.sort((a, b) => (a.sql < b.sql ? -1 : a.sql > b.sql ? 1 : 0)));
    run = [];
  };
  for (const s of statements) {
    if (/^select/i.test(s.sql)) run.push(s);
    else {
      flush();
      out.push(s);
    }
  }
  flush();
  return out;
}

export async function generateSnapshots(): Promise<Map<string, string>> {
  let recording: Recorded[] | null = null;
  const t = await startTestApp({
    // The background dispatcher's polling would interleave with the recorded requests.
    env: { DISPATCH_ENABLED: "false" },
    onQuery: (sql, parameters) => {
      if (recording && !isTransactionControl(sql)) recording.push({ sql, parameters });
    },
  });
  const files = new Map<string, string>();
  try {
    const file = t.server.database.file;
    const planner = file ? new Database(file, { readonly: true }) : null;
    for (const scenario of SCENARIOS) {
      const state = scenario.setup ? await scenario.setup(t) : undefined;
      recording = [];
      await scenario.run(t.admin, state);
      const statements = sortReadRuns(recording);
      recording = null;
      const lines = [`-- ${scenario.name}: ${scenario.description}`, `-- dialect: ${t.dialect}`, ""];
      let previous = "";
      for (const { sql, parameters } of statements) {
        const text = normalize(sql);
        if (text === previous) continue; // a loop of the same statement reads as one
        previous = text;
        lines.push(`${text};`);
        if (planner && /^(select|update|delete|with)/i.test(sql)) {
          try {
            const plan = planner
              .prepare(`explain query plan ${sql}`)
              .all(...(parameters as unknown[])) as Array<{ detail: string }>;
            for (const step of plan) lines.push(`--   plan: ${step.detail}`);
          } catch {
            lines.push("--   plan: (not available)");
          }
        }
        lines.push("");
      }
      files.set(`${scenario.name}.${t.dialect}.sql`, `${lines.join("\n").trimEnd()}\n`);
    }
    planner?.close();
  } finally {
    await t.close();
  }
  return files;
}
