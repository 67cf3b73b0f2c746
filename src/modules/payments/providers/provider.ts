// The one interface every payment provider adapter implements (the built-in test provider;
// Stripe, Adyen, Braintree adapters can be added beside it). Every call carries an idempotency
// key: Ordo may repeat a call after a crash or a timeout, and the provider must act once.

export interface ProviderCall {
  /** Stable per ledger request: repeating the call with it never charges twice. */
  idempotencyKey: string;
  amount: number;
  currency: string;
}

export type ProviderAnswer =
  /** Done; `pending` when the provider answers later by webhook. */
  | { ok: true; pending: boolean; pspReference: string }
  /** Refused; `retryable` when trying again later may succeed (timeouts, processing errors). */
  | { ok: false; code: string; message: string; retryable: boolean };

/** A provider webhook's news about one request (matched by the key Ordo sent with it). */
export interface ProviderEvent {
  /** The provider's own event id: each is taken in once. */
  eventId: string;
  idempotencyKey: string;
  ok: boolean;
  pspReference: string | null;
  code: string | null;
  message: string | null;
}

export interface PaymentProvider {
  readonly code: string;
  readonly name: string;
  /** Whether `token` is something this provider can charge; returns what to show people, e.g. "visa •••• 4242". */
  describeToken(token: string): { display: string } | { error: string };
  authorize(call: ProviderCall & { token: string }): Promise<ProviderAnswer>;
  /** Takes `amount` of an authorization; several partial captures may follow one another. */
  capture(call: ProviderCall & { token: string; authorization: string }): Promise<ProviderAnswer>;
  /** Releases what is left of an authorization. */
  void(call: ProviderCall & { token: string; authorization: string }): Promise<ProviderAnswer>;
  refund(call: ProviderCall & { token: string; authorization: string }): Promise<ProviderAnswer>;
  /**
   * Verifies a webhook call's signature against the raw body with the configured secret and reads
   * its events; throws when the signature does not verify. Headers are lower-cased.
   */
  parseWebhook(
    headers: Readonly<Record<string, string | undefined>>,
    rawBody: string,
    secret: string | undefined,
  ): ProviderEvent[];
}
