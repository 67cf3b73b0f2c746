// The payment providers this installation can use. Add an adapter here and orders can name it
// (`payment.provider`), and it receives its own webhooks at `POST /v1/payment_providers/<code>/webhooks`.

import type { PaymentProvider } from "./provider.js";
import { testProvider } from "./test-provider.js";

const PROVIDERS: readonly PaymentProvider[] = [testProvider()];

export function paymentProvider(code: string): PaymentProvider | undefined {
  return PROVIDERS.find((p) => p.code === code);
}

export const providerCodes = (): string[] => PROVIDERS.map((p) => p.code);
