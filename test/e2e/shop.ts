// Setting up a shop for a browser test through the HTTP API: a product stocked and priced, an
// order to a New York address. The browser tests then click through what people do with them.
import { expect } from "vitest";
import type { Client, Reply } from "../support/harness.js";

export function ok<T = any>(reply: Reply<T>, status = 200): T {
  expect(reply.status, `${reply.status} ${JSON.stringify(reply.body)}`).toBe(status);
  return reply.body;
}

/** A product with one variant, priced in the price list and with 10 units received at the location. */
export async function stockedProduct(
  admin: Client,
  at: { priceListId: string; locationId: string },
  sku: string,
  amount: number,
  variant: Record<string, unknown> = {},
): Promise<void> {
  ok(
    await admin.post("/v1/products", {
      title: `Product ${sku}`,
      variants: [{ sku, title: `Item ${sku}`, ...variant }],
    }),
    201,
  );
  const priced = await admin.post(`/v1/price_lists/${at.priceListId}/prices`, { prices: [{ sku, amount }] });
  expect(priced.status, JSON.stringify(priced.body)).toBeLessThan(300);
  ok(
    await admin.post("/v1/inventory_adjustments", {
      sku,
      location_id: at.locationId,
      delta: 10,
      reason: "received",
    }),
    201,
  );
}

/** An order placed on the channel, shipping to 350 5th Ave, New York. */
export async function placeOrder(
  admin: Client,
  order: { channel: string; email: string; name: string; lines: Array<{ sku: string; quantity: number }> },
  extra: Record<string, unknown> = {},
) {
  return ok(
    await admin.post("/v1/orders", {
      channel: order.channel,
      email: order.email,
      shipping_address: {
        name: order.name,
        line1: "350 5th Ave",
        city: "New York",
        region: "NY",
        postal_code: "10001",
        country: "US",
      },
      lines: order.lines,
      ...extra,
    }),
    201,
  );
}
