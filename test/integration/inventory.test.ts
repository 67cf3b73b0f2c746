import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTransaction } from "../../src/db/transaction.js";
import { systemContext } from "../../src/modules/access/actor.js";
import { getVariantsBySkus } from "../../src/modules/catalog/service.js";
import {
  availability,
  commitStock,
  InsufficientStockError,
  releaseStock,
  shipStock,
  tryCommitStock,
  UNTRACKED_AVAILABLE,
} from "../../src/modules/inventory/service.js";
import { ADMIN_KEY, type Client, startTestApp, type TestApp } from "../support/harness.js";

let t: TestApp;
let A: string; // location ids
let B: string;
let C: string;

const expectProblem = (
  reply: { status: number; headers: Headers; body: any },
  status: number,
  path?: string,
) => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers.get("content-type")).toContain("application/problem+json");
  expect(reply.body.status).toBe(status);
  if (path) expect(reply.body.errors.map((e: { path: string }) => e.path)).toContain(path);
};

async function location(code: string): Promise<string> {
  const r = await t.admin.post("/v1/locations", { code, name: code, type: "warehouse", country: "US" });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

async function product(title: string, variants: Array<Record<string, unknown>>) {
  const r = await t.admin.post("/v1/products", { title, variants });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

async function level(sku: string, loc: string) {
  const r = await t.admin.get(`/v1/inventory_levels?sku=${encodeURIComponent(sku)}&location_id=${loc}`);
  expect(r.status).toBe(200);
  return (
    r.body.data[0] ?? {
      sku,
      location_id: loc,
      on_hand: 0,
      committed: 0,
      available: 0,
      incoming: 0,
      damaged: 0,
      quality_control: 0,
      safety_stock: 0,
    }
  );
}

async function adjust(sku: string, loc: string, delta: number, client: Client = t.admin) {
  return client.post("/v1/inventory_adjustments", {
    sku,
    location_id: loc,
    delta,
    reason: delta > 0 ? "received" : "correction",
  });
}

const ctx = systemContext("test");
const ref = (id: string) => ({ type: "order", id });
const db = () => t.server.database.db;
// The outbox rows themselves: what webhooks and e-mail will deliver.
const eventsOf = async (type: string, resourceId: string) =>
  (
    await db()
      .selectFrom("events")
      .select("data")
      .where("type", "=", type)
      .where("resource_id", "=", resourceId)
      .orderBy("id")
      .execute()
  ).map((e) => JSON.parse(e.data));

beforeAll(async () => {
  t = await startTestApp();
  A = await location("inv-a");
  B = await location("inv-b");
  C = await location("inv-c");
  await product("Widget", [
    { sku: "W-1" },
    { sku: "W-2" },
    { sku: "W-CONC" },
    { sku: "W-RACE" },
    { sku: "W-TR" },
    { sku: "W-PO" },
    { sku: "W-CNT" },
    { sku: "W-ALERT" },
    { sku: "W-BO", backorder_policy: "allow" },
    { sku: "W-FREE", track_inventory: false },
  ]);
  await product("Widget kit", [
    {
      sku: "W-KIT",
      components: [
        { sku: "W-1", quantity: 2 },
        { sku: "W-2", quantity: 3 },
      ],
    },
  ]);
});
afterAll(() => t.close());

describe("levels, ledger and adjustments", () => {
  it("receives stock, derives available, and writes a movement, an event and an audit row", async () => {
    const r = await t.admin.post("/v1/inventory_adjustments", {
      sku: "W-1",
      location_id: A,
      delta: 40,
      reason: "received",
      note: "first delivery",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.level).toMatchObject({
      sku: "W-1",
      location_id: A,
      on_hand: 40,
      committed: 0,
      available: 40,
    });
    expect(r.body.movement).toMatchObject({
      type: "receive",
      reason: "received",
      deltas: { on_hand: 40, available: 40 },
    });
    const moves = await t.admin.get(`/v1/inventory_movements?sku=W-1&location_id=${A}`);
    expect(moves.body.data.map((m: { id: string }) => m.id)).toContain(r.body.movement.id);
    const events = await eventsOf("inventory.level_changed", `${A}:W-1`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ on_hand: 40, available: 40, movement: { type: "receive" } });
    const audit = await t.admin.get(`/v1/audit_events?resource_id=${A}:W-1`);
    expect(audit.body.data[0]).toMatchObject({ action: "inventory.adjusted" });
  });

  it("refuses to adjust away more than is available (409) and changes nothing", async () => {
    const before = await t.rowCounts();
    const r = await adjust("W-1", A, -41);
    expectProblem(r, 409);
    expect(r.body).toMatchObject({ sku: "W-1", location_id: A, requested: 41, available: 40 });
    expect(await t.rowCounts()).toEqual(before);
    expect((await level("W-1", A)).on_hand).toBe(40);
  });

  const bad: Array<[string, Record<string, unknown>, number, string]> = [
    ["unknown SKU", { sku: "NOPE", location_id: "A", delta: 1, reason: "received" }, 422, "body.sku"],
    [
      "unknown location",
      { sku: "W-1", location_id: "loc_nope", delta: 1, reason: "received" },
      422,
      "body.location_id",
    ],
    [
      "fractional quantity",
      { sku: "W-1", location_id: "A", delta: 1.5, reason: "received" },
      400,
      "body.delta",
    ],
    ["zero delta", { sku: "W-1", location_id: "A", delta: 0, reason: "received" }, 400, "body.delta"],
    ["unknown reason", { sku: "W-1", location_id: "A", delta: 1, reason: "because" }, 400, "body.reason"],
    [
      "unknown field",
      { sku: "W-1", location_id: "A", delta: 1, reason: "received", on_hand: 5 },
      400,
      "body.on_hand",
    ],
    [
      "quantity as a string",
      { sku: "W-1", location_id: "A", delta: "5", reason: "received" },
      400,
      "body.delta",
    ],
    [
      "a kit has no stock of its own",
      { sku: "W-KIT", location_id: "A", delta: 1, reason: "received" },
      422,
      "body.sku",
    ],
  ];
  for (const [name, body, status, path] of bad) {
    it(`bad input: ${name} → ${status}, nothing written`, async () => {
      const before = await t.rowCounts();
      const r = await t.admin.post("/v1/inventory_adjustments", {
        ...body,
        location_id: body.location_id === "A" ? A : body.location_id,
      });
      expectProblem(r, status, path);
      expect(await t.rowCounts()).toEqual(before);
    });
  }

  it("needs inventory:write to change stock and inventory:read to see it", async () => {
    const agent = await t.as("agent");
    expectProblem(await adjust("W-1", A, 1, agent), 403);
    expect((await agent.get("/v1/inventory_levels")).status).toBe(200);
    const warehouse = await t.as("warehouse");
    expect((await adjust("W-1", A, 1, warehouse)).status).toBe(201);
    expect((await adjust("W-1", A, -1, warehouse)).status).toBe(201);
    expectProblem(await t.anonymous.get("/v1/inventory_levels"), 401);
  });

  it("replays an adjustment sent twice with the same Idempotency-Key", async () => {
    const body = { sku: "W-2", location_id: A, delta: 30, reason: "received" };
    const first = await t.admin.post("/v1/inventory_adjustments", body, { "idempotency-key": "adj-1" });
    const second = await t.admin.post("/v1/inventory_adjustments", body, { "idempotency-key": "adj-1" });
    expect(second.body.movement.id).toBe(first.body.movement.id);
    expect((await level("W-2", A)).on_hand).toBe(30);
  });

  it("loses nothing under 50 concurrent adjustments of one SKU", async () => {
    await adjust("W-CONC", A, 100);
    const deltas = Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? -3 : i + 1));
    const replies = await Promise.all(deltas.map((d) => adjust("W-CONC", A, d)));
    expect(replies.map((r) => r.status)).toEqual(deltas.map(() => 201));
    const expected = 100 + deltas.reduce((s, d) => s + d, 0);
    expect((await level("W-CONC", A)).on_hand).toBe(expected);
    const moves = await t.admin.get(`/v1/inventory_movements?sku=W-CONC&limit=100`);
    expect(moves.body.data).toHaveLength(51);
    expect(
      moves.body.data.reduce((s: number, m: { deltas: { on_hand: number } }) => s + m.deltas.on_hand, 0),
    ).toBe(expected);
  });
  it("pages through levels with an opaque cursor", async () => {
    const first = await t.admin.get("/v1/inventory_levels?limit=1");
    expect(first.body.data).toHaveLength(1);
    const second = await t.admin.get(`/v1/inventory_levels?limit=1&cursor=${first.body.next_cursor}`);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.data[0]).not.toEqual(first.body.data[0]);
    expectProblem(await t.admin.get("/v1/inventory_levels?cursor=garbage"), 400, "querystring.cursor");
  });
});

