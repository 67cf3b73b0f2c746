import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const tee = {
  handle: "classic-tee",
  title: "Classic Tee",
  vendor: "Ordo Apparel",
  product_type: "T-Shirt",
  tags: ["cotton"],
  variants: [
    {
      sku: "TEE-BLK-M",
      options: { size: "M", colour: "Black" },
      barcode: "4006381333931",
      weight_grams: 180,
    },
    {
      sku: "TEE-BLK-L",
      options: { size: "L", colour: "Black" },
      weight_grams: 190,
      length_mm: 300,
      width_mm: 250,
      height_mm: 20,
    },
    {
      sku: "TEE-PRE-L",
      title: "Limited",
      backorder_policy: "preorder",
      available_from: "2030-01-15",
      track_inventory: true,
    },
  ],
};

const expectProblem = (reply: { status: number; headers: Headers }, status: number) => {
  expect(reply.status).toBe(status);
  expect(reply.headers.get("content-type")).toContain("application/problem+json");
};

describe("products and variants", () => {
  it("creates a product with variants, audit row and product.created event", async () => {
    const created = await t.admin.post("/v1/products", tee);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^prod_/),
      handle: "classic-tee",
      tags: ["cotton"],
      status: "active",
    });
    expect(created.body.variants).toHaveLength(3);
    const [m, , pre] = created.body.variants;
    expect(m).toMatchObject({
      sku: "TEE-BLK-M",
      title: "M / Black",
      options: { size: "M", colour: "Black" },
      barcode: "4006381333931",
      track_inventory: true,
      backorder_policy: "deny",
      is_kit: false,
      components: [],
    });
    expect(pre).toMatchObject({ backorder_policy: "preorder", available_from: "2030-01-15T00:00:00.000Z" });
    const events = await t.server.database.db
      .selectFrom("events")
      .select(["type", "data"])
      .where("resource_id", "=", created.body.id)
      .execute();
    expect(events.map((e) => e.type)).toEqual(["product.created"]);
    expect(JSON.parse(events[0]!.data).variants).toHaveLength(3);
    expect((await t.admin.get(`/v1/audit_events?resource_id=${created.body.id}`)).body.data[0].action).toBe(
      "product.created",
    );
    expect((await t.admin.get("/v1/products/classic-tee")).body.id).toBe(created.body.id);
    expect((await t.admin.get("/v1/variants/TEE-BLK-L")).body).toMatchObject({
      product_id: created.body.id,
      length_mm: 300,
    });
  });

  it("creates a kit whose components exist; kits cannot contain kits", async () => {
    const kit = await t.admin.post("/v1/products", {
      title: "Tee two-pack",
      variants: [{ sku: "TEE-2PK", components: [{ sku: "TEE-BLK-M", quantity: 2 }] }],
    });
    expect(kit.status).toBe(201);
    expect(kit.body.variants[0]).toMatchObject({
      is_kit: true,
      components: [{ sku: "TEE-BLK-M", quantity: 2 }],
    });
    // A bundle defined together with its components in one product.
    const bundle = await t.admin.post("/v1/products", {
      title: "Gift set",
      variants: [
        { sku: "MUG-1", barcode: "036000291452" },
        {
          sku: "GIFT-SET",
          components: [
            { sku: "MUG-1", quantity: 1 },
            { sku: "TEE-BLK-L", quantity: 1 },
          ],
        },
      ],
    });
    expect(bundle.status).toBe(201);
    const viaService = await t.admin.get("/v1/variants?sku=GIFT-SET,TEE-2PK");
    expect(viaService.body.data.map((v: { sku: string }) => v.sku).sort()).toEqual(["GIFT-SET", "TEE-2PK"]);
    expect((await t.admin.get("/v1/variants?is_kit=true")).body.data).toHaveLength(2);
  });

  const bad: Array<[string, unknown, number, string]> = [
    [
      "an invalid GTIN check digit",
      { title: "X", variants: [{ sku: "X-1", barcode: "4006381333932" }] },
      400,
      "body.variants.0.barcode",
    ],
    [
      "a duplicate SKU within the request",
      { title: "X", variants: [{ sku: "X-1" }, { sku: "X-1" }] },
      400,
      "body.variants.1.sku",
    ],
    [
      "an existing SKU",
      { title: "X", variants: [{ sku: "X-1" }, { sku: "TEE-BLK-M" }] },
      409,
      "body.variants.1.sku",
    ],
    [
      "an existing barcode",
      { title: "X", variants: [{ sku: "X-1", barcode: "4006381333931" }] },
      409,
      "body.variants.0.barcode",
    ],
    [
      "an unknown component",
      { title: "X", variants: [{ sku: "X-K", components: [{ sku: "NOPE", quantity: 1 }] }] },
      422,
      "body.variants.0.components.0.sku",
    ],
    [
      "a kit as component",
      { title: "X", variants: [{ sku: "X-K", components: [{ sku: "TEE-2PK", quantity: 1 }] }] },
      422,
      "body.variants.0.components.0.sku",
    ],
    [
      "a zero quantity",
      { title: "X", variants: [{ sku: "X-K", components: [{ sku: "TEE-BLK-M", quantity: 0 }] }] },
      400,
      "body.variants.0.components.0.quantity",
    ],
    [
      "a fractional quantity",
      { title: "X", variants: [{ sku: "X-K", components: [{ sku: "TEE-BLK-M", quantity: 1.5 }] }] },
      400,
      "body.variants.0.components.0.quantity",
    ],
    [
      "itself as component",
      { title: "X", variants: [{ sku: "X-K", components: [{ sku: "X-K", quantity: 1 }] }] },
      422,
      "body.variants.0.components.0.sku",
    ],
    [
      "a preorder without date",
      { title: "X", variants: [{ sku: "X-1", backorder_policy: "preorder" }] },
      400,
      "body.variants.0.available_from",
    ],
    [
      "an unknown backorder policy",
      { title: "X", variants: [{ sku: "X-1", backorder_policy: "sometimes" }] },
      400,
      "body.variants.0.backorder_policy",
    ],
    ["no variants", { title: "X", variants: [] }, 400, "body.variants"],
    [
      "an existing handle",
      { title: "X", handle: "classic-tee", variants: [{ sku: "X-1" }] },
      409,
      "body.handle",
    ],
  ];
  for (const [name, body, status, path] of bad) {
    it(`refuses ${name} precisely and writes nothing`, async () => {
      const before = await t.rowCounts();
      const reply = await t.admin.post("/v1/products", body);
      expectProblem(reply, status);
      expect(reply.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await t.rowCounts()).toEqual(before);
    });
  }

  it("searches by SKU, barcode and title", async () => {
    const codes = async (q: string) =>
      (await t.admin.get(`/v1/products?q=${encodeURIComponent(q)}`)).body.data
        .map((p: { title: string }) => p.title)
        .sort();
    expect(await codes("TEE-BLK-M")).toEqual(["Classic Tee"]);
    expect(await codes("tee-blk")).toEqual(["Classic Tee"]);
    expect(await codes("4006381333931")).toEqual(["Classic Tee"]);
    expect(await codes("036000291452")).toEqual(["Gift set"]);
    expect(await codes("classic")).toEqual(["Classic Tee"]);
    expect(await codes("tee")).toEqual(["Classic Tee", "Tee two-pack"]);
    expect(await codes("100%")).toEqual([]);
    const byBarcode = await t.admin.get("/v1/variants?barcode=4006381333931");
    expect(byBarcode.body.data.map((v: { sku: string }) => v.sku)).toEqual(["TEE-BLK-M"]);
  });

  it("updates variants and kit definitions with the same checks", async () => {
    const upd = await t.admin.patch("/v1/variants/TEE-BLK-L", {
      weight_grams: 200,
      backorder_policy: "allow",
      options: { size: "L", colour: "Black" },
    });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ weight_grams: 200, backorder_policy: "allow" });
    const before = await t.rowCounts();
    expectProblem(
      await t.admin.patch("/v1/variants/TEE-2PK", { components: [{ sku: "GIFT-SET", quantity: 1 }] }),
      422,
    );
    // A component of a kit cannot become a kit itself.
    expectProblem(
      await t.admin.patch("/v1/variants/TEE-BLK-M", { components: [{ sku: "MUG-1", quantity: 1 }] }),
      422,
    );
    expectProblem(await t.admin.patch("/v1/variants/TEE-BLK-M", { barcode: "036000291452" }), 409);
    expectProblem(await t.admin.patch("/v1/variants/TEE-BLK-M", { backorder_policy: "preorder" }), 422);
    expect(await t.rowCounts()).toEqual({ ...before, audit_events: before.audit_events });
    const rekit = await t.admin.patch("/v1/variants/TEE-2PK", {
      components: [
        { sku: "TEE-BLK-M", quantity: 3 },
        { sku: "MUG-1", quantity: 1 },
      ],
    });
    expect(rekit.body.components).toEqual([
      { sku: "MUG-1", quantity: 1 },
      { sku: "TEE-BLK-M", quantity: 3 },
    ]);
    const added = await t.admin.post("/v1/products/classic-tee/variants", {
      sku: "TEE-BLK-S",
      options: { size: "S", colour: "Black" },
    });
    expect(added.status).toBe(201);
    expect((await t.admin.get("/v1/products/classic-tee")).body.variants).toHaveLength(4);
  });

  it("deletes an unreferenced product but archives a referenced one", async () => {
    const lone = await t.admin.post("/v1/products", { title: "Lonely", variants: [{ sku: "LONE-1" }] });
    const del = await t.admin.delete(`/v1/products/${lone.body.id}`);
    expect(del.body).toEqual({ id: lone.body.id, outcome: "deleted" });
    expect((await t.admin.get(`/v1/products/${lone.body.id}`)).status).toBe(404);
    // MUG-1 is a component of kits: its product is archived, not deleted.
    const gift = await t.admin.get("/v1/products?q=Gift");
    const archived = await t.admin.delete(`/v1/products/${gift.body.data[0].id}`);
    expect(archived.body.outcome).toBe("archived");
    const after = await t.admin.get(`/v1/products/${gift.body.data[0].id}`);
    expect(after.body.status).toBe("archived");
    expect(after.body.variants.every((v: { status: string }) => v.status === "archived")).toBe(true);
    expect(
      (await t.admin.get("/v1/products?status=active")).body.data.map((p: { title: string }) => p.title),
    ).not.toContain("Gift set");
    // A record of another module that refers to the SKU by foreign key (as stock rows do) also archives.
    const db = t.server.database.db;
    await sql`create table test_sku_refs (sku text not null references variants(sku))`.execute(db);
    const held = await t.admin.post("/v1/products", {
      title: "Held",
      variants: [{ sku: "HELD-1" }, { sku: "HELD-2" }],
    });
    await sql`insert into test_sku_refs (sku) values ('HELD-2')`.execute(db);
    const before = await t.rowCounts();
    expect((await t.admin.delete(`/v1/products/${held.body.id}`)).body.outcome).toBe("archived");
    expect(
      (await t.admin.get(`/v1/products/${held.body.id}`)).body.variants.map(
        (v: { status: string }) => v.status,
      ),
    ).toEqual(["archived", "archived"]);
    expect((await t.admin.delete("/v1/variants/HELD-2")).body.outcome).toBe("archived");
    expect((await t.admin.delete("/v1/variants/HELD-1")).body.outcome).toBe("deleted");
    const afterDeletes = await t.rowCounts();
    expect(afterDeletes.variants).toBe((before.variants ?? 0) - 1);
    // An archived SKU cannot become a new kit component.
    expectProblem(
      await t.admin.post("/v1/products", {
        title: "Y",
        variants: [{ sku: "Y-K", components: [{ sku: "MUG-1", quantity: 1 }] }],
      }),
      422,
    );
  });

  it("requires catalog:read to read and catalog:write to write", async () => {
    const warehouse = await t.as("warehouse");
    expect((await warehouse.get("/v1/products")).status).toBe(200);
    expect((await warehouse.post("/v1/products", { title: "Z", variants: [{ sku: "Z-1" }] })).status).toBe(
      403,
    );
    expect((await warehouse.patch("/v1/variants/TEE-BLK-M", { weight_grams: 1 })).status).toBe(403);
  });
});

