// The payment ledger, as Saleor keeps it: a payment's amounts are never stored loose, they are
// derived from its transaction events. Each provider call is a request event; the provider's
// answer is a success or failure event pointing at that request. A request without an answer
// is pending, and its amount counts as pending — so money in flight is never spent twice.

export const TRANSACTION_KINDS = ["authorization", "charge", "refund", "cancel"] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

export const TRANSACTION_STATES = ["request", "success", "failure"] as const;
export type TransactionState = (typeof TRANSACTION_STATES)[number];

export interface TransactionEventLike {
  id: string;
  kind: TransactionKind;
  state: TransactionState;
  amount: number;
  /** For a success or failure: the request it answers (null for provider-initiated events). */
  answers: string | null;
}

export interface LedgerSummary {
  /** Authorized and not yet charged or released: what a capture may still take. */
  authorized: number;
  authorize_pending: number;
  /** Charged, gross of refunds. */
  charged: number;
  charge_pending: number;
  refunded: number;
  refund_pending: number;
  /** Authorization released without charging (void). */
  canceled: number;
  cancel_pending: number;
}

const EMPTY: LedgerSummary = {
  authorized: 0,
  authorize_pending: 0,
  charged: 0,
  charge_pending: 0,
  refunded: 0,
  refund_pending: 0,
  canceled: 0,
  cancel_pending: 0,
};

/** Requests that have no answer yet. */
export function pendingRequests<T extends TransactionEventLike>(events: readonly T[]): T[] {
  const answered = new Set(events.filter((e) => e.state !== "request").map((e) => e.answers));
  return events.filter((e) => e.state === "request" && !answered.has(e.id));
}

export function summarize(events: readonly TransactionEventLike[]): LedgerSummary {
  const s = { ...EMPTY };
  let authorizedTotal = 0;
  for (const e of events) {
    if (e.state !== "success") continue;
    if (e.kind === "authorization") authorizedTotal += e.amount;
    else if (e.kind === "charge") s.charged += e.amount;
    else if (e.kind === "refund") s.refunded += e.amount;
    else s.canceled += e.amount;
  }
  for (const r of pendingRequests(events)) {
    if (r.kind === "authorization") s.authorize_pending += r.amount;
    else if (r.kind === "charge") s.charge_pending += r.amount;
    else if (r.kind === "refund") s.refund_pending += r.amount;
    else s.cancel_pending += r.amount;
  }
  s.authorized = Math.max(0, authorizedTotal - s.charged - s.canceled);
  return s;
}

/** What a new charge may take: the authorization left, less charges and releases in flight. */
export const capturable = (s: LedgerSummary): number =>
  Math.max(0, s.authorized - s.charge_pending - s.cancel_pending);

/** What a new refund may give back: charged, less refunded and refunds in flight. */
export const refundable = (s: LedgerSummary): number =>
  Math.max(0, s.charged - s.refunded - s.refund_pending);

/** Net money kept: Σ charges − Σ refunds. */
export const netPaid = (s: LedgerSummary): number => s.charged - s.refunded;

export const PAYMENT_STATUSES = [
  "not_charged",
  "partially_charged",
  "charged",
  "partially_refunded",
  "refunded",
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** The order's payment status from its payments' summaries and what it costs now. */
export function paymentStatus(s: LedgerSummary, orderTotal: number): PaymentStatus {
  if (s.refunded > 0) return s.refunded >= s.charged ? "refunded" : "partially_refunded";
  if (s.charged === 0) return "not_charged";
  return s.charged >= orderTotal ? "charged" : "partially_charged";
}

/** Sums summaries (an order may have several payments, e.g. a declined card then another). */
export function combine(summaries: readonly LedgerSummary[]): LedgerSummary {
  const total = { ...EMPTY };
  for (const s of summaries)
    for (const k of Object.keys(total) as Array<keyof LedgerSummary>) total[k] += s[k];
  return total;
}

/**
 * What is wrong with a payment's events (empty when it verifies): answers to unknown requests,
 * two answers to one request, an answer of another kind or amount than its request, refunds
 * above charges, charges and releases above the authorization.
 */
export function ledgerProblems(events: readonly TransactionEventLike[]): string[] {
  const problems: string[] = [];
  const byId = new Map(events.map((e) => [e.id, e]));
  const answeredBy = new Map<string, string>();
  let authorized = 0;
  let charged = 0;
  let refunded = 0;
  let canceled = 0;
  for (const e of events) {
    if (!(e.amount > 0) || !Number.isSafeInteger(e.amount)) problems.push(`${e.id}: amount ${e.amount}`);
    if (e.state === "request") continue;
    if (e.answers !== null) {
      const request = byId.get(e.answers);
      if (!request) problems.push(`${e.id} answers unknown request ${e.answers}`);
      else if (request.kind !== e.kind || request.state !== "request")
        problems.push(`${e.id} answers ${e.answers} of another kind`);
      else if (e.state === "success" && e.amount > request.amount)
        problems.push(`${e.id} is more than its request ${e.answers}`);
      const earlier = answeredBy.get(e.answers);
      if (earlier) problems.push(`${e.answers} answered twice (${earlier}, ${e.id})`);
      answeredBy.set(e.answers, e.id);
    }
    if (e.state !== "success") continue;
    if (e.kind === "authorization") authorized += e.amount;
    else if (e.kind === "charge") charged += e.amount;
    else if (e.kind === "refund") refunded += e.amount;
    else canceled += e.amount;
  }
  if (refunded > charged) problems.push(`refunded ${refunded} exceeds charged ${charged}`);
  if (charged + canceled > authorized)
    problems.push(`charged ${charged} + released ${canceled} exceed authorized ${authorized}`);
  return problems;
}
