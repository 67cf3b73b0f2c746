// Setup for the sourcing / fulfillment / promise tests, through the public HTTP API only.
import { expect } from "vitest";
import type { Reply, TestApp } from "../support/harness.js";

export function ok<T = any>(reply: Reply<T>, status = 200): T {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  return reply.body;
}

let n = 0;
export const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${++n}`;

export interface Net {
  channel: string;
  priceList: string;
  /** Avenel, NJ: close to New York. */
  east: string;
  /** Reno, NV. */
  west: string;
  /** A Manhattan store offering pickup and ship-from-store. */
  store: string;
  /** A Brooklyn store offering pickup only. */
  store2: string;
}

async function location(t: TestApp, body: Record<string, unknown>): Promise<string> {
  return ok(await t.admin.post("/v1/locations", { code: uniq(String(body.type)), ...body }), 201).id;
}

/** Two warehouses far apart and two New York stores, all serving one USD web channel. */
export async function network(t: TestApp): Promise<Net> {
  const east = await location(t, {
    name: "East DC",
    type: "warehouse",
    country: "US",
    postal_code: "07001",
    capabilities: ["ship"],
    time_zone: "America/New_York",
    priority: 1,
  });
  const west = await location(t, {
    name: "West DC",
    type: "warehouse",
    country: "US",
    postal_code: "89501",
    capabilities: ["ship"],
    time_zone: "America/Los_Angeles",
    priority: 2,
  });
  const store = await location(t, {
    name: "Manhattan store",
    type: "store",
    country: "US",
    city: "New York",
    postal_code: "10003",
    capabilities: ["ship", "pickup", "local_delivery"],
    time_zone: "America/New_York",
    priority: 3,
  });
  const store2 = await location(t, {
    name: "Brooklyn store",
    type: "store",
    country: "US",
    city: "Brooklyn",
    postal_code: "11201",
    capabilities: ["pickup"],
    time_zone: "America/New_York",
    priority: 4,
  });
  const pl = ok(
    await t.admin.post("/v1/price_lists", { code: uniq("pl"), name: "Retail", currency: "USD" }),
    201,
  );
  const ch = ok(
    await t.admin.post("/v1/channels", {
      code: uniq("web"),
      name: "Web",
      type: "web",
      currency: "USD",
      price_list_id: pl.id,
      location_ids: [east, west, store, store2],
    }),
    201,
  );
  return { channel: ch.code, priceList: pl.id, east, west, store, store2 };
}

export async function product(t: TestApp, net: Net, sku: string, variant: Record<string, unknown> = {}) {
  ok(
    await t.admin.post("/v1/products", {
      title: `Product ${sku}`,
      variants: [{ sku, title: `Item ${sku}`, weight_grams: 500, ...variant }],
    }),
    201,
  );
  const r = await t.admin.post(`/v1/price_lists/${net.priceList}/prices`, {
    prices: [{ sku, amount: 1000 }],
  });
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
}

export async function stock(t: TestApp, sku: string, location: string, delta: number) {
  ok(
    await t.admin.post("/v1/inventory_adjustments", {
      sku,
      location_id: location,
      delta,
      reason: "received",
    }),
    201,
  );
}

export async function level(t: TestApp, sku: string, location: string) {
  const r = ok(
    await t.admin.get(`/v1/inventory_levels?sku=${encodeURIComponent(sku)}&location_id=${location}`),
  );
  return (r.data[0] ?? { on_hand: 0, committed: 0, available: 0 }) as {
    on_hand: number;
    committed: number;
    available: number;
  };
}

export const nyc = {
  name: "Jane Doe",
  line1: "350 5th Ave",
  city: "New York",
  region: "NY",
  postal_code: "10001",
  country: "US",
};

export const orderBody = (
  net: Net,
  lines: Array<{ sku: string; quantity: number }>,
  over: Record<string, unknown> = {},
) => ({
  channel: net.channel,
  email: "jane@example.com",
  shipping_address: nyc,
  lines,
  ...over,
});

export async function placeOrder(t: TestApp, body: unknown) {
  return ok(await t.admin.post("/v1/orders", body), 201);
}

export async function fulfillmentOrders(t: TestApp, orderId: string) {
  return ok(await t.admin.get(`/v1/orders/${orderId}/fulfillment_orders`)).data as any[];
}
