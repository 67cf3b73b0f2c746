// Checks the stored levels against the movement ledger.
import { type Executor, inTransaction } from "../../db/transaction.js";
import { compareLevels, type LevelDifference, levelKey, type Quantities } from "../../domain/inventory.js";

export interface VerificationReport {
  ok: boolean;
  levels_checked: number;
  movements_checked: number;
  differences: LevelDifference[];
  checked_at: string;
}

/** Recomputes every level from the ledger and reports each state that disagrees. */
export async function verifyInventory(db: Executor): Promise<VerificationReport> {
  return inTransaction(db, async (tx) => {
    const sums = await tx
      .selectFrom("inventory_movements")
      .select((eb) => [
        "sku",
        "location_id",
        eb.fn.countAll<number>().as("n"),
        eb.fn.sum<number>("d_on_hand").as("on_hand"),
        eb.fn.sum<number>("d_committed").as("committed"),
        eb.fn.sum<number>("d_incoming").as("incoming"),
        eb.fn.sum<number>("d_damaged").as("damaged"),
        eb.fn.sum<number>("d_quality_control").as("quality_control"),
        eb.fn.sum<number>("d_safety_stock").as("safety_stock"),
      ])
      .groupBy(["sku", "location_id"])
      .execute();
    const ledger = new Map<string, Quantities>();
    let movements = 0;
    for (const s of sums) {
      movements += Number(s.n);
      ledger.set(levelKey(s.sku, s.location_id), {
        on_hand: Number(s.on_hand),
        committed: Number(s.committed),
        incoming: Number(s.incoming),
        damaged: Number(s.damaged),
        quality_control: Number(s.quality_control),
        safety_stock: Number(s.safety_stock),
      });
    }
    const levels = await tx.selectFrom("inventory_levels").selectAll().execute();
    const stored = new Map(levels.map((l) => [levelKey(l.sku, l.location_id), l]));
    const differences = compareLevels(stored, ledger);
    return {
      ok: differences.length === 0,
      levels_checked: levels.length,
      movements_checked: movements,
      differences,
      checked_at: new Date().toISOString(),
    };
  });
}
