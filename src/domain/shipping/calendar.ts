// Calendar-date helpers for the shipping math. Dates are plain "YYYY-MM-DD" strings: a ship
// date or a delivery date is a day on a calendar, not an instant, so no time zone is attached.
// Internal to the shipping domain (not re-exported from index.ts).

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Parses a "YYYY-MM-DD" string to a UTC-midnight timestamp; RangeError when it is not a real date. */
export function parseIsoDate(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  // Date.UTC rolls 2024-02-30 over to March; a round trip catches such impossible dates.
  if (formatUtcDate(ms) !== date) throw new RangeError(`not a real calendar date: ${date}`);
  return ms;
}

export function formatUtcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return formatUtcDate(parseIsoDate(date) + days * DAY_MS);
}

export function isWeekend(date: string): boolean {
  const dow = new Date(parseIsoDate(date)).getUTCDay();
  return dow === 0 || dow === 6;
}

/** The date itself if it is a business day, else the following Monday. */
export function nextBusinessDayOnOrAfter(date: string): string {
  let d = date;
  while (isWeekend(d)) d = addDays(d, 1);
  return d;
}

/** Parses an ISO instant; RangeError when unparseable, so bad carrier data fails loudly, not as NaN. */
export function parseInstant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO date-time: ${JSON.stringify(iso)}`);
  return ms;
}

/**
 * The calendar date of an ISO date or date-time as written. Carriers stamp events with the
 * local offset of the scan, so the written date is the day the customer would name; converting
 * to UTC first could move an evening delivery to the next day.
 */
export function calendarDateOf(iso: string): string {
  parseInstant(iso);
  const date = iso.slice(0, 10);
  parseIsoDate(date);
  return date;
}

interface LocalDateTime {
  date: string;
  hour: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // hourCycle h23 avoids the "24" hour some engines print for midnight with hour12: false.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock date and hour of an instant in an IANA time zone (RangeError for an unknown zone). */
export function localDateTime(at: Date, timeZone: string): LocalDateTime {
  if (Number.isNaN(at.getTime())) throw new RangeError("invalid Date");
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? "";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, hour: Number(get("hour")) };
}
