// Retry timing for deliveries: exponential backoff with jitter, spread over about a day.

export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseMs: number;
  /** Growth per attempt. */
  factor: number;
  /** No single wait is longer than this. */
  capMs: number;
  /** Attempts in all (the first try plus retries); after the last one the delivery is dead. */
  maxAttempts: number;
  /** ±jitter as a fraction of the delay (0.2 = ±20 %), so retries from many endpoints do not align. */
  jitter: number;
}

/**
 * The default: 5 s, 15 s, 45 s, 2¼ min, 7 min, 20 min, 1 h, 3 h, then every 6 h — 12 attempts over
 * roughly 28 hours. `baseMs` scales the whole schedule (tests use a few milliseconds).
 */
export function defaultBackoff(baseMs = 5_000, maxAttempts = 12): BackoffPolicy {
  return { baseMs, factor: 3, capMs: baseMs * 4_320, maxAttempts, jitter: 0.2 };
}

/**
 * The wait after failed attempt number `attempt` (1-based), or null when that was the last
 * attempt and the delivery goes to the dead letters. `random` is in [0, 1).
 */
export function retryDelayMs(
  policy: BackoffPolicy,
  attempt: number,
  random: number = Math.random(),
): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const raw = Math.min(policy.capMs, policy.baseMs * policy.factor ** (attempt - 1));
  const spread = 1 + policy.jitter * (2 * random - 1);
  return Math.max(1, Math.round(raw * spread));
}

/** The whole schedule without jitter: what an operator reads in the docs. */
export function retrySchedule(policy: BackoffPolicy): number[] {
  const out: number[] = [];
  for (let a = 1; a < policy.maxAttempts; a++) out.push(retryDelayMs(policy, a, 0.5) as number);
  return out;
}
