// Forecasting and replenishment through real HTTP: products and stock through the API, 120 days of
// sales history written back-dated through the inventory module's own services (the seeding
// `ordo simulate` uses: receipt, then commit and ship day by day, a few returns), a forecast run,
// its reading, replenishment suggestions, and accepting them into a real purchase order and
// transfer. Bad input is refused with nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "../../src/modules/access/index.js";
import { seedDemandHistory } from "../../src/modules/forecasting/index.js";
import { startTestApp, type TestApp } from "../support/harness.js";
import { type Net, network, ok, product, stock, uniq } from "./sourcing-fixtures.js";

let t: TestApp;
let net: Net;
const A = uniq("FC-A");
const B = uniq("FC-B");
const C = uniq("FC-C");
/** Sold for a while, then nothing for 100 days while stock sits there: dead stock. */
const D = uniq("FC-D");
const DAYS = 120;

beforeAll(async () => {
  t = await startTestApp({ env: { REPLENISHMENT_LEAD_TIME_DAYS: "5" } });
  net = await network(t);
  for (const sku of [A, B, C, D]) await product(t, net, sku);
  await seedDemandHistory(t.server.database.db, systemContext(), {
    skus: [A, B, C],
    locationIds: [net.east, net.west],
    days: DAYS,
    seed: 7,
    endCoverDays: [0, 0.5],
  });
  await seedDemandHistory(t.server.database.db, systemContext(), {
    skus: [D],
    locationIds: [net.east],
    days: 60,
    seed: 3,
    to: new Date(Date.now() - 101 * 86_400_000).toISOString().slice(0, 10),
    endCoverDays: [30, 40],
  });
  // A has far more than it needs in the west: the east's shortage should come from there.
  await stock(t, A, net.west, 2000);
}, 120_000);
afterAll(() => t.close());

const problem = (r: { status: number; body: any }, status: number) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.status).toBe(status);
};

describe("a forecast run", () => {
  it("refuses bad input and writes nothing", async () => {
    const agent = await t.as("agent");
    const before = await t.rowCounts();
    problem(await t.admin.post("/v1/forecasts/runs", { history_days: 3 }), 400);
    problem(await t.admin.post("/v1/forecasts/runs", { to: "yesterday" }), 400);
    problem(await t.admin.post("/v1/forecasts/runs", { surprise: true }), 400);
    expect((await agent.post("/v1/forecasts/runs", {})).status).toBe(403);
    expect(await t.rowCounts()).toEqual(before);
  });

  it("forecasts every SKU × location with history and its network, keeping one row per series", async () => {
    const run = ok(await t.admin.post("/v1/forecasts/runs", { skus: [A, B, C, D] }), 201);
    expect(run.sku_count).toBe(4);
    expect(run.series_count).toBe(9 + 2);
    expect(ok(await t.admin.get(`/v1/forecasts/runs/${run.id}`)).id).toBe(run.id);
    const again = ok(await t.admin.post("/v1/forecasts/runs", { skus: [A, B, C, D] }), 201);
    const all = ok(await t.admin.get(`/v1/forecasts?sku=${A}`));
    expect(all.data).toHaveLength(3);
    expect(all.data.every((f: any) => f.run_id === again.id)).toBe(true);

    const first = ok(await t.admin.get(`/v1/forecasts?location_id=${net.east}&limit=2`));
    expect(first.data).toHaveLength(2);
    expect(first.next_cursor).toBeTruthy();
    const rest = ok(
      await t.admin.get(`/v1/forecasts?location_id=${net.east}&limit=2&cursor=${first.next_cursor}`),
    );
    const eastSkus = [...first.data, ...rest.data].map((f: any) => f.sku);
    expect(eastSkus.filter((s: string) => [A, B, C, D].includes(s)).sort()).toEqual([A, B, C, D].sort());
  });

  it("shows a SKU at each location and for the network, with history, intervals and its yardstick", async () => {
    const f = ok(await t.admin.get(`/v1/forecasts/${A}`));
    expect(f.locations.map((l: any) => l.location_id).sort()).toEqual([net.east, net.west].sort());
    expect(f.network.scope).toBe("network");
    expect(f.network.method).toBe("bottom-up");
    for (const s of [f.network, ...f.locations]) {
      expect(s.point).toHaveLength(28);
      expect(s.history.length).toBeGreaterThan(DAYS - 10);
      s.point.forEach((p: number, i: number) => {
        expect(s.lower[i]).toBeLessThanOrEqual(p + 1e-9);
        expect(s.upper[i]).toBeGreaterThanOrEqual(p - 1e-9);
      });
    }
    const east = f.locations.find((l: any) => l.location_id === net.east);
    expect(east.accuracy.mase).toBeGreaterThan(0);
    expect(east.accuracy.seasonal_naive_mase).toBeGreaterThan(0);
    // The network is the sum of its locations (bottom-up).
    const sum = f.locations.reduce((a: number, l: any) => a + l.point[0], 0);
    expect(f.network.point[0]).toBeCloseTo(sum, 2);
    const history = f.locations.reduce((a: number, l: any) => a + l.history.at(-1), 0);
    expect(f.network.history.at(-1)).toBe(history);
    expect((await t.admin.get("/v1/forecasts/NO-SUCH-SKU")).status).toBe(404);
  });
});

