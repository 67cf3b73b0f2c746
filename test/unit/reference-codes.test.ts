import { describe, expect, it } from "vitest";
import { gtinCheckDigit, gtinMessage, isValidGtin, withCheckDigit } from "../../src/domain/gtin.js";
import {
  canonicalTimeZone,
  currencyDigits,
  isCountryCode,
  isCurrencyCode,
  isTimeZone,
} from "../../src/domain/reference-codes.js";

describe("GTIN", () => {
  it("accepts real GTINs of every length", () => {
    for (const code of ["96385074", "036000291452", "4006381333931", "10614141000415", "0614141000418"])
      expect(isValidGtin(code), code).toBe(true);
  });
  it("refuses wrong check digits, lengths and non-digits with a precise message", () => {
    expect(isValidGtin("4006381333932")).toBe(false);
    expect(gtinMessage("4006381333932")).toBe("Invalid GTIN check digit: expected 1");
    expect(gtinMessage("12345")).toMatch(/8, 12, 13 or 14/);
    expect(gtinMessage("40063813339X1")).toMatch(/digits only/);
    expect(gtinMessage("4006381333931")).toBeNull();
  });
  it("completes a body with its check digit", () => {
    expect(gtinCheckDigit("400638133393")).toBe(1);
    for (let i = 0; i < 200; i++) {
      const body = String(100000000000 + i * 7919);
      expect(isValidGtin(withCheckDigit(body))).toBe(true);
      const wrong = body + ((gtinCheckDigit(body) + 1) % 10);
      expect(isValidGtin(wrong)).toBe(false);
    }
  });
});

describe("reference codes", () => {
  it("countries are ISO 3166-1 alpha-2 upper case", () => {
    expect(isCountryCode("US")).toBe(true);
    expect(isCountryCode("DE")).toBe(true);
    expect(isCountryCode("us")).toBe(false);
    expect(isCountryCode("USA")).toBe(false);
    expect(isCountryCode("XX")).toBe(false);
  });
  it("currencies are ISO 4217", () => {
    expect(isCurrencyCode("USD")).toBe(true);
    expect(isCurrencyCode("XYZ")).toBe(false);
    expect(isCurrencyCode("usd")).toBe(false);
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("USD")).toBe(2);
  });
  it("time zones are IANA names, canonicalised", () => {
    expect(isTimeZone("America/Chicago")).toBe(true);
    expect(canonicalTimeZone("america/chicago")).toBe("America/Chicago");
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
