// Customer-service cases: their workflow and their service-level targets (SLA), as pure code.
//
// Workflow: new → open → awaiting_customer → (open) → resolved → closed; a resolved case can be
// reopened, and a customer writing to a case that waits for them (or was resolved) opens it again.
//
// SLA: two targets per case, from hours configured per priority and counted from the case's
// creation: the first response (the first public reply of a person, or the resolution if it comes
// first) and the resolution. The resolution clock stops while the case is not in our hands
// (awaiting the customer, resolved, closed); time spent there moves the resolution target later.
import { defineStateMachine } from "./state-machine.js";

export const CASE_STATUSES = ["new", "open", "awaiting_customer", "resolved", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_TYPES = ["where_is_my_order", "damaged", "wrong_item", "return_question", "other"] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const CASE_SOURCES = ["portal", "console", "api", "delivery_exception"] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** Unfinished: someone still has something to do. */
export const ACTIVE_CASE_STATUSES: readonly CaseStatus[] = ["new", "open", "awaiting_customer"];

/** States in which the resolution clock does not run. */
const PAUSED: readonly CaseStatus[] = ["awaiting_customer", "resolved", "closed"];

export const caseMachine = defineStateMachine<
  CaseStatus,
  "open" | "await_customer" | "resolve" | "close" | "reopen" | "customer_reply" | "take"
>("Case", {
  open: {
    from: ["new", "awaiting_customer"],
    to: ["open"],
    refusal: "only a new case or one awaiting the customer can be opened",
  },
  await_customer: {
    from: ["new", "open"],
    to: ["awaiting_customer"],
    refusal: "only a new or open case can wait for the customer",
  },
  resolve: {
    from: ["new", "open", "awaiting_customer"],
    to: ["resolved"],
    refusal: "it is already resolved or closed",
  },
  close: { from: ["resolved"], to: ["closed"], refusal: "only a resolved case can be closed" },
  reopen: { from: ["resolved"], to: ["open"], refusal: "only a resolved case can be reopened" },
  /** The customer wrote: a case waiting for them, or resolved, is theirs no more. */
  customer_reply: {
    from: ["awaiting_customer", "resolved"],
    to: ["open"],
    refusal: "it is not waiting for the customer",
    internal: true,
  },
  /** Someone took the case (a public reply, an assignment): it is no longer new. */
  take: { from: ["new"], to: ["open"], refusal: "it is not new", internal: true },
});

export type CaseAction = keyof typeof caseMachine.transitions;
/** The actions people and integrations take through the API. */
export const CASE_ACTIONS = [
  "open",
  "await_customer",
  "resolve",
  "close",
  "reopen",
] as const satisfies readonly CaseAction[];
export type CasePublicAction = (typeof CASE_ACTIONS)[number];

/** Whether a message may be added: a closed case is finished (the customer opens a new one). */
export function messageRefusal(status: CaseStatus, subject = "Case"): string | null {
  return status === "closed" ? `${subject} is closed; open a new case instead` : null;
}

/** The status a message leads to: a customer's reopens a case waiting for them, a reply takes a new one. */
export function statusAfterMessage(
  status: CaseStatus,
  message: { author: "staff" | "customer" | "system"; visibility: "public" | "internal" },
): CaseStatus {
  if (message.author === "customer") return caseMachine.refusal(status, "customer_reply") ? status : "open";
  if (message.author === "staff" && message.visibility === "public" && status === "new") return "open";
  return status;
}

// ------------------------------------------------------------------------------------------ SLA

export interface SlaPolicy {
  /** Hours to the first response, per priority. */
  firstResponseHours: Readonly<Record<CasePriority, number>>;
  /** Hours to the resolution, per priority (plus the time the case spent paused). */
  resolutionHours: Readonly<Record<CasePriority, number>>;
  /** A running target is at risk once less than this share of its time is left (0–100). */
  atRiskPercent: number;
}

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  firstResponseHours: { urgent: 1, high: 4, normal: 24, low: 48 },
  resolutionHours: { urgent: 8, high: 24, normal: 72, low: 120 },
  atRiskPercent: 25,
};

