import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isValidGtin } from "../../src/domain/gtin.js";
import { seedCatalogDemo } from "../../src/modules/catalog/demo.js";
import { startTestApp, type TestApp } from "../support/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function all(path: string): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const reply: { status: number; body: any } = await t.admin.get(
      `${path}${sep}limit=500${cursor ? `&cursor=${cursor}` : ""}`,
    );
    expect(reply.status).toBe(200);
    out.push(...reply.body.data);
    cursor = reply.body.next_cursor;
  } while (cursor);
  return out;
}

describe("demo catalog seed", () => {
  it("loads locations, a priced catalog with kits and 4 USD channels, and a second run changes nothing", async () => {
    const first = await seedCatalogDemo(t.server.database.db);
    expect(first).toMatchObject({ locations: 13, channels: 4, kits: 6 });
    expect(first.skus).toBeGreaterThanOrEqual(250);

    const locations = await all("/v1/locations");
    expect(locations.filter((l) => l.type === "warehouse")).toHaveLength(3);
    expect(locations.filter((l) => l.type === "store")).toHaveLength(10);
    expect(new Set(locations.map((l) => l.city)).size).toBe(13);
    for (const l of locations) {
      expect(l.latitude).toBeGreaterThan(24);
      expect(l.latitude).toBeLessThan(49);
      expect(l.longitude).toBeLessThan(-66);
      expect(l.longitude).toBeGreaterThan(-125);
    }

    const variants = await all("/v1/variants");
    expect(variants).toHaveLength(first.skus);
    expect(variants.filter((v) => v.barcode).every((v) => isValidGtin(v.barcode))).toBe(true);
    const kits = variants.filter((v) => v.is_kit);
    expect(kits).toHaveLength(6);
    const skus = new Set(variants.map((v) => v.sku));
    for (const kit of kits) for (const c of kit.components) expect(skus.has(c.sku)).toBe(true);
    expect(variants.some((v) => v.backorder_policy === "preorder" && v.available_from)).toBe(true);

    const channels = await all("/v1/channels");
    expect(channels.map((c) => c.code).sort()).toEqual(["app", "call_center", "pos", "web"]);
    expect(channels.every((c) => c.currency === "USD" && c.price_list_id)).toBe(true);
    expect(channels.find((c) => c.code === "pos").location_ids).toHaveLength(10);

    // Every SKU has a price in every channel; some have quantity tiers.
    const one = await t.admin.get("/v1/channels/web/price?sku=TEE-BLA-M&quantity=1");
    const three = await t.admin.get("/v1/channels/web/price?sku=TEE-BLA-M&quantity=3");
    expect(one.body.unit_amount).toBe(2400);
    expect(three.body.unit_amount).toBe(2160);
    for (const sku of ["KIT-CAMP", "SNK-RED-140", "PRINT-A2", "HOOD-FOR-XXL"])
      expect((await t.admin.get(`/v1/channels/pos/price?sku=${sku}`)).status).toBe(200);

    const before = await t.rowCounts();
    const second = await seedCatalogDemo(t.server.database.db);
    expect(second).toEqual({ locations: 0, products: 0, skus: 0, kits: 0, channels: 0 });
    expect(await t.rowCounts()).toEqual(before);
  });
});
