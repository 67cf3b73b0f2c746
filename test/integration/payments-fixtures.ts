// Shared by the payments and returns tests: reading an order's money once the provider calls the
// processor makes after each change have all been answered.
import { expect } from "vitest";
import type { TestApp } from "../support/harness.js";
import { ok } from "./sourcing-fixtures.js";

export const TEST_CARD = "4242424242424242";

export const orderPayments = async (t: TestApp, orderId: string) =>
  ok(await t.admin.get(`/v1/orders/${orderId}/payments`));

/** Waits until nothing is in flight (authorization, charge, refund or release), then reads the payments. */
export async function settledPayments(t: TestApp, orderId: string) {
  await expect
    .poll(
      async () => {
        const p = await orderPayments(t, orderId);
        return p.authorize_pending + p.charge_pending + p.refund_pending + p.cancel_pending;
      },
      { timeout: 10_000, interval: 50 },
    )
    .toBe(0);
  return orderPayments(t, orderId);
}
