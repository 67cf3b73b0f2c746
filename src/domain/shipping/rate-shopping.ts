// Rate shopping: pick one quote among carriers/services. Keeping the promise made at checkout
// comes first, price second; when the promise cannot be kept, arriving soonest limits the damage.

export interface Shoppable {
  amount: number;
  /** YYYY-MM-DD; ISO dates compare correctly as strings. */
  estimatedDeliveryDate: string;
}

export interface RateChoice<T> {
  quote: T;
  /** null when there was no promise to keep. */
  meetsPromise: boolean | null;
  reason: string;
}

/** Cheaper first; on equal price the earlier delivery; on a full tie the earlier quote keeps its place. */
function cheapest<T extends Shoppable>(quotes: readonly T[]): T {
  return quotes.reduce((best, q) =>
    q.amount < best.amount ||
    (q.amount === best.amount && q.estimatedDeliveryDate < best.estimatedDeliveryDate)
      ? q
      : best,
  );
}

/** Earlier delivery first; on the same day the cheaper one. */
function fastest<T extends Shoppable>(quotes: readonly T[]): T {
  return quotes.reduce((best, q) =>
    q.estimatedDeliveryDate < best.estimatedDeliveryDate ||
    (q.estimatedDeliveryDate === best.estimatedDeliveryDate && q.amount < best.amount)
      ? q
      : best,
  );
}

/**
 * Cheapest quote whose estimated delivery is on or before the promised date; if none meets it,
 * the fastest (earliest date, then cheapest); if no promise, the cheapest. Returns the choice and why.
 */
export function chooseRate<T extends Shoppable>(
  quotes: readonly T[],
  promisedDeliveryDate: string | null,
): RateChoice<T> | null {
  if (quotes.length === 0) return null;
  if (promisedDeliveryDate === null) {
    const quote = cheapest(quotes);
    return { quote, meetsPromise: null, reason: "no promised date: cheapest rate" };
  }
  const onTime = quotes.filter((q) => q.estimatedDeliveryDate <= promisedDeliveryDate);
  if (onTime.length > 0) {
    const quote = cheapest(onTime);
    return {
      quote,
      meetsPromise: true,
      reason: `cheapest of ${onTime.length} rate(s) delivering by the promised ${promisedDeliveryDate} (est. ${quote.estimatedDeliveryDate})`,
    };
  }
  const quote = fastest(quotes);
  return {
    quote,
    meetsPromise: false,
    reason: `no rate delivers by the promised ${promisedDeliveryDate}: fastest rate, est. ${quote.estimatedDeliveryDate}`,
  };
}
