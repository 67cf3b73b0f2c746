import type { Executor } from "../../db/transaction.js";
import type { FieldError } from "../../domain/address.js";
import { conflict } from "../../domain/errors.js";
import { cancellable, cancelUnits, type OrderStatus } from "../../domain/order.js";
import type { RequestContext } from "../access/index.js";
import { releaseLineUnits } from "./allocation.js";
import { commitChange, derivedStatus, markBusy, reprice } from "./change.js";
import type { OrderLinesTable } from "./tables.js";
import { throwIf } from "./validation.js";
import { lockAndLoad, type OrderView, quantitiesOf } from "./view.js";

export async function cancelOrder(
  tx: Executor,
  ctx: RequestContext,
  id: string,
  input: { reason: string; lines?: Array<{ line_id: string; quantity: number }> | undefined },
): Promise<OrderView> {
  markBusy(tx, id);
  const loaded = await lockAndLoad(tx, id);
  const previous = loaded.order.status as OrderStatus;
  if (previous === "cancelled") throw conflict(`Order #${loaded.order.number} is already cancelled`);
  const targets: Array<{ line: OrderLinesTable; quantity: number }> = [];
  if (input.lines) {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    input.lines.forEach((t, i) => {
      const line = loaded.lines.find((l) => l.id === t.line_id);
      if (!line)
        errors.push({ path: `body.lines.${i}.line_id`, message: `No line ${t.line_id} on this order` });
      else if (seen.has(line.id)) errors.push({ path: `body.lines.${i}.line_id`, message: "Duplicate line" });
      else if (t.quantity > cancellable(quantitiesOf(line))) {
        errors.push({
          path: `body.lines.${i}.quantity`,
          message: `Only ${cancellable(quantitiesOf(line))} unit(s) can still be cancelled`,
        });
      } else targets.push({ line, quantity: t.quantity });
      if (line) seen.add(line.id);
    });
    throwIf(errors, 422, "The cancellation is invalid");
  } else {
    for (const line of loaded.lines) {
      const n = cancellable(quantitiesOf(line));
      if (n > 0) targets.push({ line, quantity: n });
    }
    if (!targets.length)
      throw conflict(`Nothing on order #${loaded.order.number} can be cancelled any more (already shipped)`);
  }
  for (const { line, quantity } of targets) {
    const { next, fromCommitted } = cancelUnits(quantitiesOf(line), quantity);
    if (fromCommitted > 0) await releaseLineUnits(tx, ctx, loaded, line, fromCommitted);
    Object.assign(line, next);
  }
  reprice(loaded);
  const full = derivedStatus(loaded) === "cancelled";
  const detail = targets.map((t) => ({ line_id: t.line.id, sku: t.line.sku, quantity: t.quantity }));
  return commitChange(tx, ctx, loaded, {
    action: full ? "order.cancelled" : "order.lines_cancelled",
    message: full
      ? `Order #${loaded.order.number} cancelled: ${input.reason}`
      : `Cancelled ${detail.map((d) => `${d.quantity} × ${d.sku}`).join(", ")}: ${input.reason}`,
    data: { reason: input.reason, lines: detail, grand_total: loaded.order.grand_total },
    events: [full ? "order.cancelled" : "order.updated"],
  });
}
