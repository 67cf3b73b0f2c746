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

  it("refuses an order whose total a number cannot hold exactly, writing nothing", async () => {
    await product(t, w, "HUGE-PRICE", Number.MAX_SAFE_INTEGER - 1);
    await stock(t, "HUGE-PRICE", w.warehouse, 10);
    const before = await t.rowCounts();
    expectProblem(
      await t.admin.post("/v1/orders", orderBody(w, [{ sku: "HUGE-PRICE", quantity: 3 }])),
      422,
      "body.lines",
    );
    expect(await t.rowCounts()).toEqual(before);
  });

  it("keeps stock past 2^31 on hand", async () => {
    await product(t, w, "BIG-STOCK", 1);
    for (let i = 0; i < 3; i++) await stock(t, "BIG-STOCK", w.warehouse, 1_000_000_000);
    expect((await level(t, "BIG-STOCK", w.warehouse)).on_hand).toBe(3_000_000_000);
  });
});

describe("input sizes", () => {
  /** Arrays without maxItems and free text without maxLength a request may carry, by where they are. */
  function unboundedArrays(doc: any): string[] {
    const found = new Set<string>();
    const seen = new Set<unknown>();
    const walk = (schema: any, where: string) => {
      if (!schema || typeof schema !== "object" || seen.has(schema)) return;
      if (schema.$ref) {
        const name = String(schema.$ref).split("/").pop()!;
        return walk(doc.components.schemas[name], `${where}(${name})`);
      }
      seen.add(schema);
      if (schema.type === "array" && schema.maxItems === undefined) found.add(where);
      const free = schema.enum === undefined && schema.const === undefined && schema.format === undefined;
      if (schema.type === "string" && schema.maxLength === undefined && free && !schema.pattern)
        found.add(`${where} (text)`);
      for (const [key, value] of Object.entries(schema)) {
        if (key === "properties")
          for (const [prop, sub] of Object.entries(value as object)) walk(sub, `${where}.${prop}`);
        else if (Array.isArray(value)) for (const sub of value) walk(sub, where);
        else if (typeof value === "object") walk(value, `${where}`);
      }
    };
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        for (const content of Object.values<any>(op.requestBody?.content ?? {}))
          walk(content.schema, `${method.toUpperCase()} ${path} body`);
        for (const param of op.parameters ?? [])
          walk(param.schema, `${method.toUpperCase()} ${path} ${param.name}`);
      }
    }
    return [...found].sort();
  }

  it("bounds every array and every free text a request may carry", async () => {
    const doc = ok(await t.anonymous.get("/openapi.json"));
    expect(unboundedArrays(doc)).toEqual([]);
  });

  it("refuses a sourcing rule with 100,000 entries before it is stored", async () => {
    const before = await t.rowCounts();
    const rule = {
      name: "Huge",
      settings: { store_protection: { applies_to: Array.from({ length: 100_000 }, () => "ship") } },
    };
    const reply = await t.admin.post("/v1/sourcing_rules", rule);
    expect([400, 413]).toContain(reply.status);
    expect(reply.headers.get("content-type")).toContain("application/problem+json");
    const small = {
      ...rule,
      settings: { store_protection: { applies_to: Array.from({ length: 5_000 }, () => "ship") } },
    };
    expectProblem(
      await t.admin.post("/v1/sourcing_rules", small),
      400,
      "body.settings.store_protection.applies_to",
    );
    expect(await t.rowCounts()).toEqual(before);
  });
});

describe("CSV uploads", () => {
  it("answer a JSON body with 415, naming what to send, and write nothing", async () => {
    const before = await t.rowCounts();
    for (const path of ["/v1/inventory_imports", "/v1/imports/catalog"]) {
      const reply = await t.admin.post(path, { sku: "X", location_id: w.warehouse, on_hand: 1 });
      expectProblem(reply, 415);
      expect(reply.body.detail).toContain("text/csv");
      expectProblem(await t.admin.post(path), 415);
    }
    expect(await t.rowCounts()).toEqual(before);
  });
});
