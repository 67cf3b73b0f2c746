// How a case's SLA reads in the console: the target that runs now, and how long is left.
import type { Case, CaseSla } from "../../api/types";

/** 45 min, 5 h, 3 d. */
export function duration(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

export interface SlaBadge {
  label: string;
  color: string;
  /** The target's due time, for a tooltip. */
  title: string;
}

type Target = CaseSla["first_response"];

const finished = (c: Pick<Case, "status">) => c.status === "resolved" || c.status === "closed";

/** The target that runs: the first response until it is met, then the resolution. */
export function runningTarget(c: Pick<Case, "status" | "sla">): { name: string; target: Target } {
  return c.sla.first_response.met_at === null && !finished(c)
    ? { name: "Reply", target: c.sla.first_response }
    : { name: "Resolve", target: c.sla.resolution };
}

/** "Reply due in 3 h", "Breached 2 h ago", "Paused", "SLA met": the badge a case list shows. */
export function slaBadge(c: Pick<Case, "status" | "sla">, now = Date.now()): SlaBadge {
  const { name, target } = runningTarget(c);
  const title = `${name} due ${new Date(target.due_at).toLocaleString()}`;
  if (finished(c))
    return c.sla.breached
      ? { label: "SLA missed", color: "red", title }
      : { label: "SLA met", color: "green", title };
  if (target.state === "paused") return { label: "Paused: awaiting customer", color: "gray", title };
  const left = Date.parse(target.due_at) - now;
  if (left < 0) return { label: `Breached ${duration(left)} ago`, color: "red", title };
  // A target met late (the first response) leaves the case breached while the next one runs.
  const color = c.sla.breached ? "red" : target.state === "at_risk" ? "orange" : "teal";
  return { label: `${name} due in ${duration(left)}`, color, title };
}
