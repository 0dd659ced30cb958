import type { ReviewSettings } from "./settings";

export type DaySettings = Pick<ReviewSettings, "dayStartHour" | "timeZone">;

export interface StudyDay {
  /** First instant of the study day (dayStartHour local time). */
  start: Date;
  /** First instant of the next study day; 23 or 25 hours after start across a DST change. */
  end: Date;
  /** Local calendar date the study day starts on, YYYY-MM-DD. */
  key: string;
}

const DAY_MS = 86_400_000;

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

const wallClockPattern = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/;

/** The local wall-clock time of an instant, encoded as if it were UTC (ms). */
function wallClockMs(instant: number, timeZone: string): number {
  // format() + a regex is about three times faster than formatToParts(), and stats call this a lot.
  const text = wallClockFormat(timeZone).format(new Date(instant));
  const match = wallClockPattern.exec(text);
  if (!match) throw new Error(`Unexpected date format from Intl: "${text}"`);
  const [, month, day, year, hour, minute, second] = match.map(Number);
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function offsetMs(instant: number, timeZone: string): number {
  return wallClockMs(instant, timeZone) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which a local wall-clock time occurs. A time that happens twice (DST ends) maps
 * to its first occurrence; a time skipped by DST starting maps to the moment the clocks jumped
 * past it (same as Temporal's "compatible" disambiguation).
 */
function instantOfWallClock(wall: number, timeZone: string): number {
  const offsetBefore = offsetMs(wall - DAY_MS, timeZone);
  const offsetAfter = offsetMs(wall + DAY_MS, timeZone);
  const candidates = [wall - offsetBefore, wall - offsetAfter].filter(
    (instant) => wallClockMs(instant, timeZone) === wall,
  );
  return candidates.length > 0 ? Math.min(...candidates) : wall - offsetBefore;
}

function keyOfWallDate(wallDate: number): string {
  return new Date(wallDate).toISOString().slice(0, 10);
}

function wallDateOfKey(key: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!match) throw new RangeError(`"${key}" is not a YYYY-MM-DD date`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** The study day that starts on the local date `key` (YYYY-MM-DD). */
export function studyDayOfKey(key: string, settings: DaySettings): StudyDay {
  const wallDate = wallDateOfKey(key);
  const startHourMs = settings.dayStartHour * 3_600_000;
  return {
    start: new Date(instantOfWallClock(wallDate + startHourMs, settings.timeZone)),
    end: new Date(instantOfWallClock(wallDate + DAY_MS + startHourMs, settings.timeZone)),
    key: keyOfWallDate(wallDate),
  };
}

/** "Today" for the user: from dayStartHour local time to the same hour the next local day. */
export function studyDay(now: Date, settings: DaySettings): StudyDay {
  const wall = wallClockMs(now.getTime(), settings.timeZone);
  const wallDate = Math.floor((wall - settings.dayStartHour * 3_600_000) / DAY_MS) * DAY_MS;
  return studyDayOfKey(keyOfWallDate(wallDate), settings);
}

/** The key `days` study days after (or before, if negative) `key`. */
export function addDays(key: string, days: number): string {
  return keyOfWallDate(wallDateOfKey(key) + days * DAY_MS);
}

/** Whole days from study day `from` to study day `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((wallDateOfKey(to) - wallDateOfKey(from)) / DAY_MS);
}

/**
 * studyDay(...).key for many instants (stats and the optimizer read up to millions of logs): each
 * study day is computed once and looked up by the UTC days it overlaps.
 */
export function studyDayKeyer(settings: DaySettings): (instant: Date) => string {
  const daysByUtcDay = new Map<number, StudyDay[]>();
  return (instant) => {
    const t = instant.getTime();
    const candidates = daysByUtcDay.get(Math.floor(t / DAY_MS));
    const known = candidates?.find((day) => day.start.getTime() <= t && t < day.end.getTime());
    if (known) return known.key;
    const day = studyDay(instant, settings);
    const last = Math.floor((day.end.getTime() - 1) / DAY_MS);
    for (let utcDay = Math.floor(day.start.getTime() / DAY_MS); utcDay <= last; utcDay++) {
      daysByUtcDay.set(utcDay, [...(daysByUtcDay.get(utcDay) ?? []), day]);
    }
    return day.key;
  };
}
