// Validators for the standard codes integrators send: countries, currencies, time zones.
import currencyCodes from "currency-codes";
import countries from "i18n-iso-countries";

/** ISO 3166-1 alpha-2, upper case (`US`, `DE`). */
export function isCountryCode(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && countries.isValid(value);
}

/** ISO 4217 alphabetic code, upper case (`USD`, `EUR`). */
export function isCurrencyCode(value: string): boolean {
  return /^[A-Z]{3}$/.test(value) && currencyCodes.code(value) !== undefined;
}

/** Minor-unit digits of a currency (2 for USD, 0 for JPY). */
export function currencyDigits(code: string): number {
  return currencyCodes.code(code)?.digits ?? 2;
}

const zoneCache = new Map<string, string | null>();

/** The canonical spelling of an IANA time zone this runtime knows (`america/chicago` → `America/Chicago`), or null. */
export function canonicalTimeZone(value: string): string | null {
  let known = zoneCache.get(value);
  if (known === undefined) {
    try {
      known =
        value.length > 0 && value.length <= 64
          ? new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone
          : null;
    } catch {
      known = null;
    }
    if (zoneCache.size < 1000) zoneCache.set(value, known);
  }
  return known;
}

export const isTimeZone = (value: string): boolean => canonicalTimeZone(value) !== null;
