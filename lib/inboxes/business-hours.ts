import { businessHoursSchema, minutesOf, WEEKDAYS, type BusinessHours, type Weekday } from "./business-hours.schema";

/*
 * The clock of an inbox's business hours, in the inbox's time zone. Pure (callers pass `at`), so
 * daylight-saving changes and holidays are tested with fixed clocks. Hours are wall-clock times:
 * on the night clocks go forward a range inside the skipped hour opens when the clock jumps; on
 * the night they go back a range inside the repeated hour is open both times.
 */

/**
 * Stored hours were validated on save; read them defensively anyway, so a hand-edited row (an
 * unknown zone after a tzdata change) reads as "always open" instead of failing every request.
 */
export function readBusinessHours(raw: unknown): BusinessHours | null {
  if (!raw) return null;
  const res = businessHoursSchema.safeParse(raw);
  return res.success ? res.data : null;
}

type Local = { date: string; weekday: Weekday; seconds: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at `at`: local date, weekday and seconds since local midnight. */
export function localTime(timeZone: string, at: Date): Local {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: parts.weekday!.slice(0, 3).toLowerCase() as Weekday,
    seconds: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
  };
}

function rangesOn(hours: BusinessHours, local: Local) {
  if (hours.holidays.includes(local.date)) return [];
  return (hours.schedule[local.weekday] ?? []).map((r) => ({ from: minutesOf(r.from) * 60, to: minutesOf(r.to) * 60 }));
}

const hasAnyHours = (hours: BusinessHours) => WEEKDAYS.some((d) => (hours.schedule[d]?.length ?? 0) > 0);

/** Whether the inbox is open at `at`. No business hours (null) means always open. */
export function isOpen(hours: BusinessHours | null, at: Date): boolean {
  if (!hours) return true;
  const local = localTime(hours.timezone, at);
  return rangesOn(hours, local).some((r) => local.seconds >= r.from && local.seconds < r.to);
}

/** UTC offset (local minus UTC, ms) in `timeZone` at `t`, to the second. */
function offsetAt(timeZone: string, t: number): number {
  const l = localTime(timeZone, new Date(t));
  const [y, m, d] = l.date.split("-").map(Number);
  const wall = Date.UTC(y!, m! - 1, d!) + l.seconds * 1000;
  return wall - Math.floor(t / 1000) * 1000;
}

/** The first instant after `from` and at most `to` where the offset differs from the one at `from` (a DST change). */
function transitionBetween(timeZone: string, from: number, to: number): number | null {
  const before = offsetAt(timeZone, from);
  if (offsetAt(timeZone, to) === before) return null;
  let lo = from;
  let hi = to;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(timeZone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

// Far enough for the longest run of holidays there can be (MAX_HOLIDAYS) plus a week.
const OPENING_HORIZON_DAYS = 400;
// "Open now · until …" only matters within the next days; a 24/7 schedule is not walked for a year.
const CLOSING_HORIZON_DAYS = 14;

/**
 * Walks the timeline from `at` in spans where the local date and the UTC offset stay the same, so
 * wall-clock minutes map to instants by a fixed shift, and returns the first instant where the
 * inbox's state is `wanted`. Null when that never happens within the horizon.
 */
function nextState(hours: BusinessHours, at: Date, wanted: boolean, horizonDays: number): Date | null {
  if (isOpen(hours, at) === wanted) return at;
  // Whole seconds from here on: the clock's resolution, so boundaries land exactly on them.
  let s = Math.ceil(at.getTime() / 1000) * 1000;
  const end = at.getTime() + horizonDays * 86_400_000;
  while (s < end) {
    if (isOpen(hours, new Date(s)) === wanted) return new Date(s);
    const local = localTime(hours.timezone, new Date(s));
    // Assuming the offset holds, local midnight is this far away; a DST change before it ends the span early.
    const midnight = s + (86_400 - local.seconds) * 1000;
    const spanEnd = transitionBetween(hours.timezone, s, midnight) ?? midnight;
    const ranges = rangesOn(hours, local);
    // Within the span the wall clock runs with real time: the next boundary is a shift away.
    const boundary = wanted
      ? ranges.find((r) => r.from > local.seconds)?.from
      : ranges.find((r) => local.seconds >= r.from && local.seconds < r.to)?.to;
    if (boundary !== undefined) {
      const t = s + (boundary - local.seconds) * 1000;
      if (t < spanEnd) {
        s = t;
        continue;
      }
    }
    s = spanEnd;
  }
  return null;
}

/** The first instant at or after `at` when the inbox is open (`at` itself when open now); null if it never opens. */
export function nextOpening(hours: BusinessHours | null, at: Date): Date | null {
  if (!hours) return at;
  if (!hasAnyHours(hours)) return null;
  return nextState(hours, at, true, OPENING_HORIZON_DAYS);
}

/** The first instant at or after `at` when the inbox is closed; null if it does not close within two weeks (or has no hours). */
export function nextClosing(hours: BusinessHours | null, at: Date): Date | null {
  if (!hours) return null;
  return nextState(hours, at, false, CLOSING_HORIZON_DAYS);
}

const DAY_NAMES: Record<Weekday, string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "09:00", "Mon 09:00" or "2 Jan 09:00": the instant `t` as the inbox's clock shows it, seen from `now`. */
export function wallClockLabel(timeZone: string, t: Date, now: Date): string {
  const l = localTime(timeZone, t);
  const hhmm = `${String(Math.floor(l.seconds / 3600)).padStart(2, "0")}:${String(Math.floor((l.seconds % 3600) / 60)).padStart(2, "0")}`;
  if (l.date === localTime(timeZone, now).date) return hhmm;
  // Within the coming week the weekday is unambiguous; further away (a long holiday) the date is.
  if (t.getTime() - now.getTime() < 6 * 86_400_000) return `${DAY_NAMES[l.weekday]} ${hhmm}`;
  const [, m, d] = l.date.split("-").map(Number);
  return `${d} ${MONTHS[m! - 1]} ${hhmm}`;
}

export type OpenState = { open: boolean; label: string };

/**
 * "Open now · until 17:00" / "Closed now · opens Mon 09:00", in the inbox's time zone; null for an
 * inbox without business hours (always open: nothing worth saying).
 */
export function openState(hours: BusinessHours | null, at: Date): OpenState | null {
  if (!hours) return null;
  if (isOpen(hours, at)) {
    const until = nextClosing(hours, at);
    return { open: true, label: until ? `Open now · until ${wallClockLabel(hours.timezone, until, at)}` : "Open now" };
  }
  const opens = nextOpening(hours, at);
  return { open: false, label: opens ? `Closed now · opens ${wallClockLabel(hours.timezone, opens, at)}` : "Closed now" };
}
