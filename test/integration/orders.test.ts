import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
import { level, ok, orderBody, product, stock, type World, world } from "./orders-fixtures.js";

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  w = await world(t);
  ok(await t.admin.request("PUT", "/v1/tax_rates", { country: "US", rate_bps: 500, name: "US" }));
  ok(
    await t.admin.request("PUT", "/v1/tax_rates", {
      country: "US",
      region: "NY",
      rate_bps: 887,
      name: "New York",
    }),
  );
});
afterAll(() => t.close());

describe("capture", () => {
  it("captures a priced order, commits stock and numbers it", async () => {
    await product(t, w, "CAP-1", 1999, {}, [{ min_quantity: 10, amount: 1500 }]);
    await product(t, w, "CAP-2", 500);
    await stock(t, "CAP-1", w.warehouse, 20);
    await stock(t, "CAP-2", w.store, 5);
    const o = ok(
      await t.admin.post(
        "/v1/orders",
        orderBody(
          w,
          [
            { sku: "CAP-1", quantity: 10 },
            { sku: "CAP-2", quantity: 2 },
          ],
          { tags: ["vip"] },
        ),
        {
          "idempotency-key": "cap-1",
        },
      ),
      201,
    );
    expect(o.id).toMatch(/^ord_/);
    expect(o.number).toBeGreaterThan(10000);
    expect(o.status).toBe("open");
    expect(o.lines.map((l: any) => [l.sku, l.unit_price, l.committed, l.location_id])).toEqual([
      ["CAP-1", 1500, 10, w.warehouse],
      ["CAP-2", 500, 2, w.store],
    ]);
    expect(o.totals.subtotal).toBe(16000);
    expect(o.tax_rate_bps).toBe(887);
    const sumLines = o.lines.reduce((a: number, l: any) => a + l.total, 0);
    expect(o.totals.grand_total).toBe(
      sumLines + o.totals.shipping_total + Math.round((o.totals.shipping_total * 887) / 10000),
    );
    expect((await level(t, "CAP-1", w.warehouse)).committed).toBe(10);
    const again = await t.admin.post(
      "/v1/orders",
      orderBody(
        w,
        [
          { sku: "CAP-1", quantity: 10 },
          { sku: "CAP-2", quantity: 2 },
        ],
        { tags: ["vip"] },
      ),
      {
        "idempotency-key": "cap-1",
      },
    );
    expect(again.body.id).toBe(o.id);
    expect((await level(t, "CAP-1", w.warehouse)).committed).toBe(10);
    const got = ok(await t.admin.get(`/v1/orders/${o.id}`));
    expect(got).toEqual(o);
    const tl = ok(await t.admin.get(`/v1/orders/${o.id}/timeline`));
    expect(tl.data[0]).toMatchObject({ type: "order.created", actor: { type: "api_key" } });
  });
});
