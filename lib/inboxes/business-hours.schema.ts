import { z } from "zod";

/*
 * An inbox's opening hours. Shared by the REST API, the settings form and the pure clock in
 * business-hours.ts, so no server code here.
 */

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const MAX_RANGES_PER_DAY = 4;
export const MAX_HOLIDAYS = 366;

/** "HH:MM" → minutes after midnight; "24:00" is the end of the day. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
}

/** Whether the runtime's time zone database knows `name` (IANA names; "UTC" too). */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const clock = (what: string) => z.string(`Give the ${what} time as HH:MM`).regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, `Give the ${what} time as HH:MM, e.g. 09:00`);

export const timeRangeSchema = z
  .strictObject({ from: clock("opening").refine((v) => v !== "24:00", "A day's hours start at 23:59 at the latest"), to: clock("closing") })
  .superRefine((r, ctx) => {
    // Overnight hours would make one range belong to two days (and two holidays); they are split instead.
    if (/^\d\d:\d\d$/.test(r.from) && /^\d\d:\d\d$/.test(r.to) && minutesOf(r.to) <= minutesOf(r.from)) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `Must be after ${r.from}: for overnight hours, end this day at 24:00 and start the next at 00:00` });
    }
  });
export type TimeRange = z.infer<typeof timeRangeSchema>;

const dayRanges = z
  .array(timeRangeSchema)
  .max(MAX_RANGES_PER_DAY, `At most ${MAX_RANGES_PER_DAY} ranges a day`)
  .superRefine((ranges, ctx) => {
    for (let i = 0; i < ranges.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = ranges[i]!;
        const b = ranges[j]!;
        if (minutesOf(a.from) < minutesOf(b.to) && minutesOf(b.from) < minutesOf(a.to)) {
          ctx.addIssue({ code: "custom", path: [i, "from"], message: `Overlaps ${b.from}–${b.to}` });
          break;
        }
      }
    }
  })
  // Stored in order, so the week grid and the clock read them as a day runs.
  .transform((ranges) => [...ranges].sort((a, b) => minutesOf(a.from) - minutesOf(b.from)));

const validDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

export const holidaySchema = z
  .string("Give holidays as YYYY-MM-DD")
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Give holidays as YYYY-MM-DD")
  .refine(validDate, "Not a date in the calendar");

export const businessHoursSchema = z.strictObject({
  timezone: z.string("Choose a time zone").trim().refine(isTimeZone, "Not a time zone: use an IANA name such as Europe/Berlin"),
  schedule: z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, dayRanges.optional()])) as Record<Weekday, z.ZodOptional<typeof dayRanges>>, "Give the weekly schedule"),
  holidays: z
    .array(holidaySchema)
    .max(MAX_HOLIDAYS, `At most ${MAX_HOLIDAYS} holidays`)
    .default([])
    .transform((days) => [...new Set(days)].sort()),
});

/** Null: always open. */
export type BusinessHours = z.output<typeof businessHoursSchema>;
export type BusinessHoursInput = z.input<typeof businessHoursSchema>;
