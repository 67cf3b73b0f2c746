import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CATALOG_COLUMNS,
  catalogCsvRow,
  checkHeader,
  formatMoney,
  parseCatalogRow,
  parseMoney,
} from "../../src/domain/catalog-csv.js";

const row = (fields: Record<string, string>, digits = 2) =>
  parseCatalogRow({ handle: "h", sku: "S-1", ...fields }, 7, digits);

describe("catalog CSV rows", () => {
  it("parses every column of a good row", () => {
    const { row: r, errors } = row({
      title: "Tee",
      tags: "a; b ;",
      option1_name: "Size",
      option1_value: "M",
      barcode: "4006381333931",
      weight_grams: "180",
      track_inventory: "no",
      backorder_policy: "preorder",
      available_from: "2030-01-15",
      components: "A-1:2; B-2",
      price: "24.5",
      price_tiers: "3:22;10:20.00",
      status: "archived",
    });
    expect(errors).toEqual([]);
    expect(r).toEqual({
      line: 7,
      handle: "h",
      sku: "S-1",
      title: "Tee",
      tags: ["a", "b"],
      options: { Size: "M" },
      barcode: "4006381333931",
      weight_grams: 180,
      track_inventory: false,
      backorder_policy: "preorder",
      available_from: "2030-01-15T00:00:00.000Z",
      components: [
        { sku: "A-1", quantity: 2 },
        { sku: "B-2", quantity: 1 },
      ],
      price: 2450,
      price_tiers: [
        { min_quantity: 3, amount: 2200 },
        { min_quantity: 10, amount: 2000 },
      ],
      status: "archived",
    });
  });

  it("reports each bad field with its line", () => {
    const { row: r, errors } = row({
      handle: "Not A Handle",
      barcode: "4006381333932",
      weight_grams: "-1",
      track_inventory: "maybe",
      backorder_policy: "preorder",
      components: "A-1:0;S-1:1;A-1:2;bad item",
      price: "1.234",
      price_tiers: "1:2",
      option2_value: "Red",
      available_from: "2026-02-31",
    });
    expect(r).toBeNull();
    const fields = errors.map((e) => e.field);
    for (const f of [
      "handle",
      "barcode",
      "weight_grams",
      "track_inventory",
      "components",
      "price",
      "price_tiers",
      "option2_name",
      "available_from",
    ])
      expect(fields).toContain(f);
    expect(errors.every((e) => e.line === 7)).toBe(true);
    expect(errors.filter((e) => e.field === "components")).toHaveLength(3);
  });

  it("money in major units becomes minor units, per currency digits", () => {
    expect(parseMoney("24.99", 2)).toBe(2499);
    expect(parseMoney("24", 2)).toBe(2400);
    expect(parseMoney("24.9", 2)).toBe(2490);
    expect(parseMoney("1500", 0)).toBe(1500);
    expect(parseMoney("15.5", 0)).toBeNull();
    expect(parseMoney("-1", 2)).toBeNull();
    expect(parseMoney("1,50", 2)).toBeNull();
    expect(parseMoney("0.1", 3)).toBe(100);
  });

  it("checks the header", () => {
    expect(checkHeader([" Handle ", "SKU", "title"]).errors).toEqual([]);
    expect(checkHeader(["handle", "sku", "sku"]).errors).toEqual([
      { line: 1, field: "sku", message: "Column appears twice" },
    ]);
    expect(checkHeader(["title"]).errors.map((e) => e.field)).toEqual(["handle", "sku"]);
  });
});

describe("catalog CSV export rows", () => {
  it("formats minor units as the decimal parseMoney reads back", () => {
    expect(formatMoney(2400, 2)).toBe("24.00");
    expect(formatMoney(5, 2)).toBe("0.05");
    expect(formatMoney(1500, 0)).toBe("1500");
    expect(formatMoney(1, 3)).toBe("0.001");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.constantFrom(0, 2, 3), (minor, digits) => {
        expect(parseMoney(formatMoney(minor, digits), digits)).toBe(minor);
      }),
    );
  });

  it("writes a variant as a row that parses back to the same variant", () => {
    const cells = catalogCsvRow(
      {
        handle: "crew-tee",
        title: "Crew Tee",
        description: "Soft, heavy; washed",
        vendor: "Ordo",
        product_type: null,
        tags: ["cotton", "basics"],
        sku: "CT-BLK-M",
        variant_title: "Black / M",
        options: { Colour: "Black", Size: "M" },
        barcode: "4006381333931",
        weight_grams: 180,
        length_mm: 300,
        width_mm: null,
        height_mm: null,
        track_inventory: true,
        backorder_policy: "preorder",
        available_from: "2031-02-01T00:00:00.000Z",
        components: [
          { sku: "MUG-1", quantity: 2 },
          { sku: "CAP-1", quantity: 1 },
        ],
        prices: [
          { min_quantity: 12, amount: 1920 },
          { min_quantity: 1, amount: 2400 },
          { min_quantity: 3, amount: 2160 },
        ],
        status: "archived",
      },
      2,
    );
    const fields = Object.fromEntries(CATALOG_COLUMNS.map((c, i) => [c, cells[i]!]));
    const { row, errors } = parseCatalogRow(fields, 2, 2);
    expect(errors).toEqual([]);
    expect(row).toEqual({
      line: 2,
      handle: "crew-tee",
      title: "Crew Tee",
      description: "Soft, heavy; washed",
      vendor: "Ordo",
      tags: ["cotton", "basics"],
      sku: "CT-BLK-M",
      variant_title: "Black / M",
      options: { Colour: "Black", Size: "M" },
      barcode: "4006381333931",
      weight_grams: 180,
      length_mm: 300,
      track_inventory: true,
      backorder_policy: "preorder",
      available_from: "2031-02-01T00:00:00.000Z",
      components: [
        { sku: "MUG-1", quantity: 2 },
        { sku: "CAP-1", quantity: 1 },
      ],
      price: 2400,
      price_tiers: [
        { min_quantity: 3, amount: 2160 },
        { min_quantity: 12, amount: 1920 },
      ],
      status: "archived",
    });
  });
});
