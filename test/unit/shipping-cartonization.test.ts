import { describe, expect, it } from "vitest";
import {
  type BoxType,
  DEFAULT_UNIT_VOLUME_MM3,
  type Item,
  itemsWeight,
  suggestBox,
} from "../../src/domain/shipping/index.js";

const box = (id: string, l: number, w: number, h: number, tareGrams: number, maxWeightGrams: number) => ({
  id,
  name: id,
  lengthMm: l,
  widthMm: w,
  heightMm: h,
  tareGrams,
  maxWeightGrams,
});

// Listed largest first so that "smallest" cannot come from input order.
const BOXES: BoxType[] = [
  box("large", 400, 400, 300, 600, 25000), // 48.0 L
  box("tube", 1000, 150, 150, 250, 8000), // 22.5 L
  box("medium", 300, 250, 200, 300, 15000), // 15.0 L
  box("small", 200, 150, 100, 150, 5000), // 3.0 L → 2.4 L usable
];

const unsized = (quantity: number, weightGrams = 200): Item => ({ sku: "TEE", quantity, weightGrams });

describe("suggestBox", () => {
  it("picks the smallest box that holds the items, counting unsized units as a 10 cm cube", () => {
    expect(DEFAULT_UNIT_VOLUME_MM3).toBe(1_000_000);
    const two = suggestBox(BOXES, [unsized(2)]);
    expect(two).toEqual({
      box: BOXES[3],
      itemsWeightGrams: 400,
      totalWeightGrams: 550,
      fillRatio: 2 / 3,
    });
    // Three litres do not fit the small box's 80 % fill (2.4 L).
    expect(suggestBox(BOXES, [unsized(3)])?.box.id).toBe("medium");
  });

  it("fits an item in any orientation by comparing sorted dimensions", () => {
    const turned: Item = {
      sku: "BOOK",
      quantity: 1,
      weightGrams: 800,
      lengthMm: 90,
      widthMm: 190,
      heightMm: 140,
    };
    expect(suggestBox(BOXES, [turned])?.box.id).toBe("small");
    const tooLong: Item = { ...turned, widthMm: 210 };
    expect(suggestBox(BOXES, [tooLong])?.box.id).toBe("medium");
  });

  it("needs a long box for a long item even when a bigger box has room by volume", () => {
    const rod: Item = {
      sku: "ROD",
      quantity: 1,
      weightGrams: 1500,
      lengthMm: 900,
      widthMm: 50,
      heightMm: 50,
    };
    expect(suggestBox(BOXES, [rod])?.box.id).toBe("tube");
    expect(suggestBox(BOXES.slice(2), [rod])).toBeNull();
  });

  it("counts the tare against the box's maximum weight and refuses overweight", () => {
    // 4,900 g + 150 g tare exceeds the small box's 5 kg.
    expect(suggestBox(BOXES, [unsized(1, 4900)])?.box.id).toBe("medium");
    expect(suggestBox(BOXES, [unsized(1, 4850)])?.box.id).toBe("small");
    // 24.5 kg + 600 g tare exceeds even the large box: the caller has to split.
    expect(suggestBox(BOXES, [unsized(1, 24500)])).toBeNull();
  });

  it("adds up quantities of mixed items", () => {
    const items: Item[] = [
      { sku: "MUG", quantity: 4, weightGrams: 350, lengthMm: 120, widthMm: 90, heightMm: 100 },
      unsized(2, 250),
    ];
    expect(itemsWeight(items)).toBe(1900);
    const suggestion = suggestBox(BOXES, items);
    expect(suggestion?.box.id).toBe("medium");
    expect(suggestion?.fillRatio).toBeCloseTo((4 * 1_080_000 + 2 * 1_000_000) / 15_000_000);
  });

  it("rejects impossible quantities", () => {
    expect(() => itemsWeight([unsized(-1)])).toThrow(RangeError);
    expect(() => suggestBox(BOXES, [unsized(1.5)])).toThrow(RangeError);
  });
});