describe("the contract the order module uses", () => {
  it("commits conditionally, releases, ships, and never commits more than is available", async () => {
    const before = await level("W-2", A); // 30 on hand
    expect(
      await inTransaction(db(), (tx) =>
        tryCommitStock(tx, ctx, { sku: "W-2", locationId: A, quantity: 25, reference: ref("o1") }),
      ),
    ).toBe(true);
    expect(
      await inTransaction(db(), (tx) =>
        tryCommitStock(tx, ctx, { sku: "W-2", locationId: A, quantity: 6, reference: ref("o2") }),
      ),
    ).toBe(false);
    await expect(
      inTransaction(db(), (tx) =>
        commitStock(tx, ctx, { sku: "W-2", locationId: A, quantity: 6, reference: ref("o2") }),
      ),
    ).rejects.toBeInstanceOf(InsufficientStockError);
    expect(await level("W-2", A)).toMatchObject({
      on_hand: before.on_hand,
      committed: 25,
      available: before.on_hand - 25,
    });
    await inTransaction(db(), (tx) =>
      releaseStock(tx, ctx, { sku: "W-2", locationId: A, quantity: 5, reference: ref("o1") }),
    );
    await inTransaction(db(), (tx) =>
      shipStock(tx, ctx, { sku: "W-2", locationId: A, quantity: 20, reference: ref("o1") }),
    );
    expect(await level("W-2", A)).toMatchObject({
      on_hand: before.on_hand - 20,
      committed: 0,
      available: before.on_hand - 20,
    });
    const moves = await t.admin.get("/v1/inventory_movements?reference_type=order&reference_id=o1");
    expect(moves.body.data.map((m: { type: string }) => m.type).sort()).toEqual([
      "commit",
      "release",
      "ship",
    ]);
    // Releasing more than is committed is refused.
    await expect(
      inTransaction(db(), (tx) =>
        releaseStock(tx, ctx, { sku: "W-2", locationId: A, quantity: 1, reference: ref("o1") }),
      ),
    ).rejects.toBeInstanceOf(InsufficientStockError);
  });

  it("accepts the variant from the caller instead of looking it up", async () => {
    const variant = (await getVariantsBySkus(db(), ["W-2"])).get("W-2");
    const a = { sku: "W-2", locationId: A, quantity: 1, reference: ref("pv"), variant };
    expect(await inTransaction(db(), (tx) => tryCommitStock(tx, ctx, a))).toBe(true);
    await inTransaction(db(), (tx) => releaseStock(tx, ctx, a));
    expect((await level("W-2", A)).committed).toBe(0);
  });

  it("never oversells under concurrent commits", async () => {
    await adjust("W-RACE", A, 10);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        inTransaction(db(), (tx) =>
          tryCommitStock(tx, ctx, { sku: "W-RACE", locationId: A, quantity: 1, reference: ref(`race-${i}`) }),
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(await level("W-RACE", A)).toMatchObject({ on_hand: 10, committed: 10, available: 0 });
  });

  it("derives kit availability from its components and commits the components", async () => {
    // W-1: 40 at A, W-2: 10 at A → kit = min(floor(40/2), floor(10/3)) = 3
    expect((await level("W-2", A)).available).toBe(10);
    const [kit] = await availability(db(), ["W-KIT"], [A]);
    expect(kit).toEqual({ sku: "W-KIT", location_id: A, available: 3 });
    const net = await t.admin.get("/v1/inventory_availability?sku=W-KIT,W-1");
    expect(net.body.data[0]).toMatchObject({ sku: "W-KIT", is_kit: true, available: 3 });
    expect(net.body.data[1]).toMatchObject({ sku: "W-1", available: 40 });

    expect(
      await inTransaction(db(), (tx) =>
        tryCommitStock(tx, ctx, { sku: "W-KIT", locationId: A, quantity: 4, reference: ref("k0") }),
      ),
    ).toBe(false);
    // Nothing was taken from the component that did have enough.
    expect((await level("W-1", A)).committed).toBe(0);
    expect(
      await inTransaction(db(), (tx) =>
        tryCommitStock(tx, ctx, { sku: "W-KIT", locationId: A, quantity: 2, reference: ref("k1") }),
      ),
    ).toBe(true);
    expect((await level("W-1", A)).committed).toBe(4);
    expect((await level("W-2", A)).committed).toBe(6);
    expect((await availability(db(), ["W-KIT"], [A]))[0]?.available).toBe(1);
    await inTransaction(db(), (tx) =>
      releaseStock(tx, ctx, { sku: "W-KIT", locationId: A, quantity: 2, reference: ref("k1") }),
    );
    expect((await level("W-1", A)).committed).toBe(0);
  });

  it("treats untracked SKUs as always available and backorders only when asked and allowed", async () => {
    expect(
      await inTransaction(db(), (tx) =>
        tryCommitStock(tx, ctx, { sku: "W-FREE", locationId: A, quantity: 999, reference: ref("f") }),
      ),
    ).toBe(true);
    expect((await availability(db(), ["W-FREE"], [A]))[0]?.available).toBe(UNTRACKED_AVAILABLE);
    expect(
      await inTransaction(db(), (tx) =>
        tryCommitStock(tx, ctx, { sku: "W-BO", locationId: A, quantity: 2, reference: ref("b") }),
      ),
    ).toBe(false);
    expect(
      await inTransaction(db(), (tx) =>
        tryCommitStock(tx, ctx, {
          sku: "W-BO",
          locationId: A,
          quantity: 2,
          reference: ref("b"),
          allowBackorder: true,
        }),
      ),
    ).toBe(true);
    expect(await level("W-BO", A)).toMatchObject({ on_hand: 0, committed: 2, available: -2 });
    expect(
      await inTransaction(db(), (tx) =>
        tryCommitStock(tx, ctx, {
          sku: "W-1",
          locationId: A,
          quantity: 999,
          reference: ref("b"),
          allowBackorder: true,
        }),
      ),
    ).toBe(false); // W-1's policy is deny
    await inTransaction(db(), (tx) =>
      releaseStock(tx, ctx, { sku: "W-BO", locationId: A, quantity: 2, reference: ref("b") }),
    );
  });
});

describe("counts, state moves, reorder points", () => {
  it("a cycle count sets on_hand and records the difference", async () => {
    await adjust("W-CNT", A, 10);
    const r = await t.admin.post("/v1/inventory_counts", {
      location_id: A,
      lines: [{ sku: "W-CNT", counted_quantity: 7 }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.lines[0]).toMatchObject({ previous_on_hand: 10, counted_quantity: 7, difference: -3 });
    expect((await level("W-CNT", A)).on_hand).toBe(7);
    const moves = await t.admin.get("/v1/inventory_movements?sku=W-CNT&type=count");
    expect(moves.body.data[0].deltas.on_hand).toBe(-3);
    const same = await t.admin.post("/v1/inventory_counts", {
      location_id: A,
      lines: [{ sku: "W-CNT", counted_quantity: 7 }],
    });
    expect(same.body.lines[0]).toMatchObject({ difference: 0, movement_id: null });
    expectProblem(
      await t.admin.post("/v1/inventory_counts", {
        location_id: A,
        lines: [{ sku: "W-CNT", counted_quantity: -1 }],
      }),
      400,
      "body.lines.0.counted_quantity",
    );
  });

  it("moves stock between available and unavailable states, and discards damaged units", async () => {
    const damage = await t.admin.post("/v1/inventory_state_moves", {
      sku: "W-CNT",
      location_id: A,
      quantity: 2,
      from: "available",
      to: "damaged",
    });
    expect(damage.status, JSON.stringify(damage.body)).toBe(201);
    expect(damage.body.level).toMatchObject({ on_hand: 7, damaged: 2, unavailable: 2, available: 5 });
    expect(damage.body.movement.type).toBe("damage");
    const qc = await t.admin.post("/v1/inventory_state_moves", {
      sku: "W-CNT",
      location_id: A,
      quantity: 1,
      from: "damaged",
      to: "quality_control",
    });
    expect(qc.body.level).toMatchObject({ damaged: 1, quality_control: 1, available: 5 });
    const discard = await t.admin.post("/v1/inventory_state_moves", {
      sku: "W-CNT",
      location_id: A,
      quantity: 1,
      from: "damaged",
      to: "discarded",
    });
    expect(discard.body.level).toMatchObject({ on_hand: 6, damaged: 0, available: 5 });
    expectProblem(
      await t.admin.post("/v1/inventory_state_moves", {
        sku: "W-CNT",
        location_id: A,
        quantity: 2,
        from: "damaged",
        to: "available",
      }),
      409,
    );
    expectProblem(
      await t.admin.post("/v1/inventory_state_moves", {
        sku: "W-CNT",
        location_id: A,
        quantity: 6,
        from: "available",
        to: "safety_stock",
      }),
      409,
    );
  });

  it("lists levels at or below their reorder point and emits inventory.low_stock on the crossing", async () => {
    await adjust("W-ALERT", B, 10);
    const set = await t.admin.request("PUT", "/v1/inventory_reorder_points", {
      sku: "W-ALERT",
      location_id: B,
      reorder_point: 5,
      reorder_quantity: 20,
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    let alerts = await t.admin.get(`/v1/inventory_alerts?location_id=${B}`);
    expect(alerts.body.data).toHaveLength(0);
    await adjust("W-ALERT", B, -4); // 6: still above
    await adjust("W-ALERT", B, -2); // 4: crossed
    await adjust("W-ALERT", B, -1); // 3: already below, no second event
    alerts = await t.admin.get(`/v1/inventory_alerts?location_id=${B}`);
    expect(alerts.body.data).toEqual([
      expect.objectContaining({
        sku: "W-ALERT",
        available: 3,
        reorder_point: 5,
        suggested_order_quantity: 20,
      }),
    ]);
    const events = await eventsOf("inventory.low_stock", `${B}:W-ALERT`);
    expect(events).toEqual([expect.objectContaining({ available: 4, reorder_point: 5 })]);
  });
});

describe("transfers and purchase orders", () => {
  const total = async (sku: string) => {
    const [a, c] = [await level(sku, A), await level(sku, C)];
    return a.on_hand + c.on_hand + c.incoming;
  };

  it("moves stock through in-transit without creating or losing units", async () => {
    await adjust("W-TR", A, 50);
    const created = await t.admin.post("/v1/transfers", {
      origin_location_id: A,
      destination_location_id: C,
      lines: [{ sku: "W-TR", quantity: 20 }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.status).toBe("draft");
    const id = created.body.id;
    expect(await total("W-TR")).toBe(50);
    const shipped = await t.admin.post(`/v1/transfers/${id}/ship`);
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(await level("W-TR", A)).toMatchObject({ on_hand: 30 });
    expect(await level("W-TR", C)).toMatchObject({ on_hand: 0, incoming: 20, available: 0 });
    expect(await total("W-TR")).toBe(50);
    expectProblem(await t.admin.post(`/v1/transfers/${id}/ship`), 409);
    const part = await t.admin.post(`/v1/transfers/${id}/receive`, { lines: [{ sku: "W-TR", quantity: 8 }] });
    expect(part.body).toMatchObject({
      status: "partially_received",
      lines: [{ received_quantity: 8, outstanding_quantity: 12 }],
    });
    expect(await level("W-TR", C)).toMatchObject({ on_hand: 8, incoming: 12 });
    expect(await total("W-TR")).toBe(50);
    const rest = await t.admin.post(`/v1/transfers/${id}/receive`, {
      lines: [{ sku: "W-TR", quantity: 12 }],
    });
    expect(rest.body.status).toBe("received");
    expect(await level("W-TR", C)).toMatchObject({ on_hand: 20, incoming: 0, available: 20 });
    expect(await total("W-TR")).toBe(50);
    expectProblem(
      await t.admin.post(`/v1/transfers/${id}/receive`, { lines: [{ sku: "W-TR", quantity: 1 }] }),
      409,
    );
  });

  it("records short and over receipts", async () => {
    const tr = (
      await t.admin.post("/v1/transfers", {
        origin_location_id: A,
        destination_location_id: C,
        lines: [{ sku: "W-TR", quantity: 10 }],
      })
    ).body.id;
    await t.admin.post(`/v1/transfers/${tr}/ship`);
    const short = await t.admin.post(`/v1/transfers/${tr}/receive`, {
      lines: [{ sku: "W-TR", quantity: 7 }],
      close: true,
    });
    expect(short.body).toMatchObject({ status: "received", lines: [{ received_quantity: 7 }] });
    expect(await level("W-TR", C)).toMatchObject({ on_hand: 27, incoming: 0 });
    const moves = await t.admin.get(`/v1/inventory_movements?reference_type=transfer&reference_id=${tr}`);
    expect(moves.body.data.map((m: { type: string }) => m.type).sort()).toEqual([
      "transfer_in",
      "transfer_in_transit",
      "transfer_out",
      "transfer_short",
    ]);

    const over = (
      await t.admin.post("/v1/transfers", {
        origin_location_id: A,
        destination_location_id: C,
        lines: [{ sku: "W-TR", quantity: 5 }],
      })
    ).body.id;
    await t.admin.post(`/v1/transfers/${over}/ship`);
    const r = await t.admin.post(`/v1/transfers/${over}/receive`, { lines: [{ sku: "W-TR", quantity: 6 }] });
    expect(r.body.status).toBe("received");
    expect(await level("W-TR", C)).toMatchObject({ on_hand: 33, incoming: 0 });
  });

  it("refuses bad transfers with precise problems and writes nothing", async () => {
    const before = await t.rowCounts();
    expectProblem(
      await t.admin.post("/v1/transfers", {
        origin_location_id: A,
        destination_location_id: A,
        lines: [{ sku: "W-TR", quantity: 1 }],
      }),
      422,
      "body.destination_location_id",
    );
    expectProblem(
      await t.admin.post("/v1/transfers", {
        origin_location_id: A,
        destination_location_id: C,
        lines: [{ sku: "NOPE", quantity: 1 }],
      }),
      422,
      "body.lines.0.sku",
    );
    expectProblem(
      await t.admin.post("/v1/transfers", {
        origin_location_id: A,
        destination_location_id: C,
        lines: [{ sku: "W-TR", quantity: -1 }],
      }),
      400,
      "body.lines.0.quantity",
    );
    expectProblem(
      await t.admin.post("/v1/transfers", { origin_location_id: A, destination_location_id: C, lines: [] }),
      400,
      "body.lines",
    );
    expect(await t.rowCounts()).toEqual(before);
    // Shipping more than is available fails as a whole.
    const big = (
      await t.admin.post("/v1/transfers", {
        origin_location_id: A,
        destination_location_id: C,
        lines: [{ sku: "W-TR", quantity: 1000 }],
      })
    ).body.id;
    const mid = await t.rowCounts();
    expectProblem(await t.admin.post(`/v1/transfers/${big}/ship`), 409);
    expect(await t.rowCounts()).toEqual(mid);
    expect((await t.admin.get(`/v1/transfers/${big}`)).body.status).toBe("draft");
    expect((await t.admin.post(`/v1/transfers/${big}/cancel`)).body.status).toBe("cancelled");
  });

  it("shows purchase orders as incoming and receives them in parts", async () => {
    const po = await t.admin.post("/v1/purchase_orders", {
      supplier: "Acme",
      location_id: B,
      lines: [
        { sku: "W-PO", quantity: 100 },
        { sku: "W-1", quantity: 10 },
      ],
      expected_at: "2030-01-01T00:00:00Z",
    });
    expect(po.status, JSON.stringify(po.body)).toBe(201);
    expect(await level("W-PO", B)).toMatchObject({ on_hand: 0, incoming: 100 });
    const id = po.body.id;
    const part = await t.admin.post(`/v1/purchase_orders/${id}/receive`, {
      lines: [{ sku: "W-PO", quantity: 60 }],
    });
    expect(part.body.status).toBe("partially_received");
    expect(await level("W-PO", B)).toMatchObject({ on_hand: 60, incoming: 40, available: 60 });
    expectProblem(
      await t.admin.post(`/v1/purchase_orders/${id}/receive`, { lines: [{ sku: "W-PO", quantity: -5 }] }),
      400,
      "body.lines.0.quantity",
    );
    expectProblem(
      await t.admin.post(`/v1/purchase_orders/${id}/receive`, { lines: [{ sku: "W-2", quantity: 5 }] }),
      422,
      "body.lines.0.sku",
    );
    const closed = await t.admin.post(`/v1/purchase_orders/${id}/close`);
    expect(closed.body.status).toBe("closed");
    expect(await level("W-PO", B)).toMatchObject({ on_hand: 60, incoming: 0 });
    expect(await level("W-1", B)).toMatchObject({ on_hand: 0, incoming: 0 });
    expectProblem(
      await t.admin.post(`/v1/purchase_orders/${id}/receive`, { lines: [{ sku: "W-PO", quantity: 1 }] }),
      409,
    );
  });
});

describe("verification, network view, import and export", () => {
  it("verifies every level against its ledger and reports a tampered level", async () => {
    const ok = await t.admin.get("/v1/inventory_checks");
    expect(ok.body, JSON.stringify(ok.body.differences)).toMatchObject({ ok: true, differences: [] });
    expect(ok.body.movements_checked).toBeGreaterThan(50);
    await sql`update inventory_levels set on_hand = on_hand + 1 where sku = 'W-CNT'`.execute(db());
    const bad = await t.admin.get("/v1/inventory_checks");
    expect(bad.body.ok).toBe(false);
    expect(bad.body.differences).toEqual([
      { sku: "W-CNT", location_id: A, state: "on_hand", stored: 7, ledger: 6 },
    ]);
    await sql`update inventory_levels set on_hand = on_hand - 1 where sku = 'W-CNT'`.execute(db());
    // The ledger itself cannot be rewritten, not even with SQL.
    await expect(
      sql`update inventory_movements set d_on_hand = 0 where sku = 'W-CNT'`.execute(db()),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from inventory_movements where sku = 'W-CNT'`.execute(db())).rejects.toThrow(
      /append-only/,
    );
  });

  it("answers available-to-promise for a channel's locations only", async () => {
    const ch = await t.admin.post("/v1/channels", {
      code: "inv-web",
      name: "Web",
      type: "web",
      currency: "USD",
      location_ids: [C],
    });
    expect(ch.status, JSON.stringify(ch.body)).toBe(201);
    const r = await t.admin.get("/v1/inventory_availability?sku=W-TR&channel=inv-web");
    expect(r.body).toMatchObject({
      channel: "inv-web",
      data: [{ sku: "W-TR", available: 33, locations: [{ location_id: C, available: 33 }] }],
    });
    const all = await t.admin.get("/v1/inventory_availability?sku=W-TR");
    expect(all.body.data[0].available).toBe(33 + (await level("W-TR", A)).available);
    expectProblem(
      await t.admin.get("/v1/inventory_availability?sku=W-TR&channel=nope"),
      422,
      "querystring.channel",
    );
    expectProblem(await t.admin.get("/v1/inventory_availability?sku=NOPE"), 422, "querystring.sku");
  });

  it("imports a CSV file all-or-nothing with a row-level error report", async () => {
    const before = await t.rowCounts();
    const bad = [
      "sku,location_id,on_hand,reorder_point",
      `W-1,${A},12,`,
      `NOPE,${A},3,`,
      `W-2,loc_missing,3,`,
      `W-2,${A},2.5,`,
      `W-2,${B},-1,`,
      `W-1,${A},4,`,
    ].join("\n");
    const r = await t.admin.post("/v1/inventory_imports", bad, { "content-type": "text/csv" });
    expectProblem(r, 422);
    expect(r.body.rows).toEqual(
      expect.arrayContaining([
        { line: 3, field: "sku", message: "Unknown SKU NOPE" },
        { line: 4, field: "location_id", message: "Unknown location loc_missing" },
        { line: 5, field: "on_hand", message: "Must be a whole number" },
        { line: 6, field: "on_hand", message: "Must not be negative" },
        { line: 7, field: "sku", message: `W-1 at ${A} appears twice` },
      ]),
    );
    expect(await t.rowCounts()).toEqual(before);

    const good = ["sku,location_id,on_hand,reorder_point", `W-1,${A},12,3`, `W-2,${B},9,`].join("\n");
    const ok = await t.admin.post("/v1/inventory_imports", good, { "content-type": "text/csv" });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toEqual({ rows: 2, changed_levels: 2, movements: 2 });
    expect(await level("W-1", A)).toMatchObject({ on_hand: 12, reorder_point: 3 });
    expect(await level("W-2", B)).toMatchObject({ on_hand: 9 });
  });

  it("reports a file without the required columns, or without rows, and a state move to the same state", async () => {
    const before = await t.rowCounts();
    const noColumn = await t.admin.post("/v1/inventory_imports", "sku,on_hand\nW-1,3\n", {
      "content-type": "text/csv",
    });
    expectProblem(noColumn, 422, "line 1.location_id");
    const empty = await t.admin.post("/v1/inventory_imports", "sku,location_id,on_hand\n", {
      "content-type": "text/csv",
    });
    expectProblem(empty, 422, "line 1.file");
    const ragged = await t.admin.post(
      "/v1/inventory_imports",
      `sku,location_id,on_hand\nW-1,${A},3,extra\n`,
      { "content-type": "text/csv" },
    );
    expectProblem(ragged, 422);
    const same = await t.admin.post("/v1/inventory_state_moves", {
      sku: "W-1",
      location_id: A,
      quantity: 1,
      from: "damaged",
      to: "damaged",
    });
    expectProblem(same, 422, "body.to");
    expect(await t.rowCounts()).toEqual(before);
  });

  it("documents every inventory route in the OpenAPI document", async () => {
    const doc = await t.anonymous.get("/openapi.json");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        "/v1/inventory_levels",
        "/v1/inventory_levels.csv",
        "/v1/inventory_availability",
        "/v1/inventory_movements",
        "/v1/inventory_adjustments",
        "/v1/inventory_counts",
        "/v1/inventory_state_moves",
        "/v1/inventory_reorder_points",
        "/v1/inventory_alerts",
        "/v1/inventory_checks",
        "/v1/inventory_imports",
        "/v1/transfers",
        "/v1/transfers/{id}/receive",
        "/v1/purchase_orders",
        "/v1/purchase_orders/{id}/receive",
      ]),
    );
  });

  it("exports levels as CSV that imports back unchanged", async () => {
    const csv = await fetch(`${t.url}/v1/inventory_levels.csv`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    const lines = text.trim().split("\n");
    expect(lines[0]).toBe(
      "sku,location_id,on_hand,committed,available,incoming,unavailable,damaged,quality_control,safety_stock,reorder_point,reorder_quantity",
    );
    expect(lines).toContain(`W-1,${A},12,0,12,0,0,0,0,0,3,`);
    const same = await t.admin.get("/v1/inventory_levels?format=csv");
    expect(same.body).toBe(text);
    const back = await t.admin.post("/v1/inventory_imports", text, { "content-type": "text/csv" });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.movements).toBe(0);
    expect((await t.admin.get("/v1/inventory_checks")).body.ok).toBe(true);
  });
});
