// Order lines keep the product's title and the variant's: set at capture and on edits, and
// filled in by migration 0012 for lines captured before it (on both databases).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as m0012 from "../../src/db/migrations/0012_order_line_titles.js";
import { startTestApp, type TestApp } from "../support/harness.js";
import { ok, orderBody, stock, type World, world } from "./orders-fixtures.js";

let t: TestApp;
let w: World;

async function titled(sku: string, title: string, variant: string) {
  ok(await t.admin.post("/v1/products", { title, variants: [{ sku, title: variant }] }), 201);
  ok(await t.admin.post(`/v1/price_lists/${w.priceList}/prices`, { prices: [{ sku, amount: 1000 }] }));
  await stock(t, sku, w.warehouse, 20);
}
const linesOf = (order: { lines: any[] }) =>
  Object.fromEntries(order.lines.map((l) => [l.sku, [l.product_title, l.variant_title, l.title]]));

beforeAll(async () => {
  t = await startTestApp();
  w = await world(t);
  await titled("LT-TENT-G", "Trail Tent 2P", "Green");
  await titled("LT-MAT", "Sleeping Mat", "Default");
  await titled("LT-CUP", "Camp Cup", "Default Title");
});
afterAll(() => t?.close());

describe("order line titles", () => {
  it("are taken from the catalog at capture and on an edit, without placeholder variant titles", async () => {
    const order = ok(
      await t.admin.post(
        "/v1/orders",
        orderBody(w, [
          { sku: "LT-TENT-G", quantity: 1 },
          { sku: "LT-MAT", quantity: 2 },
        ]),
      ),
      201,
    );
    expect(linesOf(order)).toEqual({
      "LT-TENT-G": ["Trail Tent 2P", "Green", "Trail Tent 2P — Green"],
      "LT-MAT": ["Sleeping Mat", null, "Sleeping Mat"],
    });
    const edited = ok(
      await t.admin.post(`/v1/orders/${order.id}/edit`, { add_lines: [{ sku: "LT-CUP", quantity: 1 }] }),
    );
    expect(linesOf(edited)["LT-CUP"]).toEqual(["Camp Cup", null, "Camp Cup"]);
  });

  it("are filled in by the migration for lines captured before it", async () => {
    const order = ok(
      await t.admin.post(
        "/v1/orders",
        orderBody(w, [
          { sku: "LT-TENT-G", quantity: 1 },
          { sku: "LT-MAT", quantity: 1 },
          { sku: "LT-CUP", quantity: 1 },
        ]),
      ),
      201,
    );
    const { db } = t.server.database;
    // Back to before 0012: `title` was the variant's title.
    const raw = db as any;
    await m0012.down(raw);
    const before = await sql<{ sku: string; title: string }>`
      select sku, title from order_lines where order_id = ${order.id} order by sku`.execute(db);
    expect(before.rows.map((r) => [r.sku, r.title])).toEqual([
      ["LT-CUP", "Default"],
      ["LT-MAT", "Default"],
      ["LT-TENT-G", "Green"],
    ]);
    // A line whose SKU the catalog no longer knows keeps what it had.
    await sql`update order_lines set sku = 'GONE-1', title = 'Blue' where order_id = ${order.id} and sku = 'LT-CUP'`.execute(
      db,
    );
    await m0012.up(raw);
    const after = await db
      .selectFrom("order_lines")
      .select(["sku", "product_title", "variant_title", "title"])
      .where("order_id", "=", order.id)
      .orderBy("sku")
      .execute();
    expect(after.map((r) => [r.sku, r.product_title, r.variant_title, r.title])).toEqual([
      ["GONE-1", "", "Blue", "Blue"],
      ["LT-MAT", "Sleeping Mat", null, "Sleeping Mat"],
      ["LT-TENT-G", "Trail Tent 2P", "Green", "Trail Tent 2P — Green"],
    ]);
    const view = ok(await t.admin.get(`/v1/orders/${order.id}`));
    expect(linesOf(view)["LT-TENT-G"]).toEqual(["Trail Tent 2P", "Green", "Trail Tent 2P — Green"]);
    expect(linesOf(view)["GONE-1"]).toEqual(["", "Blue", "Blue"]);
  });
});
