// Address, e-mail and phone validation, pure. Errors are `{path, message}` like every 400.
import countries from "i18n-iso-countries";
import { type CountryCode, isValidPhoneNumber, parsePhoneNumberFromString } from "libphonenumber-js";
import { postcodeValidator, postcodeValidatorExistsForCountry } from "postcode-validator";

export interface FieldError {
  path: string;
  message: string;
}

export interface PostalAddress {
  name?: string | undefined;
  company?: string | undefined;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postal_code?: string | undefined;
  country: string;
  phone?: string | undefined;
}

// Countries without postal codes (a postal code there is not required).
const NO_POSTAL_CODE = new Set([
  "AE",
  "AG",
  "AO",
  "AW",
  "BF",
  "BI",
  "BJ",
  "BO",
  "BS",
  "BW",
  "BZ",
  "CD",
  "CF",
  "CG",
  "CI",
  "CK",
  "CM",
  "DJ",
  "DM",
  "ER",
  "FJ",
  "GA",
  "GD",
  "GH",
  "GM",
  "GQ",
  "GY",
  "HK",
  "IE",
  "JM",
  "KI",
  "KM",
  "KN",
  "KP",
  "LC",
  "ML",
  "MO",
  "MR",
  "MW",
  "NR",
  "NU",
  "QA",
  "RW",
  "SB",
  "SC",
  "SL",
  "SR",
  "ST",
  "SY",
  "TF",
  "TG",
  "TK",
  "TL",
  "TO",
  "TT",
  "TV",
  "UG",
  "VU",
  "YE",
  "ZW",
]);

export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isEmail(value: string): boolean {
  if (value.length > 254) return false;
  const at = value.lastIndexOf("@");
  return at > 0 && at <= 64 && EMAIL.test(value);
}

export const normalizeEmail = (e: string) => e.trim().toLowerCase();

/** E.164 form of a valid phone number (national numbers read in `country`), or null. */
export function normalizePhone(value: string, country?: string): string | null {
  const cc = country && isCountryCode(country) ? (country as CountryCode) : undefined;
  try {
    if (!isValidPhoneNumber(value, cc)) return null;
    return parsePhoneNumberFromString(value, cc)?.number ?? null;
  } catch {
    return null;
  }
}

export function isPostalCode(code: string, country: string): boolean {
  if (!postcodeValidatorExistsForCountry(country)) return /^[A-Za-z0-9][A-Za-z0-9 -]{0,11}$/.test(code);
  try {
    return postcodeValidator(code, country);
  } catch {
    return false;
  }
}

export function validateAddress(address: PostalAddress, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!isCountryCode(address.country)) {
    errors.push({ path: `${path}.country`, message: "Must be an ISO 3166-1 alpha-2 country code" });
    return errors;
  }
  const postal = address.postal_code?.trim();
  if (!postal) {
    if (!NO_POSTAL_CODE.has(address.country)) {
      errors.push({
        path: `${path}.postal_code`,
        message: `A postal code is required in ${address.country}`,
      });
    }
  } else if (!isPostalCode(postal, address.country)) {
    errors.push({ path: `${path}.postal_code`, message: `Not a valid postal code for ${address.country}` });
  }
  if (address.phone && !normalizePhone(address.phone, address.country)) {
    errors.push({ path: `${path}.phone`, message: "Not a valid phone number" });
  }
  return errors;
}

/** The address as stored: trimmed, country upper-case, phone in E.164. */
export function normalizeAddress(address: PostalAddress): PostalAddress {
  const out: PostalAddress = { ...address, country: address.country.toUpperCase() };
  if (address.postal_code) out.postal_code = address.postal_code.trim().toUpperCase();
  if (address.phone) out.phone = normalizePhone(address.phone, out.country) ?? address.phone;
  return out;
}
