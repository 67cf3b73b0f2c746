// The built-in test provider: deterministic outcomes by card number (src/domain/payments/
// test-cards.ts), no network, so every payment path runs offline. Its answers depend only on the
// call, so a repeated call with the same idempotency key answers the same — as a real provider's
// idempotency keys promise.
import { createHash } from "node:crypto";
import { isCardNumber, type TestOperation, testOutcome } from "../../../domain/payments/test-cards.js";
import { verifiedWebhookBody } from "../../../domain/webhook-signature.js";
import type { PaymentProvider, ProviderAnswer, ProviderCall, ProviderEvent } from "./provider.js";

export const TEST_PROVIDER = "test";

const reference = (prefix: string, key: string) =>
  `${prefix}_${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;

function answer(op: TestOperation, card: string, call: ProviderCall): ProviderAnswer {
  const outcome = testOutcome(card, op, call.amount);
  if (!outcome.ok) return outcome;
  return { ok: true, pending: outcome.pending, pspReference: reference(op, call.idempotencyKey) };
}

const brandOf = (card: string) =>
  card.startsWith("4") ? "visa" : card.startsWith("5") ? "mastercard" : "card";

interface WebhookBody {
  events: Array<{
    id: string;
    idempotency_key: string;
    ok: boolean;
    psp_reference?: string | null;
    code?: string | null;
    message?: string | null;
  }>;
}

export function testProvider(): PaymentProvider {
  return {
    code: TEST_PROVIDER,
    name: "Ordo test payments",
    describeToken(token) {
      if (!isCardNumber(token)) return { error: "Not a card number (test cards: 4242424242424242, …)" };
      return { display: `${brandOf(token)} •••• ${token.slice(-4)}` };
    },
    async authorize(call) {
      return answer("authorize", call.token, call);
    },
    async capture(call) {
      return answer("capture", call.token, call);
    },
    async void(call) {
      return answer("void", call.token, call);
    },
    async refund(call) {
      return answer("refund", call.token, call);
    },
    parseWebhook(headers, rawBody, secret): ProviderEvent[] {
      const body = verifiedWebhookBody<WebhookBody>(headers, rawBody, secret);
      if (!Array.isArray(body.events)) throw new SyntaxError("events must be a list");
      return body.events.map((e) => ({
        eventId: String(e.id),
        idempotencyKey: String(e.idempotency_key),
        ok: e.ok === true,
        pspReference: e.psp_reference ?? null,
        code: e.code ?? null,
        message: e.message ?? null,
      }));
    },
  };
}
