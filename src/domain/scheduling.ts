// Delivery slots and service appointments, as pure code: slot templates (a weekday and a local
// start–end time in the location's IANA time zone) become dated slot occurrences; whether one may
// still be booked depends on the clock (cut-off hours before the start, lead time in days, the
// location's holidays) and, for service work, on a technician with the skill working then.
import { formatDay, localClock, parseDay, weekdayOf, zonedInstant } from "./sourcing/promise.js";

export type SlotKind = "delivery" | "service";

export interface SlotTemplate {
  readonly id: string;
  /** 0 = Sunday … 6 = Saturday, in the location's calendar. */
  readonly weekday: number;
  /** Local wall-clock times, `HH:MM`; end after start, on the same day. */
  readonly start: string;
  readonly end: string;
  readonly capacity: number;
  readonly kind: SlotKind;
  /** For service work: the skill a technician needs (null: anyone). */
  readonly skill: string | null;
  /** Booking closes this many hours before the start. */
  readonly cutoffHours: number;
  /** The slot's day must be at least this many days after today (local). */
  readonly leadDays: number;
  /** Local dates (YYYY-MM-DD) without slots. */
  readonly holidays: readonly string[];
}

export interface SlotOccurrence {
  /** Deterministic: the template and the local date, so a slot needs no row until it is held. */
  readonly id: string;
  readonly templateId: string;
  readonly date: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly cutoffAt: string;
  readonly capacity: number;
  readonly kind: SlotKind;
  readonly skill: string | null;
}

export type Unbookable = "past-cutoff" | "within-lead-time" | "holiday" | "not-a-slot";

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const HOUR_MS = 3_600_000;

/** `HH:MM` → hours as a fraction, or null when it is not a time of day. */
export function parseTimeOfDay(value: string): number | null {
  const m = TIME.exec(value);
  return m ? Number(m[1]) + Number(m[2]) / 60 : null;
}

/** What is wrong with a template's own fields (empty when nothing). */
export function templateProblems(t: Omit<SlotTemplate, "id">): string[] {
  const problems: string[] = [];
  const start = parseTimeOfDay(t.start);
  const end = parseTimeOfDay(t.end);
  if (start === null) problems.push("start must be HH:MM");
  if (end === null) problems.push("end must be HH:MM");
  if (start !== null && end !== null && end <= start) problems.push("end must be after start");
  if (t.kind === "delivery" && t.skill) problems.push("a delivery slot takes no skill");
  return problems;
}

export const slotId = (templateId: string, date: string) =>
  `slot_${templateId.replace(/^stpl_/, "")}_${date.replaceAll("-", "")}`;

/** The template id and date a slot id names, or null when it names none. */
export function parseSlotId(id: string): { templateId: string; date: string } | null {
  const m = /^slot_([0-9A-Z]{26})_(\d{4})(\d{2})(\d{2})$/.exec(id);
  if (!m) return null;
  const date = `${m[2]}-${m[3]}-${m[4]}`;
  try {
    if (formatDay(parseDay(date)) !== date) return null;
  } catch {
    return null;
  }
  return { templateId: `stpl_${m[1]}`, date };
}

/** The template's slot on a local date, or null when the template has none that day. */
export function occurrenceOn(t: SlotTemplate, date: string, timeZone: string): SlotOccurrence | null {
  const day = parseDay(date);
  if (weekdayOf(day) !== t.weekday || t.holidays.includes(date)) return null;
  const start = parseTimeOfDay(t.start);
  const end = parseTimeOfDay(t.end);
  if (start === null || end === null) return null;
  const startsAt = zonedInstant(day, start, timeZone);
  const endsAt = zonedInstant(day, end, timeZone);
  return {
    id: slotId(t.id, date),
    templateId: t.id,
    date,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    cutoffAt: new Date(startsAt.getTime() - t.cutoffHours * HOUR_MS).toISOString(),
    capacity: t.capacity,
    kind: t.kind,
    skill: t.skill,
  };
}

/** Every slot of the templates on the local dates from..to (inclusive), by start time. */
export function generateSlots(
  templates: readonly SlotTemplate[],
  from: string,
  to: string,
  timeZone: string,
): SlotOccurrence[] {
  const out: SlotOccurrence[] = [];
  for (let day = parseDay(from); day <= parseDay(to); day++) {
    const date = formatDay(day);
    for (const t of templates) {
      const slot = occurrenceOn(t, date, timeZone);
      if (slot) out.push(slot);
    }
  }
  return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
}

/** Why a slot cannot be booked at `now`, or null when it can (capacity aside). */
export function unbookableReason(
  t: SlotTemplate,
  slot: SlotOccurrence,
  now: Date,
  timeZone: string,
): Unbookable | null {
  if (t.holidays.includes(slot.date)) return "holiday";
  if (now.getTime() >= Date.parse(slot.cutoffAt)) return "past-cutoff";
  const today = localClock(now, timeZone).day;
  if (parseDay(slot.date) - today < t.leadDays) return "within-lead-time";
  return null;
}

export interface WorkingHours {
  readonly weekday: number;
  readonly start: string;
  readonly end: string;
}

/** Whether someone with these hours works the whole of [start, end] local time on that weekday. */
export function worksDuring(
  hours: readonly WorkingHours[],
  weekday: number,
  start: string,
  end: string,
): boolean {
  const s = parseTimeOfDay(start);
  const e = parseTimeOfDay(end);
  if (s === null || e === null) return false;
  return hours.some((h) => {
    const hs = parseTimeOfDay(h.start);
    const he = parseTimeOfDay(h.end);
    return h.weekday === weekday && hs !== null && he !== null && hs <= s && he >= e;
  });
}

/** Seconds from the local midnight of `date` to `instant`: the route planner's clock. */
export function secondsIntoDay(date: string, instant: string, timeZone: string): number {
  const midnight = zonedInstant(parseDay(date), 0, timeZone).getTime();
  return Math.round((Date.parse(instant) - midnight) / 1000);
}

/** The instant `seconds` after the local midnight of `date`. */
export function instantInDay(date: string, seconds: number, timeZone: string): string {
  return new Date(zonedInstant(parseDay(date), 0, timeZone).getTime() + seconds * 1000).toISOString();
}

/** Local seconds into the day of an `HH:MM` time (hour arithmetic on the wall clock). */
export function wallSeconds(date: string, time: string, timeZone: string): number | null {
  const h = parseTimeOfDay(time);
  if (h === null) return null;
  return secondsIntoDay(date, zonedInstant(parseDay(date), h, timeZone).toISOString(), timeZone);
}

/** 0 = Sunday … 6 = Saturday for a YYYY-MM-DD date. */
export const weekdayOfDate = (date: string): number => weekdayOf(parseDay(date));
