"use client";

import { Copy, Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { MAX_RANGES_PER_DAY, WEEKDAYS, type TimeRange, type Weekday } from "@/lib/inboxes/business-hours.schema";

export type Week = Record<Weekday, TimeRange[]>;

const DAY_LABELS: Record<Weekday, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };
const WORKDAYS: Weekday[] = ["tue", "wed", "thu", "fri"];

/** A range to add after the day's last one: an hour later, or the usual 09:00–17:00 on an empty day. */
function nextRange(ranges: TimeRange[]): TimeRange {
  const last = ranges.at(-1);
  if (!last) return { from: "09:00", to: "17:00" };
  const [h] = last.to.split(":").map(Number);
  const from = Math.min(h! + 1, 23);
  return { from: `${String(from).padStart(2, "0")}:00`, to: from + 2 >= 24 ? "24:00" : `${String(from + 2).padStart(2, "0")}:00` };
}

type Props = {
  week: Week;
  onChange: (week: Week) => void;
  /** The API's field errors, by path under `businessHours.schedule` ("mon.1.to", "tue"). */
  error: (path: string) => string | undefined;
};

/** The weekly schedule: several ranges a day, each removable; an empty day is closed. */
export function WeekGrid({ week, onChange, error }: Props) {
  const setDay = (day: Weekday, ranges: TimeRange[]) => onChange({ ...week, [day]: ranges });
  const setTime = (day: Weekday, i: number, key: keyof TimeRange, v: string) => setDay(day, week[day].map((r, j) => (j === i ? { ...r, [key]: v } : r)));

  return (
    <div className="flex flex-col">
      <div className="flex items-center justify-between pb-1.5">
        <span className="text-sm font-medium text-fg">Weekly hours</span>
        <Button
          type="button"
          variant="ghost"
          size="sm"
          disabled={week.mon.length === 0}
          onClick={() => onChange({ ...week, ...Object.fromEntries(WORKDAYS.map((d) => [d, week.mon.map((r) => ({ ...r }))])) })}
        >
          <Copy aria-hidden /> Copy Monday to weekdays
        </Button>
      </div>
      <ul className="divide-y divide-border rounded-md border border-border">
        {WEEKDAYS.map((day) => {
          const ranges = week[day];
          const dayError = error(day);
          const rangeErrors = ranges.flatMap((_, i) => [error(`${day}.${i}.from`), error(`${day}.${i}.to`), error(`${day}.${i}`)]).filter(Boolean);
          return (
            <li key={day} className="flex items-start gap-3 px-3 py-1.5" data-testid={`day-${day}`}>
              <span className="w-24 shrink-0 pt-1 text-sm text-fg">{DAY_LABELS[day]}</span>
              <div className="flex min-w-0 flex-1 flex-wrap items-center gap-x-4 gap-y-1.5">
                {ranges.length === 0 && <span className="py-1 text-sm text-fg-subtle">Closed</span>}
                {ranges.map((r, i) => (
                  <div key={i} className="flex items-center gap-1">
                    <TimeInput label={`${DAY_LABELS[day]} range ${i + 1} opens`} value={r.from} invalid={!!error(`${day}.${i}.from`)} onChange={(v) => setTime(day, i, "from", v)} />
                    <span aria-hidden className="text-fg-subtle">–</span>
                    <TimeInput label={`${DAY_LABELS[day]} range ${i + 1} closes`} value={r.to} invalid={!!error(`${day}.${i}.to`)} onChange={(v) => setTime(day, i, "to", v)} />
                    <Button type="button" variant="ghost" size="icon-sm" aria-label={`Remove ${DAY_LABELS[day]} ${r.from}–${r.to}`} onClick={() => setDay(day, ranges.filter((_, j) => j !== i))}>
                      <X aria-hidden />
                    </Button>
                  </div>
                ))}
                {(dayError || rangeErrors.length > 0) && (
                  <p className="basis-full text-sm text-danger-text" role="alert">
                    {[dayError, ...rangeErrors].filter(Boolean).join(" · ")}
                  </p>
                )}
              </div>
              <Button
                type="button"
                variant="ghost"
                size="sm"
                className={cn(ranges.length >= MAX_RANGES_PER_DAY && "invisible")}
                aria-label={`Add hours on ${DAY_LABELS[day]}`}
                onClick={() => setDay(day, [...ranges, nextRange(ranges)])}
              >
                <Plus aria-hidden /> {ranges.length ? "Add range" : "Add hours"}
              </Button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function TimeInput({ label, value, invalid, onChange }: { label: string; value: string; invalid: boolean; onChange: (v: string) => void }) {
  // A text field, not <input type="time">: that shows 12-hour clocks in some locales and cannot say 24:00.
  return (
    <Input
      aria-label={label}
      aria-invalid={invalid || undefined}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      inputMode="numeric"
      maxLength={5}
      placeholder="09:00"
      className="h-7 w-16 text-center text-sm tabular-nums"
    />
  );
}
