// Setup for the shipping tests: a warehouse with boxes and bins, orders picked through scans,
// through the public HTTP API only.

import { expect } from "vitest";
import { signWebhook } from "../../src/domain/webhook-signature.js";
import type { Reply, TestApp } from "../support/harness.js";
import {
  fulfillmentOrders,
  type Net,
  ok,
  orderBody,
  placeOrder,
  product,
  stock,
} from "./sourcing-fixtures.js";

export const CARRIER_SECRET = `whsec_${Buffer.from("carrier-webhook-secret-for-tests!").toString("base64")}`;

export async function boxes(t: TestApp, locationId: string) {
  const small = ok(
    await t.admin.post("/v1/package_types", {
      location_id: locationId,
      name: "Small box",
      length_mm: 300,
      width_mm: 200,
      height_mm: 150,
      tare_grams: 150,
      max_weight_grams: 5000,
    }),
    201,
  );
  const large = ok(
    await t.admin.post("/v1/package_types", {
      name: "Large box",
      length_mm: 600,
      width_mm: 400,
      height_mm: 400,
      tare_grams: 600,
      max_weight_grams: 25000,
    }),
    201,
  );
  return { small, large };
}

/** A product with a GTIN barcode, stocked at a location in a bin. */
export async function stocked(t: TestApp, net: Net, sku: string, at: string, qty: number, bin?: string) {
  await product(t, net, sku, { barcode: gtinFor(sku) });
  await stock(t, sku, at, qty);
  if (bin) ok(await t.admin.request("PUT", "/v1/inventory_bins", { sku, location_id: at, bin }));
}

/** A valid-looking 13-digit code per SKU (the catalog checks GTIN check digits if it checks at all). */
export function gtinFor(sku: string): string {
  let h = 0;
  for (const c of sku) h = (h * 31 + c.charCodeAt(0)) % 1e11;
  const body = `40${String(h).padStart(10, "0")}`.slice(0, 12);
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return body + ((10 - (sum % 10)) % 10);
}

export async function orderWithFo(
  t: TestApp,
  net: Net,
  lines: Array<{ sku: string; quantity: number }>,
  over = {},
) {
  const order = await placeOrder(t, orderBody(net, lines, over));
  const [fo] = await fulfillmentOrders(t, order.id);
  return { order, fo };
}

export const pack = (t: TestApp, foId: string, lines: unknown[], extra: Record<string, unknown> = {}) =>
  t.admin.post(`/v1/fulfillment_orders/${foId}/shipments`, { lines, ...extra });

/** A webhook call `{ events }` signed as Standard Webhooks (the built-in carrier's, the test payment provider's). */
export function signedCarrierCall(events: unknown[], secret = CARRIER_SECRET) {
  const body = JSON.stringify({ events });
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const ts = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(ts),
      "webhook-signature": signWebhook(secret, id, ts, body),
    },
  };
}

/** A problem+json answer with that status (and problem code, the last segment of its type). */
export function expectProblem(reply: Reply, status: number, code?: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers.get("content-type")).toContain("application/problem+json");
  if (code) expect(reply.body.type).toMatch(new RegExp(`/${code}$`));
}
