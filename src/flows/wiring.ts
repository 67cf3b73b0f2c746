// The in-transaction reactions between modules, wired in one place: when one module's change
// must lead to another's in the same transaction, the lower module exposes a hook and this file
// connects it. Called once by every entry point (the server, the CLI) before any work.
import { setStockAvailableHandlers } from "../modules/inventory/index.js";
import { fillBackorders } from "../modules/orders/index.js";

export function wireModules(): void {
  // Stock that becomes available goes to waiting backorders first come, first served.
  setStockAvailableHandlers([fillBackorders]);
}