const HOUR_MS = 3_600_000;

const iso = (ms: number) => new Date(ms).toISOString();

/** `urgent:1,high:4,normal:24,low:48` → hours per priority; null when it does not name each once. */
export function parsePriorityHours(text: string): Record<CasePriority, number> | null {
  const out: Partial<Record<CasePriority, number>> = {};
  for (const part of text.split(",")) {
    const [name, value, ...rest] = part.split(":").map((s) => s.trim());
    if (rest.length > 0 || !name || !value || !(CASE_PRIORITIES as readonly string[]).includes(name))
      return null;
    const hours = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !(hours > 0) || hours > 24 * 365) return null;
    if (out[name as CasePriority] !== undefined) return null;
    out[name as CasePriority] = hours;
  }
  return CASE_PRIORITIES.every((p) => out[p] !== undefined) ? (out as Record<CasePriority, number>) : null;
}

/** The SLA clock of a case, as stored. */
export interface SlaClock {
  status: CaseStatus;
  priority: CasePriority;
  created_at: string;
  first_responded_at: string | null;
  resolved_at: string | null;
  /** When the resolution clock stopped, while it is stopped. */
  sla_paused_at: string | null;
  /** Milliseconds the resolution clock was stopped before (already added to its target). */
  sla_paused_ms: number;
}

/** Both targets from the priority, the creation and the time paused so far. */
export function dueTimes(
  clock: Pick<SlaClock, "priority" | "created_at" | "sla_paused_ms">,
  policy: SlaPolicy,
): { first_response_due_at: string; resolution_due_at: string } {
  const created = Date.parse(clock.created_at);
  return {
    first_response_due_at: iso(created + Math.round(policy.firstResponseHours[clock.priority] * HOUR_MS)),
    resolution_due_at: iso(
      created + Math.round(policy.resolutionHours[clock.priority] * HOUR_MS) + clock.sla_paused_ms,
    ),
  };
}

/** The clock fields a move changes. */
export interface ClockChange {
  status: CaseStatus;
  resolved_at: string | null;
  closed_at: string | null;
  sla_paused_at: string | null;
  sla_paused_ms: number;
  first_response_due_at: string;
  resolution_due_at: string;
}

/**
 * What the clock fields become when a case moves to `to` at `now`: the resolution clock stops on
 * entering a paused state and, on leaving one, the pause is added to its target; resolved_at and
 * closed_at follow the status.
 */
export function clockAfterMove(
  clock: SlaClock & { closed_at: string | null },
  to: CaseStatus,
  now: string,
  policy: SlaPolicy,
): ClockChange {
  const wasPaused = PAUSED.includes(clock.status);
  const paused = PAUSED.includes(to);
  let pausedAt = clock.sla_paused_at;
  let pausedMs = clock.sla_paused_ms;
  if (wasPaused && !paused) {
    if (pausedAt) pausedMs += Math.max(0, Date.parse(now) - Date.parse(pausedAt));
    pausedAt = null;
  } else if (!wasPaused && paused) {
    pausedAt = now;
  }
  const finished = to === "resolved" || to === "closed";
  return {
    status: to,
    resolved_at: finished ? (clock.resolved_at ?? now) : null,
    closed_at: to === "closed" ? now : null,
    sla_paused_at: pausedAt,
    sla_paused_ms: pausedMs,
    ...dueTimes({ priority: clock.priority, created_at: clock.created_at, sla_paused_ms: pausedMs }, policy),
  };
}

export type SlaState = "met" | "breached" | "at_risk" | "on_track" | "paused";

export interface SlaTarget {
  due_at: string;
  /** When the target was reached (first response, resolution), or null while it is not. */
  met_at: string | null;
  state: SlaState;
  /** Milliseconds left when it was reached, or now (negative: overdue). */
  remaining_ms: number;
}

