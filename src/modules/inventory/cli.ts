// The `ordo import inventory` and `ordo inventory verify` commands (console output, exit codes).
import { createReadStream, statSync } from "node:fs";
import { SingleBar } from "cli-progress";
import type { Executor } from "../../db/transaction.js";
import { systemContext } from "../access/index.js";
import { ImportError, importInventoryCsv } from "./csv.js";
import { verifyInventory } from "./verification.js";

/** Imports a CSV file with a progress bar; returns the process exit code. */
export async function importInventoryFile(db: Executor, file: string): Promise<number> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    console.error(`cannot read ${file}`);
    return 2;
  }
  const bar = new SingleBar({
    format: "importing {bar} {percentage}% | {rows} rows",
    hideCursor: true,
    clearOnComplete: false,
    noTTYOutput: false,
    stream: process.stderr,
  });
  const stream = createReadStream(file);
  bar.start(Math.max(1, size), 0, { rows: 0 });
  try {
    // Progress is what the parser has consumed (and applied), not what the disk has read ahead.
    const result = await importInventoryCsv(db, systemContext("cli"), stream, (rows, bytes) => {
      bar.update(bytes, { rows });
    });
    bar.update(Math.max(1, size), { rows: result.rows });
    bar.stop();
    console.log(
      `imported ${result.rows} rows: ${result.changed_levels} levels changed, ${result.movements} movements written`,
    );
    return 0;
  } catch (error) {
    bar.stop();
    if (error instanceof ImportError) {
      console.error(`${error.detail}:`);
      for (const e of error.rowErrors) console.error(`  line ${e.line}, ${e.field}: ${e.message}`);
      return 1;
    }
    throw error;
  }
}

/** Prints the verification report; exit code 0 when every level matches its ledger. */
export async function verifyInventoryCommand(db: Executor): Promise<number> {
  const report = await verifyInventory(db);
  console.log(`checked ${report.levels_checked} levels against ${report.movements_checked} movements`);
  if (report.ok) {
    console.log("ok: every level equals the sum of its ledger");
    return 0;
  }
  console.log(`${report.differences.length} difference(s):`);
  for (const d of report.differences) {
    console.log(`  ${d.sku} @ ${d.location_id} ${d.state}: stored ${d.stored}, ledger says ${d.ledger}`);
  }
  return 1;
}
