"use client";

import { useMemo, useState } from "react";
import { CalendarOff, Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CardFormFooter } from "@/components/ui/card-form-footer";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import { OpenStateLine } from "@/components/inboxes/open-state";
import { businessHoursSchema, WEEKDAYS, type BusinessHours } from "@/lib/inboxes/business-hours.schema";
import { useAction } from "../../../_components/use-action";
import { updateInboxAction } from "../../actions";
import { TimezonePicker } from "./timezone-picker";
import { WeekGrid, type Week } from "./week-grid";

const PREFIX = "businessHours";

const weekOf = (hours: BusinessHours | null): Week =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, hours ? [...(hours.schedule[d] ?? [])] : ["sat", "sun"].includes(d) ? [] : [{ from: "09:00", to: "17:00" }]])) as Week;

const browserZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
};

const holidayLabel = (date: string) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

type Props = { inboxId: string; hours: BusinessHours | null };

/** When the team answers: off means always open; on, a time zone, a week of ranges and holidays. */
export function BusinessHoursCard({ inboxId, hours }: Props) {
  const { toast } = useToast();
  const { pending, error, fieldErrors, fieldError, submit } = useAction(updateInboxAction);
  const [enabled, setEnabled] = useState(hours !== null);
  const [timezone, setTimezone] = useState(hours?.timezone ?? "");
  const [week, setWeek] = useState<Week>(() => weekOf(hours));
  const [holidays, setHolidays] = useState<string[]>(hours?.holidays ?? []);
  const [newHoliday, setNewHoliday] = useState("");

  const zone = timezone || (enabled ? browserZone() : "");
  const draft = useMemo(() => {
    const parsed = businessHoursSchema.safeParse({ timezone: zone, schedule: week, holidays });
    return parsed.success ? parsed.data : null;
  }, [zone, week, holidays]);

  const under = (path: string) => fieldError(`${PREFIX}.${path}`);
  const otherErrors = Object.entries(fieldErrors ?? {})
    .filter(([k]) => k === PREFIX || (!k.startsWith(`${PREFIX}.schedule.`) && !k.startsWith(`${PREFIX}.timezone`) && !k.startsWith(`${PREFIX}.holidays`)))
    .map(([, v]) => v[0]);

  function addHoliday() {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(newHoliday)) return;
    setHolidays((h) => [...new Set([...h, newHoliday])].sort());
    setNewHoliday("");
  }

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const businessHours = enabled ? { timezone: zone, schedule: Object.fromEntries(WEEKDAYS.filter((d) => week[d].length).map((d) => [d, week[d]])), holidays } : null;
    submit({ id: inboxId, businessHours }, () => {
      if (enabled) setTimezone(zone);
      toast({ variant: "success", title: enabled ? "Business hours saved" : "The inbox is now always open" });
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} aria-labelledby="business-hours-title">
      <Card>
        <CardHeader
          title={<span id="business-hours-title">Business hours</span>}
          description="When your team answers here. Outside these hours the inbox is closed: the out-of-office reply can go out, and the website widget says when you are back."
          actions={
            <label className="flex items-center gap-2 text-sm text-fg-muted">
              <Switch checked={enabled} onCheckedChange={setEnabled} aria-label="Set business hours" />
              {enabled ? "Set hours" : "Always open"}
            </label>
          }
        />
        {enabled ? (
          <CardBody className="flex flex-col gap-5 pb-5">
            <div className="grid gap-4 sm:grid-cols-[minmax(0,22rem)_1fr] sm:items-end">
              <Field label="Time zone" error={under("timezone")} help="Hours and holidays are read on this clock, daylight saving included.">
                <TimezonePicker value={zone} onChange={setTimezone} />
              </Field>
              <div className="pb-6 sm:justify-self-end">{draft && <OpenStateLine hours={draft} />}</div>
            </div>
            <WeekGrid week={week} onChange={setWeek} error={(p) => under(`schedule.${p}`)} />
            <p className="-mt-3 text-sm text-fg-muted">
              Up to four ranges a day; use 24:00 for midnight. For overnight hours, end the day at 24:00 and start the next at 00:00.
            </p>
            <div className="flex flex-col gap-2">
              <span className="text-sm font-medium text-fg" id="holidays-label">
                Holidays
              </span>
              {holidays.length === 0 ? (
                <p className="text-sm text-fg-subtle">No holidays. On a holiday the inbox stays closed all day.</p>
              ) : (
                <ul aria-labelledby="holidays-label" className="flex flex-wrap gap-1.5">
                  {holidays.map((d, i) => (
                    <li
                      key={d}
                      className={
                        "inline-flex h-7 items-center gap-1.5 rounded-md border pr-1 pl-2 text-sm tabular-nums " +
                        (under(`holidays.${i}`) ? "border-danger text-danger-text" : "border-border bg-canvas text-fg")
                      }
                    >
                      <CalendarOff aria-hidden className="size-3.5 text-fg-subtle" />
                      {holidayLabel(d)}
                      <Button type="button" variant="ghost" size="icon-sm" className="size-5" aria-label={`Remove holiday ${holidayLabel(d)}`} onClick={() => setHolidays(holidays.filter((x) => x !== d))}>
                        <X aria-hidden />
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
              <div className="flex items-center gap-2">
                <Input
                  type="date"
                  aria-label="Holiday date"
                  value={newHoliday}
                  onChange={(e) => setNewHoliday(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      addHoliday();
                    }
                  }}
                  className="w-44"
                />
                <Button type="button" variant="secondary" onClick={addHoliday} disabled={!newHoliday}>
                  <Plus aria-hidden /> Add holiday
                </Button>
              </div>
              {holidays.map((_, i) => under(`holidays.${i}`)).filter(Boolean).map((m, i) => (
                <p key={i} className="text-sm text-danger-text">
                  {m}
                </p>
              ))}
            </div>
            {otherErrors.map((m, i) => (
              <FormAlert key={i}>{m}</FormAlert>
            ))}
            {error && !fieldErrors && <FormAlert>{error}</FormAlert>}
          </CardBody>
        ) : (
          <CardBody className="pb-4">
            <p className="text-sm text-fg-muted">The inbox is always open. Switch on business hours to set a schedule, holidays and an out-of-office reply.</p>
            {otherErrors.map((m, i) => (
              <FormAlert key={i} className="mt-3">
                {m}
              </FormAlert>
            ))}
            {error && !fieldErrors && <FormAlert className="mt-3">{error}</FormAlert>}
          </CardBody>
        )}
        <CardFormFooter pending={pending}>Save business hours</CardFormFooter>
      </Card>
    </form>
  );
}
