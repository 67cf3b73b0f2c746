// Customer feedback after delivery, pure: when the survey is due, which location the order came
// from, and the summary (response rate, average, CSAT) of a set of answers.

export const FEEDBACK_SCORES = [1, 2, 3, 4, 5] as const;
export type FeedbackScore = (typeof FEEDBACK_SCORES)[number];
export const FEEDBACK_COMMENT_MAX = 2000;
/** Scores that count as satisfied for CSAT (the share of 4 and 5). */
export const SATISFIED_FROM = 4;

const DAY_MS = 86_400_000;

/**
 * When the survey goes out: `delayDays` after delivery, or null when surveys are switched off
 * (0). A delivery the carrier reports in the future counts as now.
 */
export function feedbackDueAt(deliveredAt: string, delayDays: number, now: Date = new Date()): string | null {
  if (!(delayDays > 0)) return null;
  const delivered = Math.min(Date.parse(deliveredAt), now.getTime());
  const base = Number.isFinite(delivered) ? delivered : now.getTime();
  return new Date(base + delayDays * DAY_MS).toISOString();
}

export interface DeliveredPackage {
  location_id: string | null;
  delivered_at: string | null;
  units: number;
}

/**
 * When the order as a whole was delivered (its last package) and where it shipped from (the
 * location that sent most of its units; the first of equals). Without packages: now, no location.
 */
export function deliveryOf(
  packages: readonly DeliveredPackage[],
  now: Date = new Date(),
): { delivered_at: string; location_id: string | null } {
  let last: string | null = null;
  const units = new Map<string, number>();
  for (const p of packages) {
    if (p.delivered_at && (!last || p.delivered_at > last)) last = p.delivered_at;
    if (p.location_id) units.set(p.location_id, (units.get(p.location_id) ?? 0) + Math.max(0, p.units));
  }
  let location: string | null = null;
  let most = -1;
  for (const [id, n] of units)
    if (n > most) {
      location = id;
      most = n;
    }
  const at = last && Date.parse(last) <= now.getTime() ? new Date(last).toISOString() : now.toISOString();
  return { delivered_at: at, location_id: location };
}

/** One group's answers as the database counts them: how many requests had each score (null: none yet). */
export interface ScoreCount {
  key: string | null;
  score: number | null;
  count: number;
}

export interface FeedbackStats {
  sent: number;
  answered: number;
  /** Answered of sent, in percent (one decimal); null when nothing was sent. */
  response_rate_percent: number | null;
  /** Mean score (two decimals); null without answers. */
  average_score: number | null;
  /** Share of answers scoring 4 or 5, in percent (one decimal); null without answers. */
  csat_percent: number | null;
  distribution: Record<"1" | "2" | "3" | "4" | "5", number>;
}

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

export function feedbackStats(counts: readonly Omit<ScoreCount, "key">[]): FeedbackStats {
  const distribution = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  let sent = 0;
  let answered = 0;
  let sum = 0;
  let satisfied = 0;
  for (const { score, count } of counts) {
    sent += count;
    if (score === null) continue;
    if (!FEEDBACK_SCORES.includes(score as FeedbackScore)) continue;
    answered += count;
    sum += score * count;
    if (score >= SATISFIED_FROM) satisfied += count;
    distribution[String(score) as keyof typeof distribution] += count;
  }
  return {
    sent,
    answered,
    response_rate_percent: sent > 0 ? round((answered / sent) * 100, 1) : null,
    average_score: answered > 0 ? round(sum / answered, 2) : null,
    csat_percent: answered > 0 ? round((satisfied / answered) * 100, 1) : null,
    distribution,
  };
}

/** Per group (most surveys sent first, then by key) and for everything together. */
export function feedbackSummary(counts: readonly ScoreCount[]): {
  total: FeedbackStats;
  groups: Array<{ key: string | null } & FeedbackStats>;
} {
  const byKey = new Map<string | null, ScoreCount[]>();
  for (const c of counts) {
    const list = byKey.get(c.key) ?? [];
    list.push(c);
    byKey.set(c.key, list);
  }
  const groups = [...byKey].map(([key, list]) => ({ key, ...feedbackStats(list) }));
  groups.sort((a, b) => b.sent - a.sent || String(a.key ?? "").localeCompare(String(b.key ?? "")));
  return { total: feedbackStats(counts), groups };
}