export interface SlaView {
  first_response: SlaTarget;
  resolution: SlaTarget;
  /** A target was missed (whether or not the case is finished). */
  breached: boolean;
  /** A running target is close to being missed. */
  at_risk: boolean;
}

/** Stored case fields the SLA is computed from. */
export type SlaFields = SlaClock & { first_response_due_at: string; resolution_due_at: string };

/**
 * One target: `judgedAt` is the instant its clock stopped (null: it runs), `metAt` whether that
 * stop reached the target (a pause only stops the clock).
 */
function target(
  dueAt: string,
  startAt: string,
  judgedAt: string | null,
  metAt: string | null,
  now: Date,
  atRiskPercent: number,
): SlaTarget {
  const due = Date.parse(dueAt);
  const at = judgedAt !== null ? Date.parse(judgedAt) : now.getTime();
  const remaining = due - at;
  const base = { due_at: dueAt, met_at: metAt, remaining_ms: remaining };
  if (remaining < 0) return { ...base, state: "breached" };
  if (metAt !== null) return { ...base, state: "met" };
  if (judgedAt !== null) return { ...base, state: "paused" };
  const window = Math.max(1, due - Date.parse(startAt));
  return { ...base, state: (remaining / window) * 100 < atRiskPercent ? "at_risk" : "on_track" };
}

/**
 * The case's SLA now. First response: met by the first public reply, or by the resolution when no
 * reply came before it. Resolution: met when resolved, judged at the moment its clock stopped
 * (a case resolved while awaiting the customer stopped counting when it started waiting).
 */
export function slaView(c: SlaFields, now: Date, atRiskPercent = DEFAULT_SLA_POLICY.atRiskPercent): SlaView {
  const firstMet = c.first_responded_at ?? c.resolved_at;
  const first = target(c.first_response_due_at, c.created_at, firstMet, firstMet, now, atRiskPercent);
  const resolution = target(
    c.resolution_due_at,
    c.created_at,
    c.sla_paused_at,
    c.resolved_at,
    now,
    atRiskPercent,
  );
  return {
    first_response: first,
    resolution,
    breached: first.state === "breached" || resolution.state === "breached",
    at_risk: first.state === "at_risk" || resolution.state === "at_risk",
  };
}

/**
 * The same test as slaView(...).breached, said for a stored row: a target is missed when the time
 * its clock stopped at (or now) is past it. Stored instants are all ISO 8601 UTC from
 * toISOString, so they compare as text; the list filter (SQL) states this very rule.
 */
export function isBreached(
  c: Pick<
    SlaFields,
    "first_responded_at" | "resolved_at" | "sla_paused_at" | "first_response_due_at" | "resolution_due_at"
  >,
  now: Date,
): boolean {
  const n = now.toISOString();
  return (
    c.first_response_due_at < (c.first_responded_at ?? c.resolved_at ?? n) ||
    c.resolution_due_at < (c.sla_paused_at ?? n)
  );
}

/** "where_is_my_order" cases opened by a carrier's bad news: when one is due for a package. */
export function deliveryExceptionDue(
  status: string,
  attemptedDeliveries: number,
  attemptsBeforeCase: number,
): boolean {
  if (status === "failure") return true;
  return status === "attempted_delivery" && attemptedDeliveries >= attemptsBeforeCase;
}

/** CS-1042: how people name a case. */
export const caseReference = (number: number): string => `CS-${number}`;

/** `CS-1042`, `cs-1042`, `1042` → 1042; anything else → null. */
export function parseCaseReference(input: string): number | null {
  // Nine digits at most: numbers are 32-bit in the database, and a billion cases is far off.
  const m = /^(?:cs-?)?(\d{1,9})$/i.exec(input.trim());
  return m ? Number(m[1]) : null;
}
