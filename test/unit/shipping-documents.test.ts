// The printed documents are checked the way a person would: poppler (pdfinfo, pdftoppm,
// pdftotext) opens each PDF, rasterises every page and reads the text back, so a file that
// only looks like a PDF, a blank page or a lost line fails here rather than at a packing station.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type Address,
  type LabelData,
  type PackingSlipData,
  type PickListData,
  renderLabelPdf,
  renderLabelZpl,
  renderPackingSlipPdf,
  renderPickListPdf,
} from "../../src/modules/shipping/documents/index.js";

const work = mkdtempSync(join(tmpdir(), "ordo-docs-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let seq = 0;

function save(pdf: Buffer): string {
  const file = join(work, `doc-${++seq}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

function info(pdf: Buffer): { pages: number; width: number; height: number } {
  const out = execFileSync("pdfinfo", [save(pdf)], { encoding: "utf8" });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out);
  const pages = /Pages:\s+(\d+)/.exec(out);
  if (!size || !pages) throw new Error(`unexpected pdfinfo output:\n${out}`);
  return { pages: Number(pages[1]), width: Number(size[1]), height: Number(size[2]) };
}

const text = (pdf: Buffer): string =>
  execFileSync("pdftotext", ["-layout", save(pdf), "-"], { encoding: "utf8" });

/** Renders every page at 50 dpi; returns each PNG's pixel size and its share of dark pixels. */
function rasterise(pdf: Buffer): { width: number; height: number; ink: number }[] {
  const file = save(pdf);
  const dir = mkdtempSync(join(work, "png-"));
  execFileSync("pdftoppm", ["-png", "-r", "50", file, join(dir, "p")]);
  // The same pages as 8-bit greyscale PGM: trivially parsed without an image library.
  execFileSync("pdftoppm", ["-gray", "-r", "50", file, join(dir, "g")]);
  const names = readdirSync(dir).sort();
  const pngs = names.filter((n) => n.endsWith(".png"));
  const pgms = names.filter((n) => n.endsWith(".pgm"));
  expect(pgms.length).toBe(pngs.length);
  return pngs.map((name, i) => {
    const png = readFileSync(join(dir, name));
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    const pgm = readFileSync(join(dir, pgms[i]!));
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString("latin1"))!;
    const pixels = pgm.subarray(header[0].length);
    let dark = 0;
    for (const v of pixels) if (v < 128) dark++;
    return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), ink: dark / pixels.length };
  });
}

const from: Address = {
  name: "Ordo Warehouse",
  line1: "1 Depot Road",
  line2: null,
  city: "Springfield",
  region: "IL",
  postalCode: "62701",
  country: "US",
};
const to: Address = {
  name: "Ada Lovelace",
  line1: "12 Analytical Way",
  line2: "Apt 3",
  city: "Portland",
  region: "OR",
  postalCode: "97201",
  country: "US",
};

const label: LabelData = {
  trackingNumber: "1Z999AA10123456784",
  trackingUrl: "https://track.example.com/t/1Z999AA10123456784",
  carrierName: "Example Express",
  serviceName: "Ground",
  from,
  to,
  weightGrams: 1250,
  packageIndex: 2,
  packageCount: 3,
  orderNumber: "1042",
  shipmentId: "shp_01JABCDEF",
  shipDate: "2026-05-04",
  reference: "PO-77",
};

const slip = (lines: number): PackingSlipData => ({
  merchantName: "Acme Goods",
  orderNumber: "1042",
  orderedAt: "2026-05-01T10:00:00Z",
  shipTo: to,
  packageIndex: 1,
  packageCount: 1,
  note: "Gift wrap please",
  supportEmail: "help@acme.example",
  lines: Array.from({ length: lines }, (_, i) => ({
    sku: `SKU-${String(i).padStart(3, "0")}`,
    productTitle: i === 0 ? "Linen Shirt" : `Product number ${i}`,
    variantTitle: i === 0 ? "Blue / M" : i === 1 ? "Default Title" : null,
    quantity: i + 1,
  })),
});

const pick: PickListData = {
  title: "Batch pick (2 orders)",
  locationName: "Main warehouse",
  generatedAt: "2026-05-04T08:30:00Z",
  fulfillmentOrderIds: ["fo_1", "fo_2"],
  lines: [
    {
      bin: "A-01-01",
      sku: "SHIRT-BL-M",
      productTitle: "Linen Shirt",
      variantTitle: "Blue / M",
      barcode: "0123456789012",
      quantity: 3,
      picks: [
        { fulfillmentOrderId: "fo_1", orderNumber: "1042", quantity: 1 },
        { fulfillmentOrderId: "fo_2", orderNumber: "1043", quantity: 2 },
      ],
    },
    {
      bin: null,
      sku: "MUG-01",
      productTitle: "Enamel Mug",
      variantTitle: null,
      barcode: null,
      quantity: 1,
      picks: [{ fulfillmentOrderId: "fo_2", orderNumber: "1043", quantity: 1 }],
    },
  ],
};

describe("renderLabelPdf", () => {
  it("is a single 4×6 inch page with the tracking number, addresses and package count", async () => {
    const pdf = await renderLabelPdf(label);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(info(pdf)).toEqual({ pages: 1, width: 288, height: 432 });
    const pages = rasterise(pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ width: 200, height: 300 });
    // Barcodes and a bold address put well over a few percent of the page in ink.
    expect(pages[0]!.ink).toBeGreaterThan(0.03);
    const t = text(pdf);
    for (const s of [
      "1Z999AA10123456784",
      "Ada Lovelace",
      "Ordo Warehouse",
      "Order #1042",
      "2 of 3",
      "PO-77",
    ]) {
      expect(t).toContain(s);
    }
  });

  it("gives the same bytes for the same input, however often it is rendered", async () => {
    // Renders run concurrently on purpose: anything asynchronous inside pdfkit that decided the
    // order of objects in the file would show up here as a difference.
    const labels = await Promise.all(Array.from({ length: 8 }, () => renderLabelPdf(label)));
    for (const pdf of labels) expect(pdf.equals(labels[0]!)).toBe(true);
    const slips = await Promise.all(Array.from({ length: 4 }, () => renderPackingSlipPdf(slip(3))));
    for (const pdf of slips) expect(pdf.equals(slips[0]!)).toBe(true);
  });

  it("keeps overlong addresses on the one page", async () => {
    const long = { ...to, line1: "A very long street name ".repeat(12), line2: "Building ".repeat(20) };
    expect(info(await renderLabelPdf({ ...label, to: long, from: long })).pages).toBe(1);
  });
});

describe("renderLabelZpl", () => {
  it("is one 4×6 ZPL II label at 203 dpi with Code 128 and QR barcodes", () => {
    const zpl = renderLabelZpl(label);
    expect(zpl.startsWith("^XA")).toBe(true);
    expect(zpl.trimEnd().endsWith("^XZ")).toBe(true);
    expect(zpl.match(/\^XA/g)).toHaveLength(1);
    expect(zpl).toContain("^PW812");
    expect(zpl).toContain("^LL1218");
    expect(zpl).toMatch(/\^BCN[^\n]*\^FD1Z999AA10123456784\^FS/);
    expect(zpl).toMatch(/\^BQN[^\n]*\^FD[LMQH]A,https:\/\/track\.example\.com\/t\/1Z999AA10123456784\^FS/);
    expect(zpl).toContain("Ada Lovelace");
  });

  it("cannot be steered by control characters in an address", () => {
    const evil = { ...to, name: "Eve^XZ^XA^FO0,0^GB812,1218,800^FS", line1: "~JA cancel" };
    const zpl = renderLabelZpl({ ...label, to: evil, carrierName: "X^XZ" });
    expect(zpl).not.toContain("^XZ^XA");
    expect(zpl).not.toContain("~JA");
    expect(zpl.match(/\^XA/g)).toHaveLength(1);
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
    expect(zpl.match(/\^GB812/g)).toBeNull();
  });
});

describe("renderPackingSlipPdf", () => {
  it("lists items by product title, with the variant only where it says something", async () => {
    const pdf = await renderPackingSlipPdf(slip(3));
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(info(pdf)).toMatchObject({ pages: 1, width: 612, height: 792 });
    const pages = rasterise(pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.ink).toBeGreaterThan(0.002);
    const t = text(pdf);
    for (const s of [
      "Acme Goods",
      "1042",
      "Ada Lovelace",
      "Linen Shirt",
      "Blue / M",
      "SKU-002",
      "Gift wrap",
    ]) {
      expect(t).toContain(s);
    }
    expect(t).not.toContain("Default Title");
  });

  it("continues onto further pages when the order is long", async () => {
    const pdf = await renderPackingSlipPdf(slip(60));
    const pages = rasterise(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(info(pdf).pages).toBe(pages.length);
    for (const p of pages) expect(p.ink).toBeGreaterThan(0.002);
    const t = text(pdf);
    expect(t).toContain("SKU-000");
    expect(t).toContain("SKU-059");
    expect(t).toContain("Product number 59");
  });
});

describe("renderPickListPdf", () => {
  it("shows each bin's SKU, title, quantity and the per-order split of a batch", async () => {
    const pdf = await renderPickListPdf(pick);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(info(pdf)).toMatchObject({ pages: 1, width: 612, height: 792 });
    const pages = rasterise(pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.ink).toBeGreaterThan(0.002);
    const t = text(pdf);
    for (const s of [
      "Batch pick",
      "Main warehouse",
      "A-01-01",
      "SHIRT-BL-M",
      "Linen Shirt",
      "#1043",
      "MUG-01",
    ]) {
      expect(t).toContain(s);
    }
  });

  it("paginates a long pick list", async () => {
    const lines = Array.from({ length: 80 }, (_, i) => ({
      ...pick.lines[0]!,
      bin: `B-${String(i).padStart(2, "0")}`,
      sku: `SKU-${i}`,
    }));
    const pdf = await renderPickListPdf({ ...pick, lines });
    expect(info(pdf).pages).toBeGreaterThanOrEqual(2);
    expect(text(pdf)).toContain("SKU-79");
  });
});
