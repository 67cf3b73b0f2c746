// Tracking numbers for the built-in carrier: prefix + 12-digit serial + a Luhn check digit, so a
// mistyped digit (or two swapped neighbours) is caught before a lookup or a label is wasted.

const SERIAL_DIGITS = 12;
const MAX_SERIAL = 10n ** BigInt(SERIAL_DIGITS) - 1n;

/** Luhn sum of a digit string, doubling every second digit from the right starting with `doubleFirst`. */
function luhnSum(digits: string, doubleFirst: boolean): number {
  let sum = 0;
  let double = doubleFirst;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}

/** The check digit that makes payload + digit pass Luhn (the payload's last digit gets doubled). */
function luhnCheckDigit(payload: string): number {
  return (10 - (luhnSum(payload, true) % 10)) % 10;
}

export function trackingNumber(prefix: string, serial: bigint | number): string {
  if (typeof serial === "number" && !Number.isSafeInteger(serial))
    throw new RangeError(`serial must be a safe integer, got ${serial}`);
  const n = BigInt(serial);
  if (n < 0n || n > MAX_SERIAL) throw new RangeError(`serial must fit in ${SERIAL_DIGITS} digits, got ${n}`);
  const payload = n.toString().padStart(SERIAL_DIGITS, "0");
  return `${prefix}${payload}${luhnCheckDigit(payload)}`;
}

export function isValidTrackingNumber(s: string, prefix: string): boolean {
  if (!s.startsWith(prefix)) return false;
  const digits = s.slice(prefix.length);
  if (!/^\d+$/.test(digits) || digits.length !== SERIAL_DIGITS + 1) return false;
  return luhnSum(digits, false) % 10 === 0;
}
