// Money as integer minor units. Every split here is exact: the parts always add up to the whole.

/** Rounds half away from zero (what shoppers expect on a receipt). */
export function roundHalfUp(value: number): number {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}

/** `amount × basisPoints / 10 000`, rounded half up, computed without floating-point drift. */
export function applyBasisPoints(amount: number, basisPoints: number): number {
  const numerator = BigInt(amount) * BigInt(basisPoints);
  const q = numerator / 10_000n;
  const r = numerator % 10_000n;
  const abs = r < 0n ? -r : r;
  if (abs * 2n >= 10_000n) return Number(q + (numerator < 0n ? -1n : 1n));
  return Number(q);
}

/**
 * Splits `total` over `weights` in proportion (largest remainder method): the parts add up to
 * `total` exactly and no part exceeds its proportional share by more than one minor unit.
 */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (BigInt(total) * BigInt(w)) / BigInt(sum));
  const parts = exact.map(Number);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = weights
    .map((w, i) => ({ i, rem: Number((BigInt(total) * BigInt(w)) % BigInt(sum)) }))
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]!.i]! += 1;
  return parts;
}

export const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Minor units a currency uses (ISO 4217 exponent) for the currencies we know; 2 otherwise. */
export function currencyExponent(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2;
}
const ZERO_DECIMAL = new Set(["JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "PYG", "UGX"]);
const THREE_DECIMAL = new Set(["BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD"]);

/** "45.00 USD": an amount in minor units as a plain, locale-free text for logs and timelines. */
export function formatMinor(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  return `${(amount / 10 ** exponent).toFixed(exponent)} ${currency}`;
}
