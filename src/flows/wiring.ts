// The in-transaction reactions between modules, wired in one place: when one module's change
// must lead to another's in the same transaction, the lower module exposes a hook and this file
// connects it. Called once by every entry point (the server, the CLI) before any work.
import type { Config } from "../config.js";
import { DEFAULT_SLA_POLICY } from "../domain/cases.js";
import { factOnCapture, factOnChange } from "../modules/analytics/index.js";
import { deliveryExceptionCases } from "../modules/cases/index.js";
import { requestFeedbackOnDelivery } from "../modules/feedback/index.js";
import { setStockAvailableHandlers } from "../modules/inventory/index.js";
import {
  fillBackorders,
  setOrderCapturedHandlers,
  setOrderChangedHandlers,
  setOrderPaymentHandler,
} from "../modules/orders/index.js";
import { authorizeCapturedOrder, settleOrderPayments } from "../modules/payments/index.js";
import { setDeliveryExceptionHandlers } from "../modules/shipping/index.js";

/** Ordo's own defaults, for entry points that run without a loaded config. */
const DEFAULT_CASES: Config["cases"] = { sla: DEFAULT_SLA_POLICY, deliveryAttemptsBeforeCase: 2 };
const DEFAULT_FEEDBACK: Config["feedback"] = { delayDays: 3 };

export function wireModules(
  config: Pick<Config, "cases"> & Partial<Pick<Config, "feedback">> = { cases: DEFAULT_CASES },
): void {
  // Stock that becomes available goes to waiting backorders first come, first served.
  setStockAvailableHandlers([fillBackorders]);
  // A captured order's payment is authorized; its packages are charged as they ship, and what is
  // left of the authorization released once nothing more will ship.
  setOrderPaymentHandler(authorizeCapturedOrder);
  // A delivered order gets its feedback survey, due FEEDBACK_DELAY_DAYS later.
  setOrderChangedHandlers([
    settleOrderPayments,
    requestFeedbackOnDelivery(config.feedback ?? DEFAULT_FEEDBACK),
    // Every change moves the order's analytics fact and the daily KPI rollup by the difference.
    factOnChange,
  ]);
  // A placed order's analytics fact and its first rollup counts, in the capture's transaction.
  setOrderCapturedHandlers([factOnCapture]);
  // A failed delivery (or the Nth attempt) opens a where_is_my_order case about the order, once.
  setDeliveryExceptionHandlers([deliveryExceptionCases(config.cases)]);
}
