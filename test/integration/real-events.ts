// Events for the event and webhook tests, produced the way Ordo produces them: by real requests
// to the public HTTP API (a location created or changed, stock adjusted, a product changed).
import { expect } from "vitest";
import type { Client } from "../support/harness.js";
import { waitFor } from "./webhooks-receiver.js";

export interface OutboxEvent {
  id: string;
  type: string;
  resource_type: string;
  resource_id: string;
  data: any;
  actor_type: string;
  actor_id: string | null;
  request_id: string | null;
  created_at: string;
}

let n = 0;
export const uniq = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++n}`;

/** `POST /v1/locations`: emits `location.created`. */
export async function createLocation(
  admin: Client,
  over: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const res = await admin.post(
    "/v1/locations",
    {
      code: uniq("loc"),
      name: "Location",
      type: "warehouse",
      country: "US",
      region: "NY",
      postal_code: "10001",
      ...over,
    },
    headers,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; code: string; priority: number };
}

/** `PATCH /v1/locations/:id`: emits `location.updated`. */
export async function updateLocation(admin: Client, id: string, patch: Record<string, unknown>) {
  const res = await admin.patch(`/v1/locations/${id}`, patch);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { id: string; priority: number; name: string };
}

/** `POST /v1/products` with one variant per SKU: emits `product.created`. */
export async function createProduct(admin: Client, skus: string[]) {
  const res = await admin.post("/v1/products", {
    title: `Product ${skus[0]}`,
    variants: skus.map((sku) => ({ sku, title: `Item ${sku}` })),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

/** `POST /v1/inventory_adjustments`: emits `inventory.level_changed` (and `inventory.low_stock`). */
export async function adjustStock(admin: Client, sku: string, locationId: string, delta: number) {
  const res = await admin.post("/v1/inventory_adjustments", {
    sku,
    location_id: locationId,
    delta,
    reason: delta > 0 ? "received" : "correction",
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** The `resource.id` of an `inventory.level_changed` event. */
export const levelId = (locationId: string, sku: string) => `${locationId}:${sku}`;

/** Every event matching the query, oldest first (all pages of `GET /v1/events?order=asc`). */
export async function listEvents(admin: Client, query: Record<string, string>): Promise<OutboxEvent[]> {
  const out: OutboxEvent[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, order: "asc", limit: "100" });
    if (cursor) params.set("cursor", cursor);
    const res = await admin.get(`/v1/events?${params}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    out.push(...res.body.data);
    cursor = res.body.next_cursor;
  } while (cursor);
  return out;
}

/** The newest event of that type about that resource: what the request just made emitted. */
export async function lastEvent(admin: Client, type: string, resourceId: string): Promise<OutboxEvent> {
  const params = new URLSearchParams({ type, resource_id: resourceId, limit: "1" });
  const res = await admin.get(`/v1/events?${params}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const event = res.body.data[0] as OutboxEvent | undefined;
  expect(event, `${type} for ${resourceId}`).toBeDefined();
  return event as OutboxEvent;
}

/** Waits until the dispatcher has fanned out every event so far (so a new endpoint gets none of them). */
export async function allFannedOut(admin: Client): Promise<void> {
  await waitFor(
    "every event fanned out",
    async () => (await admin.get("/v1/delivery_status")).body.outbox.pending_fan_out === 0,
  );
}