describe("prices and the channel price lookup", () => {
  it("sets tiers and validity windows and quotes the right one", async () => {
    await t.admin.post("/v1/price_lists", { code: "retail", name: "Retail", currency: "USD" });
    await t.admin.post("/v1/channels", {
      code: "web",
      name: "Web",
      type: "web",
      currency: "USD",
      price_list_id: "retail",
    });
    const set = await t.admin.post("/v1/price_lists/retail/prices", {
      prices: [
        { sku: "TEE-BLK-M", amount: 2500 },
        { sku: "TEE-BLK-M", amount: 2200, min_quantity: 10 },
        { sku: "TEE-BLK-M", amount: 1900, min_quantity: 50 },
        { sku: "TEE-BLK-L", amount: 2500, valid_to: "2030-01-01T00:00:00Z" },
        { sku: "TEE-BLK-L", amount: 2000, valid_from: "2030-01-01T00:00:00Z" },
      ],
    });
    expect(set.status).toBe(200);
    expect(set.body.data).toHaveLength(5);
    const quote = async (sku: string, quantity: number, at?: string) =>
      t.admin.get(
        `/v1/channels/web/price?sku=${sku}&quantity=${quantity}${at ? `&at=${encodeURIComponent(at)}` : ""}`,
      );
    expect((await quote("TEE-BLK-M", 1)).body).toMatchObject({
      channel: "web",
      currency: "USD",
      unit_amount: 2500,
      amount: 2500,
    });
    expect((await quote("TEE-BLK-M", 10)).body).toMatchObject({ unit_amount: 2200, amount: 22000 });
    expect((await quote("TEE-BLK-M", 49)).body.unit_amount).toBe(2200);
    expect((await quote("TEE-BLK-M", 50)).body.unit_amount).toBe(1900);
    expect((await quote("TEE-BLK-L", 1, "2029-06-01T00:00:00Z")).body.unit_amount).toBe(2500);
    expect((await quote("TEE-BLK-L", 1, "2030-02-01T00:00:00+01:00")).body.unit_amount).toBe(2000);
    const unknown = await quote("NOPE", 1);
    expectProblem(unknown, 404);
    expect(unknown.body.detail).toContain("NOPE");
    const unpriced = await quote("TEE-BLK-S", 1);
    expectProblem(unpriced, 404);
    expect(unpriced.body.type).toContain("price-not-found");
    expectProblem(await quote("TEE-BLK-M", 0), 400);

    // Setting a SKU's prices replaces its tiers; others keep theirs.
    await t.admin.post("/v1/price_lists/retail/prices", { prices: [{ sku: "TEE-BLK-M", amount: 2400 }] });
    expect((await quote("TEE-BLK-M", 60)).body.unit_amount).toBe(2400);
    expect((await t.admin.get("/v1/price_lists/retail/prices?sku=TEE-BLK-L")).body.data).toHaveLength(2);
    expect((await t.admin.delete("/v1/price_lists/retail/prices/TEE-BLK-L")).status).toBe(204);
    expectProblem(await quote("TEE-BLK-L", 1), 404);
  });

  it("refuses bad prices precisely and writes nothing", async () => {
    const before = await t.rowCounts();
    const dup = await t.admin.post("/v1/price_lists/retail/prices", {
      prices: [
        { sku: "TEE-BLK-M", amount: 1 },
        { sku: "TEE-BLK-M", amount: 2 },
      ],
    });
    expectProblem(dup, 400);
    expect(dup.body.errors[0].path).toBe("body.prices.1.min_quantity");
    const neg = await t.admin.post("/v1/price_lists/retail/prices", {
      prices: [{ sku: "TEE-BLK-M", amount: -1 }],
    });
    expect(neg.body.errors[0].path).toBe("body.prices.0.amount");
    const window = await t.admin.post("/v1/price_lists/retail/prices", {
      prices: [
        { sku: "TEE-BLK-M", amount: 1, valid_from: "2030-01-01T00:00:00Z", valid_to: "2029-01-01T00:00:00Z" },
      ],
    });
    expect(window.body.errors[0].path).toBe("body.prices.0.valid_to");
    expect(
      (await t.admin.post("/v1/price_lists/nope/prices", { prices: [{ sku: "TEE-BLK-M", amount: 1 }] }))
        .status,
    ).toBe(404);
    expect(await t.rowCounts()).toEqual(before);
  });

  it("a priced SKU's product is still deletable (prices go with it)", async () => {
    const p = await t.admin.post("/v1/products", { title: "Priced", variants: [{ sku: "PRICED-1" }] });
    await t.admin.post("/v1/price_lists/retail/prices", { prices: [{ sku: "PRICED-1", amount: 100 }] });
    expect((await t.admin.delete(`/v1/products/${p.body.id}`)).body.outcome).toBe("deleted");
    expect((await t.admin.get("/v1/price_lists/retail/prices?sku=PRICED-1")).body.data).toEqual([]);
  });
});
