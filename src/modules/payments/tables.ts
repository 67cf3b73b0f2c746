import type { TransactionKind, TransactionState } from "../../domain/payments/ledger.js";

/** One way an order is paid (a card, a wallet): its amounts live in its transaction events. */
export interface PaymentsTable {
  id: string;
  order_id: string;
  provider: string;
  /** What the storefront handed over for the provider (a token, or a test card number). */
  token: string;
  /** For people: brand and last four digits, e.g. "visa •••• 4242". */
  display: string;
  currency: string;
  /** The provider's reference for the authorization, once it answered. */
  psp_reference: string | null;
  /** The order's payment hold, released once the authorization succeeds. */
  hold_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/**
 * The ledger: append-only. A request is a call to make to the provider; its answer (success or
 * failure) is a row of its own pointing at it, written at most once (unique `answers`).
 */
export interface PaymentTransactionsTable {
  id: string;
  payment_id: string;
  order_id: string;
  kind: TransactionKind;
  state: TransactionState;
  amount: number;
  currency: string;
  answers: string | null;
  /** The key sent to the provider with the request, so a retried call never acts twice. */
  idempotency_key: string | null;
  psp_reference: string | null;
  /** What it is for: `shipment` (a package's capture), `refund`, `cancel`… */
  reference_type: string | null;
  reference_id: string | null;
  reason: string | null;
  /** For failures: the provider's code, e.g. `card_declined`. */
  failure_code: string | null;
  actor_type: string;
  actor_id: string | null;
  created_at: string;
  /** Requests only: when a processor may (re)try the call; null once answered. */
  next_attempt_at: string | null;
  attempts: number;
}

/** Provider webhook calls already taken in, by the provider's event id (once each). */
export interface PaymentWebhookEventsTable {
  provider: string;
  event_id: string;
  received_at: string;
}

export interface PaymentTables {
  payments: PaymentsTable;
  payment_transactions: PaymentTransactionsTable;
  payment_webhook_events: PaymentWebhookEventsTable;
}