describe("replenishment", () => {
  it("suggests a transfer from the west's surplus and purchases for the rest; accepting creates them", async () => {
    const s = ok(await t.admin.get("/v1/replenishment/suggestions"));
    const eastA = s.lines.find((l: any) => l.sku === A && l.location_id === net.east);
    expect(eastA.status).toBe("reorder");
    expect(eastA.lead_time_days).toBe(5);
    expect(eastA.reorder_point).toBeGreaterThan(eastA.safety_stock);
    expect(eastA.order_up_to).toBeGreaterThanOrEqual(eastA.reorder_point);
    const westA = s.lines.find((l: any) => l.sku === A && l.location_id === net.west);
    expect(westA.status).toBe("overstock");
    expect(s.overstock.some((l: any) => l.sku === A && l.location_id === net.west)).toBe(true);
    const dead = s.dead_stock.find((l: any) => l.sku === D);
    expect(dead).toMatchObject({ location_id: net.east, status: "dead-stock", suggested_order: 0 });
    expect(dead.excess_units).toBe(dead.on_hand);

    const move = s.transfers.find(
      (x: any) =>
        x.origin_location_id === net.west &&
        x.destination_location_id === net.east &&
        x.lines.some((l: any) => l.sku === A),
    );
    expect(move.lines[0].quantity).toBe(eastA.suggested_order);
    const buy = s.purchase_orders.find((p: any) => p.location_id === net.east);
    const mine = buy.lines.filter((l: any) => [B, C].includes(l.sku));
    expect(mine.length).toBeGreaterThan(0);
    expect(buy.lines.some((l: any) => l.sku === A)).toBe(false);

    const po = ok(
      await t.admin.post("/v1/replenishment/suggestions/accept", {
        kind: "purchase_order",
        location_id: net.east,
        lines: mine,
      }),
      201,
    );
    const stored = ok(await t.admin.get(`/v1/purchase_orders/${po.purchase_order.id}`));
    expect(stored.lines.map((l: any) => ({ sku: l.sku, quantity: l.quantity }))).toEqual(
      [...mine].sort((x: any, y: any) => (x.sku < y.sku ? -1 : 1)),
    );
    expect(stored.status).toBe("open");

    const tr = ok(
      await t.admin.post("/v1/replenishment/suggestions/accept", { kind: "transfer", ...move }),
      201,
    );
    const transfer = ok(await t.admin.get(`/v1/transfers/${tr.transfer.id}`));
    expect(transfer.origin_location_id).toBe(net.west);
    expect(transfer.lines[0]).toMatchObject({ sku: A, quantity: eastA.suggested_order });

    // What was ordered now counts as incoming: the east no longer needs B or C bought.
    const after = ok(await t.admin.get(`/v1/replenishment/suggestions?location_id=${net.east}`));
    expect(after.lines.every((l: any) => l.location_id === net.east)).toBe(true);
    const eastB = after.lines.find((l: any) => l.sku === mine[0].sku);
    expect(eastB.incoming).toBe(mine[0].quantity);
    expect(eastB.suggested_order).toBe(0);
  });

  it("refuses bad acceptances and writes nothing", async () => {
    const before = await t.rowCounts();
    const bad = [
      { kind: "purchase_order", location_id: net.east, lines: [{ sku: "NO-SUCH-SKU", quantity: 3 }] },
      { kind: "purchase_order", location_id: "loc_nowhere", lines: [{ sku: A, quantity: 3 }] },
      { kind: "purchase_order", location_id: net.east, lines: [{ sku: A, quantity: 0 }] },
      {
        kind: "transfer",
        origin_location_id: net.east,
        destination_location_id: net.east,
        lines: [{ sku: A, quantity: 1 }],
      },
      { kind: "refund", location_id: net.east, lines: [{ sku: A, quantity: 1 }] },
    ];
    for (const body of bad) {
      const r = await t.admin.post("/v1/replenishment/suggestions/accept", body);
      expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
    expect(await t.rowCounts()).toEqual(before);
  });

  it("leaves the ledger exact", async () => {
    const check = ok(await t.admin.get("/v1/inventory_checks"));
    expect(check.differences).toEqual([]);
    expect(check.ok).toBe(true);
  });
});
