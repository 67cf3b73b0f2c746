// The built-in test provider's rules, so every payment path runs offline and deterministically,
// in the spirit of Stripe's test cards: the card number (or token) decides the outcome.

export type TestOperation = "authorize" | "capture" | "refund" | "void";

export type TestOutcome =
  | { ok: true; pending: boolean }
  | { ok: false; code: string; message: string; retryable: boolean };

/** Card numbers with a fixed behaviour; any other well-formed number is approved. */
export const TEST_CARDS = {
  approved: "4242424242424242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  /** Authorizes, but every capture is declined (the card was closed after checkout). */
  captureDeclined: "4000000000000341",
  /** Answers "pending": the result comes later by the provider's webhook. */
  asynchronous: "4000000000003220",
  /** Authorization fails with a retryable processing error, every time: the retry path. */
  processingError: "4000000000000119",
} as const;

/** Authorizations at or above this amount (minor units) are declined: over the card's limit. */
export const TEST_LIMIT = 10_000_000;

export function testOutcome(card: string, operation: TestOperation, amount: number): TestOutcome {
  if (operation === "authorize") {
    if (card === TEST_CARDS.declined) return decline("card_declined", "The card was declined");
    if (card === TEST_CARDS.insufficientFunds)
      return decline("insufficient_funds", "The card has insufficient funds");
    if (card === TEST_CARDS.processingError)
      return {
        ok: false,
        code: "processing_error",
        message: "The provider could not process it",
        retryable: true,
      };
    if (amount >= TEST_LIMIT) return decline("amount_too_large", "The amount is over the card's limit");
    return { ok: true, pending: card === TEST_CARDS.asynchronous };
  }
  if (operation === "capture" && card === TEST_CARDS.captureDeclined)
    return decline("capture_declined", "The issuer refused the capture");
  return { ok: true, pending: card === TEST_CARDS.asynchronous && operation !== "void" };
}

const decline = (code: string, message: string): TestOutcome => ({
  ok: false,
  code,
  message,
  retryable: false,
});

/** Luhn check, so a mistyped test card is refused as it would be by a real form. */
export function isCardNumber(value: string): boolean {
  if (!/^\d{12,19}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    let d = Number(value[value.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
