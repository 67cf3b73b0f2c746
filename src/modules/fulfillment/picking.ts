// Picking at the location: each scan of a shelf barcode (SKU or GTIN) counts one more unit of a
// line picked; a code that is on no line is refused loudly so the wrong item never gets packed.
import { type Executor, inTransaction } from "../../db/transaction.js";
import { DomainError } from "../../domain/errors.js";
import { nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { getVariantsBySkus } from "../catalog/index.js";
import * as orderSide from "./order-side.js";
import { type FulfillmentOrder, getFulfillmentOrder, lockFulfillmentOrder } from "./queries.js";
import { announce, remaining, transition } from "./transitions.js";

export interface ScanInput {
  code: string;
  quantity?: number | undefined;
}

export interface ScanResult {
  fulfillment_order: FulfillmentOrder;
  order_line_id: string;
  sku: string;
  picked_quantity: number;
  /** Units of the line still to pick. */
  to_pick: number;
}

/** The line a scanned code stands for: its SKU or its variant's barcode, still to pick first. */
async function lineForCode(tx: Executor, fo: FulfillmentOrder, code: string) {
  const variants = await getVariantsBySkus(
    tx,
    fo.lines.map((l) => l.sku),
  );
  const wanted = code.trim();
  const matches = fo.lines.filter(
    (l) => l.sku === wanted || (variants.get(l.sku)?.barcode ?? null) === wanted,
  );
  if (matches.length === 0) {
    throw new DomainError("wrong-item", `${wanted} is not on ${fo.id}: put it back`, {
      code: wanted,
      expected_skus: fo.lines.filter((l) => remaining(l) - l.picked_quantity > 0).map((l) => l.sku),
    });
  }
  return matches.find((l) => remaining(l) - l.picked_quantity > 0) ?? matches[0]!;
}

/** Work on it has begun (first scan, first package): open or accepted → in_progress. */
export async function ensureStarted(
  tx: Executor,
  ctx: RequestContext,
  fo: FulfillmentOrder,
): Promise<FulfillmentOrder> {
  if (fo.status === "in_progress") return fo;
  const next = await transition(tx, fo, "start", "in_progress", { accepted_at: fo.accepted_at ?? nowIso() });
  await announce(tx, ctx, next, "in_progress");
  return next;
}

export async function scanItem(
  db: Executor,
  ctx: RequestContext,
  id: string,
  input: ScanInput,
): Promise<ScanResult> {
  return inTransaction(db, async (tx) => {
    let fo = await lockFulfillmentOrder(tx, id);
    await orderSide.assertNotHeld(tx, fo.order_id);
    const line = await lineForCode(tx, fo, input.code);
    const quantity = input.quantity ?? 1;
    const toPick = remaining(line) - line.picked_quantity;
    if (quantity > toPick) {
      throw new DomainError(
        "over-picked",
        `${line.sku}: ${toPick} left to pick on ${fo.id}, ${quantity} scanned`,
        { sku: line.sku, to_pick: toPick },
      );
    }
    fo = await ensureStarted(tx, ctx, fo);
    // Relative and guarded: two scanners on one order never lose a scan nor over-pick.
    const updated = await tx
      .updateTable("fulfillment_order_lines")
      .set((eb) => ({ picked_quantity: eb("picked_quantity", "+", quantity) }))
      .where("fulfillment_order_id", "=", fo.id)
      .where("order_line_id", "=", line.order_line_id)
      .where("sku", "=", line.sku)
      .where((eb) =>
        eb(eb("picked_quantity", "+", quantity), "<=", eb("quantity", "-", eb.ref("fulfilled_quantity"))),
      )
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new DomainError("over-picked", `${line.sku} was picked at the same time; scan again`, {
        sku: line.sku,
      });
    }
    const picked = line.picked_quantity + quantity;
    return {
      fulfillment_order: await getFulfillmentOrder(tx, id),
      order_line_id: line.order_line_id,
      sku: line.sku,
      picked_quantity: picked,
      to_pick: toPick - quantity,
    };
  });
}
