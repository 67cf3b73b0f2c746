// GTIN (EAN-8, UPC-A, EAN-13, ITF-14) check digits: GS1 mod-10, weights 3,1,3,1… from the right.

const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/** The check digit the first `body` digits (everything but the check digit) call for. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export type GtinProblem = "not_digits" | "wrong_length" | "check_digit";

/** Why a barcode is not a valid GTIN, or null when it is one. */
export function gtinProblem(code: string): GtinProblem | null {
  if (!/^\d+$/.test(code)) return "not_digits";
  if (!GTIN_LENGTHS.has(code.length)) return "wrong_length";
  const expected = gtinCheckDigit(code.slice(0, -1));
  return expected === code.charCodeAt(code.length - 1) - 48 ? null : "check_digit";
}

export const isValidGtin = (code: string): boolean => gtinProblem(code) === null;

export function gtinMessage(code: string): string | null {
  const problem = gtinProblem(code);
  if (problem === null) return null;
  if (problem === "not_digits") return "A GTIN has digits only";
  if (problem === "wrong_length") return "A GTIN has 8, 12, 13 or 14 digits";
  return `Invalid GTIN check digit: expected ${gtinCheckDigit(code.slice(0, -1))}`;
}

/** Completes a GTIN body with its check digit (demo data, tests). */
export const withCheckDigit = (body: string): string => body + gtinCheckDigit(body);
