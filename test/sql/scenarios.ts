import type { Client, Reply, TestApp } from "../support/harness.js";
import type { Scenario } from "./snapshots.js";

function must<T = any>(reply: Reply<T>): T {
  if (reply.status >= 300) throw new Error(`setup failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

const SKUS = ["SNAP-A", "SNAP-B", "SNAP-C"];
const SHIP_TO = {
  name: "Jane Doe",
  line1: "1 Main St",
  city: "New York",
  region: "NY",
  postal_code: "10001",
  country: "US",
};

/** A web channel selling three stocked SKUs from a warehouse and a store, and one order. */
interface Shop {
  orderId: string;
  locationId: string;
}

async function shop(t: TestApp): Promise<Shop> {
  const admin = t.admin;
  const locations = [];
  for (const [code, type, postal] of [
    ["snap-wh", "warehouse", "10001"],
    ["snap-st", "store", "10002"],
  ] as const) {
    locations.push(
      must(
        await admin.post("/v1/locations", {
          code,
          name: code,
          type,
          country: "US",
          region: "NY",
          postal_code: postal,
          capabilities: ["ship", "pickup"],
        }),
      ),
    );
  }
  const priceList = must(
    await admin.post("/v1/price_lists", { code: "snap-usd", name: "Retail", currency: "USD" }),
  );
  must(
    await admin.post("/v1/channels", {
      code: "snap-web",
      name: "Web",
      type: "web",
      currency: "USD",
      price_list_id: priceList.id,
      location_ids: locations.map((l) => l.id),
    }),
  );
  for (const sku of SKUS) {
    must(
      await admin.post("/v1/products", { title: sku, variants: [{ sku, title: sku, weight_grams: 500 }] }),
    );
    for (const location of locations) {
      must(
        await admin.post("/v1/inventory_adjustments", {
          sku,
          location_id: location.id,
          delta: 100,
          reason: "received",
        }),
      );
    }
  }
  must(
    await admin.post(`/v1/price_lists/${priceList.id}/prices`, {
      prices: SKUS.map((sku) => ({ sku, amount: 1500 })),
    }),
  );
  const order = must(await admin.post("/v1/orders", orderBody()));
  return { orderId: order.id, locationId: locations[0].id };
}

const orderBody = () => ({
  channel: "snap-web",
  email: "jane@example.com",
  shipping_address: SHIP_TO,
  lines: SKUS.map((sku) => ({ sku, quantity: 1 })),
});

// One shop per app: the scenarios that need it share it.
const shops = new WeakMap<TestApp, Promise<Shop>>();
const once = (t: TestApp) => {
  if (!shops.has(t)) shops.set(t, shop(t));
  return shops.get(t)!;
};

/** A fresh order of the shop (its own, so the change recorded is the first it sees). */
async function freshOrder(t: TestApp) {
  await once(t);
  return must(await t.admin.post("/v1/orders", orderBody()));
}

// The hot paths whose SQL is kept in sql/*.sql. Add a scenario when a capability adds one.
export const SCENARIOS: Scenario[] = [
  {
    name: "authenticate-api-key",
    description: "every API call with a Bearer key",
    run: (admin) => admin.get("/v1/auth/me"),
  },
  {
    name: "idempotent-create",
    description: "a creating POST with an Idempotency-Key (claim, work, completion in one transaction)",
    run: (admin) =>
      admin.post(
        "/v1/api_keys",
        { name: "snapshot", scopes: ["orders:read"] },
        { "idempotency-key": "snapshot-1" },
      ),
  },
  {
    name: "audit-page",
    description: "a keyset page of the audit trail for one resource",
    run: (admin) => admin.get("/v1/audit_events?resource_type=user&resource_id=usr_x&limit=20"),
  },
  {
    name: "capture-order",
    description: "POST /v1/orders with 3 lines: validation reads, pricing, sourcing, stock commits, inserts",
    setup: once,
    run: (admin: Client) => admin.post("/v1/orders", orderBody(), { "idempotency-key": "snap-order-1" }),
  },
  {
    name: "capture-paid-order",
    description:
      "POST /v1/orders with 3 lines and a card: as capture-order, plus the payment hold, the payment and its authorization request",
    setup: once,
    run: (admin: Client) =>
      admin.post(
        "/v1/orders",
        { ...orderBody(), payment: { token: "4242424242424242" } },
        { "idempotency-key": "snap-paid-order-1" },
      ),
  },
  {
    name: "order-search-email",
    description: "the console's order search by e-mail, first page",
    setup: once,
    run: (admin) => admin.get("/v1/orders?email=jane@example.com&limit=25"),
  },
  {
    name: "order-detail",
    description: "GET /v1/orders/:id with lines, holds, totals and fulfillment state",
    setup: once,
    run: (admin, state) => admin.get(`/v1/orders/${(state as Shop).orderId}`),
  },
  {
    name: "promise",
    description: "POST /v1/promise for a 3-line cart to a ZIP code",
    setup: once,
    run: (admin) =>
      admin.post("/v1/promise", {
        channel: "snap-web",
        destination: { postal_code: "10001", country: "US" },
        lines: SKUS.map((sku) => ({ sku, quantity: 1 })),
      }),
  },
  {
    name: "inventory-adjustment",
    description: "POST /v1/inventory_adjustments: conditional update, ledger row, event",
    setup: once,
    run: (admin, state) =>
      admin.post("/v1/inventory_adjustments", {
        sku: "SNAP-A",
        location_id: (state as Shop).locationId,
        delta: 5,
        reason: "received",
      }),
  },
  {
    name: "fulfil-order",
    description:
      "POST /v1/fulfillment_orders/:id/fulfil: stock ships, the order changes (version, timeline, audit, events)",
    setup: async (t) => {
      const order = await freshOrder(t);
      const fos = must(await t.admin.get(`/v1/fulfillment_orders?order_id=${order.id}`)).data;
      return fos[0].id as string;
    },
    run: (admin, foId) => admin.post(`/v1/fulfillment_orders/${foId as string}/fulfil`, {}),
  },
  {
    name: "ship-package",
    description:
      "POST /v1/shipments/:id/ship of a package holding the whole fulfillment order, its label bought: stock out, lines shipped, order changed, shipment.created",
    setup: async (t) => {
      const order = await freshOrder(t);
      const fo = must(await t.admin.get(`/v1/fulfillment_orders?order_id=${order.id}`)).data[0];
      const lines = fo.lines.map((l: { order_line_id: string; sku: string; quantity: number }) => ({
        order_line_id: l.order_line_id,
        sku: l.sku,
        quantity: l.quantity,
      }));
      const p = must(
        await t.admin.post(`/v1/fulfillment_orders/${fo.id}/shipments`, {
          length_mm: 300,
          width_mm: 200,
          height_mm: 150,
          lines,
        }),
      );
      must(await t.admin.post(`/v1/shipments/${p.id}/label`, {}));
      return p.id as string;
    },
    run: (admin, shipmentId) => admin.post(`/v1/shipments/${shipmentId as string}/ship`, {}),
  },
  {
    name: "edit-order",
    description:
      "POST /v1/orders/:id/edit changing one line's quantity: release, re-source, re-commit, new version",
    setup: freshOrder,
    run: (admin, order) => {
      const o = order as { id: string; version: number; lines: Array<{ id: string }> };
      return admin.post(`/v1/orders/${o.id}/edit`, {
        expected_version: o.version,
        update_lines: [{ line_id: o.lines[0]!.id, quantity: 2 }],
      });
    },
  },
  {
    name: "cancel-order",
    description: "POST /v1/orders/:id/cancel of a whole order: stock released, fulfillment orders cancelled",
    setup: freshOrder,
    run: (admin, order) =>
      admin.post(`/v1/orders/${(order as { id: string }).id}/cancel`, {
        reason: "customer changed their mind",
      }),
  },
];
