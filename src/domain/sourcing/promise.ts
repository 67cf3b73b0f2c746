// Promise dates: when a package leaves a location and when it arrives, and when a pickup is ready.
// Days are counted in the location's own calendar (IANA time zone via Intl, no dependency) as
// "day numbers" (days since 1970-01-01), which makes business-day arithmetic plain integer math.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Local calendar day (days since 1970-01-01) and local hour of day (fractional) at some instant. */
export interface LocalClock {
  readonly day: number;
  readonly hour: number;
}

// Building an Intl.DateTimeFormat costs tens of microseconds; formatting with one costs about one.
const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock reading of `instant` in `timeZone`, as if that wall clock were UTC (ms). */
function wallClockMs(instant: number, timeZone: string): number {
  let year = 1970;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    const value = Number(part.value);
    switch (part.type) {
      case "year":
        year = value;
        break;
      case "month":
        month = value;
        break;
      case "day":
        day = value;
        break;
      case "hour":
        hour = value % 24; // some ICU versions print midnight as 24
        break;
      case "minute":
        minute = value;
        break;
      case "second":
        second = value;
        break;
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) + (instant % 1000);
}

export function localClock(now: Date, timeZone: string): LocalClock {
  const wall = wallClockMs(now.getTime(), timeZone);
  const day = Math.floor(wall / DAY_MS);
  return { day, hour: (wall - day * DAY_MS) / HOUR_MS };
}

/** The UTC instant at which the wall clock in `timeZone` shows `day` + `hour`. */
export function zonedInstant(day: number, hour: number, timeZone: string): Date {
  const wall = day * DAY_MS + hour * HOUR_MS;
  // The offset at the guessed instant may differ from the offset at the answer around a DST
  // change, so correct once more with the offset found at the first estimate.
  const firstOffset = wallClockMs(wall, timeZone) - wall;
  const estimate = wall - firstOffset;
  const secondOffset = wallClockMs(estimate, timeZone) - estimate;
  return new Date(wall - secondOffset);
}

export function parseDay(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${isoDate}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isBusinessDay(day: number, holidays?: ReadonlySet<number>): boolean {
  const weekday = weekdayOf(day);
  return weekday !== 0 && weekday !== 6 && !holidays?.has(day);
}

export function nextBusinessDayOnOrAfter(day: number, holidays?: ReadonlySet<number>): number {
  let d = day;
  while (!isBusinessDay(d, holidays)) d++;
  return d;
}

/** The business day `count` business days after `day` (`day` itself if count is 0 and it is one). */
export function addBusinessDays(day: number, count: number, holidays?: ReadonlySet<number>): number {
  let d = nextBusinessDayOnOrAfter(day, holidays);
  for (let left = count; left > 0; left--) d = nextBusinessDayOnOrAfter(d + 1, holidays);
  return d;
}

/**
 * Day the package leaves: work starts today if today is a business day and the local time is
 * before the cut-off, otherwise on the next business day; then `processingDays` business days.
 */
export function shipDayFor(
  clock: LocalClock,
  processingDays: number,
  cutoffHour: number,
  holidays?: ReadonlySet<number>,
): number {
  const startsToday = isBusinessDay(clock.day, holidays) && clock.hour < cutoffHour;
  const start = startsToday ? clock.day : nextBusinessDayOnOrAfter(clock.day + 1, holidays);
  return addBusinessDays(start, processingDays, holidays);
}

export function holidaySet(holidays: readonly string[] | undefined): ReadonlySet<number> | undefined {
  return holidays && holidays.length > 0 ? new Set(holidays.map(parseDay)) : undefined;
}

export interface PromiseDateInput {
  readonly now: Date;
  /** IANA time zone of the shipping location. */
  readonly timeZone: string;
  readonly processingDays: number;
  readonly cutoffHour: number;
  /** Carrier transit time in business days (see the rate zone for the distance). */
  readonly transitDays: number;
  readonly holidays?: readonly string[] | undefined;
}

export interface PromiseDates {
  /** `YYYY-MM-DD` in the location's calendar. */
  readonly shipDate: string;
  readonly deliveryDate: string;
}

/** Earliest ship and delivery dates. Carriers are assumed not to move parcels on weekends. */
export function promiseDates(input: PromiseDateInput): PromiseDates {
  const holidays = holidaySet(input.holidays);
  const shipDay = shipDayFor(
    localClock(input.now, input.timeZone),
    input.processingDays,
    input.cutoffHour,
    holidays,
  );
  return {
    shipDate: formatDay(shipDay),
    deliveryDate: formatDay(addBusinessDays(shipDay, input.transitDays, holidays)),
  };
}

export interface PickupReadyInput {
  readonly now: Date;
  readonly timeZone: string;
  /** Working minutes the store needs to pick and stage the order. */
  readonly prepMinutes: number;
  /** Local opening and closing hours (fractions allowed), e.g. 9 and 21. */
  readonly openHour: number;
  readonly closeHour: number;
  /** Weekdays the store is open, 0 = Sunday … 6 = Saturday. Defaults to every day. */
  readonly openWeekdays?: readonly number[] | undefined;
  readonly holidays?: readonly string[] | undefined;
}

/**
 * When a pickup order will be ready: preparation only runs while the store is open, so work that
 * does not fit before closing continues at the next opening.
 */
export function pickupReadyBy(input: PickupReadyInput): Date {
  const holidays = holidaySet(input.holidays);
  const openWeekdays = input.openWeekdays ?? [0, 1, 2, 3, 4, 5, 6];
  const clock = localClock(input.now, input.timeZone);
  let remainingHours = Math.max(0, input.prepMinutes) / 60;
  let day = clock.day;
  let from = Math.max(clock.hour, input.openHour);
  // A year of closed days would mean a misconfigured store; stop rather than loop forever.
  for (let guard = 0; guard < 366; guard++) {
    const open = openWeekdays.includes(weekdayOf(day)) && !holidays?.has(day);
    if (open && from < input.closeHour) {
      const available = input.closeHour - from;
      if (remainingHours <= available) return zonedInstant(day, from + remainingHours, input.timeZone);
      remainingHours -= available;
    }
    day++;
    from = input.openHour;
  }
  throw new RangeError("pickup location is never open");
}
