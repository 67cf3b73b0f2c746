import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.admin.post("/v1/price_lists", { code: "retail", name: "Retail", currency: "USD" });
  await t.admin.post("/v1/price_lists", { code: "yen", name: "Yen", currency: "JPY" });
  await t.admin.post("/v1/channels", {
    code: "web",
    name: "Web",
    type: "web",
    currency: "USD",
    price_list_id: "retail",
  });
});
afterAll(() => t.close());

const csv = (lines: string[]) => `${lines.join("\n")}\n`;
const post = (body: string, query = "price_list=retail") =>
  t.admin.post(`/v1/imports/catalog?${query}`, body, { "content-type": "text/csv" });

const HEADER =
  "handle,title,vendor,tags,sku,option1_name,option1_value,option2_name,option2_value,barcode,weight_grams,backorder_policy,available_from,components,price,price_tiers";
const GOOD = csv([
  HEADER,
  "crew-tee,Crew Tee,Ordo,cotton;basics,CT-BLK-M,Colour,Black,Size,M,4006381333931,180,,,,24.00,3:21.60;12:19.20",
  "crew-tee,,,,CT-BLK-L,Colour,Black,Size,L,,190,allow,,,24.00,",
  'mug,"Mug, 12 oz",Ordo,,MUG-1,,,,,036000291452,400,,,,18,',
  "mug-pair,Mug pair,,,MUG-PAIR,,,,,,,,,MUG-1:2,30.00,",
  "print,Print,,,PRINT-1,,,,,,,preorder,2031-02-01,,95.5,",
]);

