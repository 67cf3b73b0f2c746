// Input the API accepts must get the same answer on both databases: PostgreSQL text cannot hold
// NUL and its `integer` is 32-bit, SQLite has neither limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
import { expectProblem, level, ok, orderBody, product, stock, type World, world } from "./orders-fixtures.js";

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await world(t);
});
afterAll(() => t?.close());

describe("NUL characters", () => {
  it("are refused in a login without credentials, as 400 naming the field", async () => {
    const reply = await t.anonymous.post("/v1/auth/login", {
      email: "a\u0000@example.com",
      password: "x\u0000y",
    });
    expectProblem(reply, 400, "body.email");
    expect(reply.body.errors.map((e: { path: string }) => e.path)).toContain("body.password");
  });

  it("are refused anywhere in an order, and nothing is written", async () => {
    await product(t, w, "NUL-1", 100);
    await stock(t, "NUL-1", w.warehouse, 5);
    const before = await t.rowCounts();
    const named = orderBody(w, [{ sku: "NUL-1", quantity: 1 }], { email: "jane@example.com" });
    named.shipping_address = { ...named.shipping_address, name: "Jane\u0000Doe" };
    expectProblem(await t.admin.post("/v1/orders", named), 400, "body.shipping_address.name");
    expectProblem(
      await t.admin.post("/v1/orders", orderBody(w, [{ sku: "NUL\u0000", quantity: 1 }])),
      400,
      "body.lines.0.sku",
    );
    expect(await t.rowCounts()).toEqual(before);
  });

  it("are refused in a path or a query string", async () => {
    expectProblem(await t.admin.get("/v1/orders/ord%00x"), 400, "params.id");
    expectProblem(await t.admin.get("/v1/orders?email=a%00b"), 400, "querystring.email");
  });
});

describe("amounts beyond 32 bits", () => {
  it("stores a price of 2,147,483,648 and an order of 22 × 100,000,000 exactly", async () => {
    await product(t, w, "BIG-PRICE", 2_147_483_648);
    await stock(t, "BIG-PRICE", w.warehouse, 1);
    const one = ok(await t.admin.post("/v1/orders", orderBody(w, [{ sku: "BIG-PRICE", quantity: 1 }])), 201);
    expect(one.lines[0].unit_price).toBe(2_147_483_648);

    await product(t, w, "BIG-LINE", 100_000_000);
    await stock(t, "BIG-LINE", w.warehouse, 22);
    const order = ok(
      await t.admin.post("/v1/orders", orderBody(w, [{ sku: "BIG-LINE", quantity: 22 }])),
      201,
    );
    expect(order.totals.subtotal).toBe(2_200_000_000);
    expect(ok(await t.admin.get(`/v1/orders/${order.id}`)).totals.subtotal).toBe(2_200_000_000);
  });

  it("keeps stock past 2^31 on hand", async () => {
    await product(t, w, "BIG-STOCK", 1);
    for (let i = 0; i < 3; i++) await stock(t, "BIG-STOCK", w.warehouse, 1_000_000_000);
    expect((await level(t, "BIG-STOCK", w.warehouse)).on_hand).toBe(3_000_000_000);
  });
});
