import { describe, expect, it } from "vitest";
import { checkHeader, parseCatalogRow, parseMoney } from "../../src/domain/catalog-csv.js";

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