describe("catalog CSV import through the API", () => {
  it("imports products, variants, kits and price tiers, and the result is usable at once", async () => {
    const reply = await post(GOOD);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      mode: "file",
      committed: true,
      rows: 5,
      rows_imported: 5,
      products_created: 4,
      products_updated: 0,
      variants_created: 5,
      skus_priced: 5,
      error_count: 0,
      errors: [],
    });
    const tee = (await t.admin.get("/v1/products/crew-tee")).body;
    expect(tee).toMatchObject({ title: "Crew Tee", vendor: "Ordo", tags: ["cotton", "basics"] });
    expect(tee.variants.map((v: { sku: string }) => v.sku)).toEqual(["CT-BLK-M", "CT-BLK-L"]);
    expect(tee.variants[0]).toMatchObject({
      title: "Black / M",
      options: { Colour: "Black", Size: "M" },
      barcode: "4006381333931",
    });
    expect(tee.variants[1].backorder_policy).toBe("allow");
    expect((await t.admin.get("/v1/variants/MUG-PAIR")).body).toMatchObject({
      is_kit: true,
      components: [{ sku: "MUG-1", quantity: 2 }],
    });
    expect((await t.admin.get("/v1/variants/PRINT-1")).body).toMatchObject({
      backorder_policy: "preorder",
      available_from: "2031-02-01T00:00:00.000Z",
    });
    expect((await t.admin.get("/v1/products/mug")).body.title).toBe("Mug, 12 oz");
    const quote = async (sku: string, q: number) =>
      (await t.admin.get(`/v1/channels/web/price?sku=${sku}&quantity=${q}`)).body.unit_amount;
    expect(await quote("CT-BLK-M", 1)).toBe(2400);
    expect(await quote("CT-BLK-M", 3)).toBe(2160);
    expect(await quote("CT-BLK-M", 12)).toBe(1920);
    expect(await quote("PRINT-1", 1)).toBe(9550);
    expect(await quote("MUG-1", 1)).toBe(1800);
    const events = await t.server.database.db
      .selectFrom("events")
      .select("type")
      .where("type", "like", "product.%")
      .execute();
    expect(events).toHaveLength(4);
    const audit = await t.admin.get("/v1/audit_events?action=catalog.imported");
    expect(audit.body.data).toHaveLength(1);
  });

  it("imports the same file again as upserts by handle and SKU: only what differs is written", async () => {
    const before = await t.rowCounts();
    const same = await post(GOOD);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({
      products_created: 0,
      products_updated: 0,
      variants_created: 0,
      variants_updated: 0,
      variants_unchanged: 5,
      skus_priced: 0,
    });
    // Nothing changed: no event; only the audit row of the import itself.
    expect(await t.rowCounts()).toEqual({ ...before, audit_events: (before.audit_events ?? 0) + 1 });

    const changed = await post(GOOD.replace("190,allow", "195,deny").replace("18,", "19.00,"));
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      products_created: 0,
      products_updated: 2,
      variants_created: 0,
      variants_updated: 1,
      variants_unchanged: 3,
      skus_priced: 1,
    });
    const after = await t.rowCounts();
    expect(after.products).toBe(before.products);
    expect(after.variants).toBe(before.variants);
    expect(after.prices).toBe(before.prices);
    expect(after.events).toBe((before.events ?? 0) + 2);
    expect((await t.admin.get("/v1/variants/CT-BLK-L")).body).toMatchObject({
      weight_grams: 195,
      backorder_policy: "deny",
    });
    expect((await t.admin.get("/v1/channels/web/price?sku=MUG-1")).body.unit_amount).toBe(1900);
  });

  it("exports the catalog in the import's format; the unedited export imports as unchanged", async () => {
    const reply = await t.admin.get("/v1/exports/catalog?price_list=retail");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toContain("text/csv");
    expect(reply.headers.get("ordo-products-without-handle")).toBe("0");
    const text = String(reply.body);
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    const bySku = new Map(rows.map((r) => [r.sku, r]));
    expect(bySku.get("CT-BLK-M")).toMatchObject({
      handle: "crew-tee",
      title: "Crew Tee",
      tags: "cotton;basics",
      option1_name: "Colour",
      option1_value: "Black",
      option2_name: "Size",
      option2_value: "M",
      barcode: "4006381333931",
      weight_grams: "180",
      price: "24.00",
      price_tiers: "3:21.60;12:19.20",
      status: "active",
    });
    expect(bySku.get("MUG-PAIR")).toMatchObject({ components: "MUG-1:2", price: "30.00" });
    expect(bySku.get("PRINT-1")).toMatchObject({
      backorder_policy: "preorder",
      available_from: "2031-02-01T00:00:00.000Z",
      price: "95.50",
    });
    expect(bySku.get("MUG-1")?.title).toBe("Mug, 12 oz");
    const again = await post(text);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      rows: rows.length,
      products_created: 0,
      products_updated: 0,
      variants_created: 0,
      variants_updated: 0,
      variants_unchanged: rows.length,
      skus_priced: 0,
    });
    const unknown = await t.admin.get("/v1/exports/catalog?price_list=nope");
    expect(unknown.status).toBe(422);
    // A kit's row before its component's row is fine when the component is already stored.
    const kitFirst = await post(csv(["handle,sku,components", "mug-pair,MUG-PAIR,MUG-1:2", "mug,MUG-1,"]));
    expect(kitFirst.status, JSON.stringify(kitFirst.body)).toBe(200);
    expect(kitFirst.body).toMatchObject({ variants_unchanged: 2, error_count: 0 });
  });

  it("reports every bad row precisely (line, field, message) and changes nothing", async () => {
    const before = await t.rowCounts();
    const reply = await post(
      csv([
        HEADER,
        "new-one,New,,,NEW-1,,,,,4006381333932,,,,,,",
        "new-one,,,,NEW-2,,,,,,abc,,,,,",
        "new-two,,,,NEW-3,,,,,,,,,,,",
        "kit,Kit,,,KIT-X,,,,,,,,,NOPE:1;MUG-PAIR:1,,",
        "crew-tee,,,,CT-BLK-M,,,,,,,sometimes,,,,",
        "new-one,,,,NEW-1,,,,,,,,,,12.345,",
        "short,row",
        "moved,Moved,,,MUG-1,,,,,,,,,,,",
        "new-one,,,,NEW-4,,,,,036000291452,,,,,,",
        "Bad Handle,X,,,NEW-5,,,,,,,preorder,,,,",
      ]),
    );
    expect(reply.status).toBe(422);
    expect(reply.headers.get("content-type")).toContain("application/problem+json");
    const errors = reply.body.report.errors.map(
      (e: { line: number; field: string }) => `${e.line}:${e.field}`,
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        "2:barcode",
        "3:weight_grams",
        "4:title",
        "5:components",
        "6:backorder_policy",
        "7:price",
        "8:(row)",
        "9:handle",
        "10:barcode",
        "11:handle",
        "11:available_from",
      ]),
    );
    const kit = reply.body.report.errors
      .filter((e: { line: number }) => e.line === 5)
      .map((e: { message: string }) => e.message);
    expect(kit.join(" | ")).toMatch(/NOPE/);
    expect(kit.join(" | ")).toMatch(/MUG-PAIR is a kit/);
    expect(reply.body.report.errors.find((e: { line: number }) => e.line === 2).message).toMatch(
      /check digit/,
    );
    expect(reply.body.errors[0].path).toMatch(/^line\.\d+\./);
    expect(reply.body.report.committed).toBe(false);
    expect(await t.rowCounts()).toEqual(before);
  });

  it("names a SKU repeated in the file and a component that is a kit", async () => {
    const reply = await post(
      csv([HEADER, "d,D,,,DUP-1,,,,,,,,,,,", "d,,,,DUP-1,,,,,,,,,,,", "k,K,,,K-2,,,,,,,,,MUG-PAIR:1,,"]),
    );
    expect(reply.status).toBe(422);
    expect(reply.body.report.errors).toEqual([
      { line: 3, field: "sku", message: "SKU DUP-1 is also on line 2" },
      { line: 4, field: "components", message: "MUG-PAIR is a kit; a kit's components cannot be kits" },
    ]);
  });

  it("refuses unknown columns, a missing sku column, malformed quoting, an unknown price list", async () => {
    const before = await t.rowCounts();
    const header = await post(csv(["handle,title,sku,colour", "a,A,A-1,red"]));
    expect(header.status).toBe(422);
    expect(header.body.report.errors).toEqual([
      { line: 1, field: "colour", message: expect.stringContaining("Unknown column") },
    ]);
    const missing = await post(csv(["handle,title", "a,A"]));
    expect(missing.body.report.errors[0]).toMatchObject({
      line: 1,
      field: "sku",
      message: "Required column missing",
    });
    const quoting = await post(csv(["handle,title,sku", 'a,"A"x,A-1', "b,B,B-1"]));
    expect(quoting.status).toBe(422);
    expect(quoting.body.report.errors[0]).toMatchObject({
      line: 2,
      field: "(row)",
      message: expect.stringMatching(/Malformed CSV/),
    });
    const list = await post(csv(["handle,title,sku", "a,A,A-1"]), "price_list=nope");
    expect(list.status).toBe(422);
    expect(list.body.errors[0].path).toBe("querystring.price_list");
    const noList = await post(csv(["handle,title,sku,price", "a,A,A-1,1.00"]), "");
    expect(noList.body.report.errors[0]).toMatchObject({ line: 2, field: "price" });
    const yen = await post(csv(["handle,title,sku,price", "a,A,A-1,1.50"]), "price_list=yen");
    expect(yen.body.report.errors[0]).toMatchObject({
      line: 2,
      field: "price",
      message: expect.stringContaining("0 decimals"),
    });
    const empty = await post("");
    expect(empty.status).toBe(422);
    const json = await t.admin.post("/v1/imports/catalog", { rows: [] });
    expect(json.status).toBe(415);
    expect(await t.rowCounts()).toEqual(before);
  });

  it("stops reading a hopeless file after 1000 problems, answering at once and writing nothing", async () => {
    // ~12 MB of rows that are wrong in every field, then ~12 MB that are not even CSV.
    const bad = (i: number) =>
      `Bad Handle ${i},T,,,sku with space ${i},,,,,notabarcode,heavy,sometimes,yesterday,,free,`;
    const broken = (i: number) => `h-${i},"unterminated ${i},x`;
    for (const row of [bad, broken]) {
      const lines = [HEADER];
      for (let i = 0, size = 0; size < 12_000_000; i++) {
        lines.push(row(i));
        size += lines[lines.length - 1]!.length + 1;
      }
      const before = await t.rowCounts();
      const health = t.anonymous.get("/healthz");
      const reply = await post(csv(lines));
      expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).toBe(422);
      const { report } = reply.body;
      expect(report.errors).toHaveLength(1000);
      expect(report.error_count).toBe(1000);
      expect(report.committed).toBe(false);
      // It stopped near the start: the rest of the file was neither checked nor written.
      expect(report.stopped_at_line).toBeGreaterThan(1);
      expect(report.stopped_at_line).toBeLessThan(lines.length / 10);
      expect(report.rows).toBeLessThan(lines.length / 10);
      expect((await health).status).toBe(200);
      expect(await t.rowCounts()).toEqual(before);
    }
  });

  it("batch mode commits good batches and skips each bad one whole", async () => {
    const reply = await post(
      csv([
        "handle,title,sku,barcode",
        "b1,B1,B1-1,",
        "b1,,B1-2,",
        "b2,B2,B2-1,123",
        "b2,,B2-2,",
        "b3,B3,B3-1,",
      ]),
      "mode=batch&batch_size=2",
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      mode: "batch",
      committed: true,
      batches_committed: 2,
      batches_failed: 1,
      rows_imported: 3,
      error_count: 2,
    });
    expect(reply.body.errors).toEqual([
      { line: 4, field: "barcode", message: expect.any(String) },
      { line: 5, field: "title", message: "Required for the new product b2" },
    ]);
    expect((await t.admin.get("/v1/variants/B1-2")).status).toBe(200);
    expect((await t.admin.get("/v1/variants/B3-1")).status).toBe(200);
    expect((await t.admin.get("/v1/variants/B2-2")).status).toBe(404);
  });

  it("dry run validates and writes nothing; writing needs catalog:write", async () => {
    const before = await t.rowCounts();
    const dry = await post(csv(["handle,title,sku", "dry,Dry,DRY-1"]), "dry_run=true");
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dry_run: true, committed: false, rows_imported: 1 });
    expect(await t.rowCounts()).toEqual(before);
    const warehouse = await t.as("warehouse");
    const denied = await warehouse.post("/v1/imports/catalog", csv(["handle,title,sku", "w,W,W-1"]), {
      "content-type": "text/csv",
    });
    expect(denied.status).toBe(403);
  });

  it("documents the catalog, location, channel and import routes in the OpenAPI document", async () => {
    const doc = await t.anonymous.get("/openapi.json");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        "/v1/products",
        "/v1/products/{ref}",
        "/v1/variants",
        "/v1/locations",
        "/v1/channels",
        "/v1/channels/{ref}/price",
        "/v1/price_lists/{ref}/prices",
        "/v1/imports/catalog",
      ]),
    );
    expect(
      doc.body.paths["/v1/imports/catalog"].post.parameters.map((p: { name: string }) => p.name),
    ).toEqual(expect.arrayContaining(["mode", "price_list", "dry_run"]));
  });
});
