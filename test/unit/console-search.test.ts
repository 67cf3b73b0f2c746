import { describe, expect, it } from "vitest";
import { startOfLocalDay } from "../../src/modules/dashboard/service.js";
import { parseOrderNumber } from "../../src/modules/portal/service.js";
import { detectKind, searchQuery } from "../../web/src/console/orders/search.js";

describe("the order search box", () => {
  it("reads a number, an e-mail, a SKU or a name from what was typed", () => {
    expect(detectKind("#10042")).toBe("number");
    expect(detectKind(" 10042 ")).toBe("number");
    expect(detectKind("jane@example.com")).toBe("email");
    expect(detectKind("TEE-BLA-M")).toBe("sku");
    expect(detectKind("Jane Doe")).toBe("name");
    expect(detectKind("jane")).toBe("name");
    expect(detectKind("   ")).toBeNull();
  });

  it("turns it into the API's filter, and lets the person force the kind", () => {
    expect(searchQuery("#10042", "auto")).toEqual({ number: 10042 });
    expect(searchQuery("Jane", "auto")).toEqual({ name: "Jane" });
    expect(searchQuery("TEE-BLA-M", "name")).toEqual({ name: "TEE-BLA-M" });
    expect(searchQuery("abc", "number")).toEqual({ number: -1 });
    expect(searchQuery("", "auto")).toEqual({});
  });
});

describe("the tracking portal's order number", () => {
  it("accepts #10042 and 10042, nothing else", () => {
    expect(parseOrderNumber("#10042")).toBe(10042);
    expect(parseOrderNumber(" 10042")).toBe(10042);
    expect(parseOrderNumber("10042abc")).toBeNull();
    expect(parseOrderNumber("-1")).toBeNull();
    expect(parseOrderNumber("99999999999999999")).toBeNull();
  });
});

describe("the dashboard's today", () => {
  it("starts at the caller's local midnight", () => {
    const now = new Date("2026-03-10T03:30:00Z");
    expect(startOfLocalDay(now, 0).toISOString()).toBe("2026-03-10T00:00:00.000Z");
    // UTC-5 (offset +300): it is still 9 March, 22:30, there.
    expect(startOfLocalDay(now, 300).toISOString()).toBe("2026-03-09T05:00:00.000Z");
    // UTC+2 (offset -120): 05:30 on 10 March.
    expect(startOfLocalDay(now, -120).toISOString()).toBe("2026-03-09T22:00:00.000Z");
  });
});
