import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/seed/demo.js";
import { startTestApp, type TestApp } from "../support/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe("demo stock", () => {
  it("stocks the demo catalog at the demo locations, once, with a ledger that verifies", async () => {
    await seedDemo(t.server.database.db);
    const first = await t.rowCounts();
    expect(first.inventory_levels).toBeGreaterThan(100);
    const levels = await t.admin.get("/v1/inventory_levels?limit=500");
    expect(levels.body.data.some((l: { on_hand: number }) => l.on_hand > 0)).toBe(true);
    const incoming = await t.admin.get("/v1/purchase_orders");
    expect(incoming.body.data).toHaveLength(1);
    expect((await t.admin.get("/v1/inventory_checks")).body).toMatchObject({ ok: true });

    await seedDemo(t.server.database.db);
    expect(await t.rowCounts()).toEqual(first);
  });
});
