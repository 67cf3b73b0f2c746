import { describe, expect, it } from "vitest";
import {
  isCountryCode,
  isEmail,
  isPostalCode,
  normalizeAddress,
  normalizePhone,
  validateAddress,
} from "../../src/domain/address.js";

describe("address validation", () => {
  it("knows countries and postal code formats", () => {
    expect(isCountryCode("US")).toBe(true);
    expect(isCountryCode("XX")).toBe(false);
    expect(isCountryCode("us")).toBe(false);
    expect(isPostalCode("10001", "US")).toBe(true);
    expect(isPostalCode("1000", "US")).toBe(false);
    expect(isPostalCode("SW1A 1AA", "GB")).toBe(true);
    expect(isPostalCode("75001", "FR")).toBe(true);
    expect(isPostalCode("K1A 0B1", "CA")).toBe(true);
    expect(isPostalCode("ABCDE", "DE")).toBe(false);
  });

  it("reports every problem with its path", () => {
    const errors = validateAddress(
      { line1: "x", city: "y", country: "US", postal_code: "ABC", phone: "12" },
      "body.shipping_address",
    );
    expect(errors.map((e) => e.path)).toEqual([
      "body.shipping_address.postal_code",
      "body.shipping_address.phone",
    ]);
    expect(validateAddress({ line1: "x", city: "y", country: "ZZ" }, "a")[0]?.path).toBe("a.country");
    expect(validateAddress({ line1: "x", city: "y", country: "US" }, "a")[0]?.message).toMatch(/required/);
    expect(validateAddress({ line1: "x", city: "Dublin", country: "IE" }, "a")).toEqual([]);
  });

  it("checks e-mail and phone, normalizing to E.164", () => {
    expect(isEmail("jane@example.com")).toBe(true);
    expect(isEmail("jane@@example.com")).toBe(false);
    expect(isEmail("<script>@x.com")).toBe(false);
    expect(isEmail("a@b")).toBe(false);
    expect(normalizePhone("+1 212 555 0100")).toBe("+12125550100");
    expect(normalizePhone("(212) 555-0100", "US")).toBe("+12125550100");
    expect(normalizePhone("123")).toBeNull();
    expect(
      normalizeAddress({ line1: "x", city: "y", country: "gb", postal_code: " sw1a 1aa " }).postal_code,
    ).toBe("SW1A 1AA");
  });
});
