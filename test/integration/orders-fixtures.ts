// Shared setup for the order tests: everything is created through the public HTTP API.
import { expect } from "vitest";
import type { Client, Reply, TestApp } from "../support/harness.js";

export const expectProblem = (reply: Reply, status: number, path?: string) => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers.get("content-type")).toContain("application/problem+json");
  expect(reply.body.status).toBe(status);
  if (path) expect(reply.body.errors.map((e: { path: string }) => e.path)).toContain(path);
};

export function ok<T = any>(reply: Reply<T>, status = 200): T {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  return reply.body;
}

export interface World {
  channel: string;
  channelId: string;
  warehouse: string;
  store: string;
  priceList: string;
}

let n = 0;
const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${++n}`;

/** A web channel in USD selling from a warehouse (ship) and a store (ship + pickup), with US tax. */
export async function world(t: TestApp, admin: Client = t.admin): Promise<World> {
  const wh = ok(
    await admin.post("/v1/locations", {
      code: uniq("wh"),
      name: "Warehouse",
      type: "warehouse",
      country: "US",
      region: "NY",
      postal_code: "10001",
      capabilities: ["ship"],
      priority: 1,
    }),
    201,
  );
  const st = ok(
    await admin.post("/v1/locations", {
      code: uniq("st"),
      name: "Store",
      type: "store",
      country: "US",
      region: "NY",
      postal_code: "10002",
      capabilities: ["ship", "pickup"],
      priority: 2,
    }),
    201,
  );
  const pl = ok(
    await admin.post("/v1/price_lists", { code: uniq("pl"), name: "Retail", currency: "USD" }),
    201,
  );
  const ch = ok(
    await admin.post("/v1/channels", {
      code: uniq("web"),
      name: "Web",
      type: "web",
      currency: "USD",
      price_list_id: pl.id,
      location_ids: [wh.id, st.id],
    }),
    201,
  );
  return { channel: ch.code, channelId: ch.id, warehouse: wh.id, store: st.id, priceList: pl.id };
}

export async function product(
  t: TestApp,
  w: World,
  sku: string,
  price: number,
  variant: Record<string, unknown> = {},
  tiers: Array<{ min_quantity: number; amount: number }> = [],
) {
  ok(
    await t.admin.post("/v1/products", {
      title: `Product ${sku}`,
      variants: [{ sku, title: `Item ${sku}`, ...variant }],
    }),
    201,
  );
  const r = await t.admin.post(`/v1/price_lists/${w.priceList}/prices`, {
    prices: [{ sku, amount: price }, ...tiers.map((x) => ({ sku, ...x }))],
  });
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
}

export async function stock(t: TestApp, sku: string, location: string, delta: number) {
  ok(
    await t.admin.post("/v1/inventory_adjustments", {
      sku,
      location_id: location,
      delta,
      reason: delta > 0 ? "received" : "correction",
    }),
    201,
  );
}

export async function level(t: TestApp, sku: string, location: string) {
  const r = ok(
    await t.admin.get(`/v1/inventory_levels?sku=${encodeURIComponent(sku)}&location_id=${location}`),
  );
  return r.data[0] ?? { on_hand: 0, committed: 0, available: 0 };
}

export const address = (over: Record<string, unknown> = {}) => ({
  name: "Jane Doe",
  line1: "1 Main St",
  city: "New York",
  region: "NY",
  postal_code: "10001",
  country: "US",
  ...over,
});

export const orderBody = (
  w: World,
  lines: Array<{ sku: string; quantity: number; unit_price?: number; price_override_reason?: string }>,
  over: Record<string, unknown> = {},
) => ({
  channel: w.channel,
  email: "jane@example.com",
  shipping_address: address(),
  lines,
  ...over,
});
