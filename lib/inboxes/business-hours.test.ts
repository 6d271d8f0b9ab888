import { describe, expect, it } from "vitest";
import { isOpen, nextClosing, nextOpening, openState } from "./business-hours";
import { businessHoursSchema, type BusinessHours, type BusinessHoursInput } from "./business-hours.schema";

const weekdays = (from: string, to: string) => Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ from, to }]]));
const hours = (input: BusinessHoursInput): BusinessHours => businessHoursSchema.parse(input);
const at = (iso: string) => new Date(iso);

function issuesOf(input: unknown) {
  const res = businessHoursSchema.safeParse(input);
  if (res.success) return {};
  return Object.fromEntries(res.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("business hours validation", () => {
  it("accepts IANA zones and refuses names the time zone database does not know", () => {
    expect(issuesOf({ timezone: "Europe/Berlin", schedule: {} })).toEqual({});
    expect(issuesOf({ timezone: "UTC", schedule: {} })).toEqual({});
    expect(Object.keys(issuesOf({ timezone: "Mars/Olympus_Mons", schedule: {} }))).toEqual(["timezone"]);
    expect(Object.keys(issuesOf({ timezone: "", schedule: {} }))).toEqual(["timezone"]);
  });

  it("names the field at fault: the closing time of an overnight range, the opening time of an overlapping one", () => {
    expect(issuesOf({ timezone: "UTC", schedule: { mon: [{ from: "22:00", to: "02:00" }] } })).toEqual({
      "schedule.mon.0.to": expect.stringContaining("overnight") as string,
    });
    expect(Object.keys(issuesOf({ timezone: "UTC", schedule: { tue: [{ from: "09:00", to: "12:00" }, { from: "11:30", to: "17:00" }] } }))).toEqual(["schedule.tue.1.from"]);
    expect(Object.keys(issuesOf({ timezone: "UTC", schedule: { wed: [{ from: "9:00", to: "17:00" }] } }))).toEqual(["schedule.wed.0.from"]);
    expect(Object.keys(issuesOf({ timezone: "UTC", schedule: { thu: [{ from: "24:00", to: "24:00" }] } }))).toContain("schedule.thu.0.from");
    expect(Object.keys(issuesOf({ timezone: "UTC", schedule: { fri: [{ from: "09:00", to: "24:01" }] } }))).toEqual(["schedule.fri.0.to"]);
  });

  it("takes up to four ranges a day, touching ones included, and stores them in order", () => {
    const four = [
      { from: "18:00", to: "20:00" },
      { from: "06:00", to: "09:00" },
      { from: "09:00", to: "12:00" },
      { from: "13:00", to: "17:00" },
    ];
    expect(hours({ timezone: "UTC", schedule: { mon: four } }).schedule.mon!.map((r) => r.from)).toEqual(["06:00", "09:00", "13:00", "18:00"]);
    expect(Object.keys(issuesOf({ timezone: "UTC", schedule: { mon: [...four, { from: "21:00", to: "22:00" }] } }))).toEqual(["schedule.mon"]);
  });

  it("refuses unknown days and fields, and dates that are not in the calendar", () => {
    expect(Object.keys(issuesOf({ timezone: "UTC", schedule: { monday: [] } }))).toEqual(["schedule"]);
    expect(Object.keys(issuesOf({ timezone: "UTC", schedule: {}, extra: 1 }))).toEqual([""]);
    expect(Object.keys(issuesOf({ timezone: "UTC", schedule: {}, holidays: ["2026-12-25", "2026-02-30", "25.12.2026"] }))).toEqual(["holidays.1", "holidays.2"]);
    expect(hours({ timezone: "UTC", schedule: {}, holidays: ["2026-12-26", "2026-12-25", "2026-12-26"] }).holidays).toEqual(["2026-12-25", "2026-12-26"]);
  });
});

describe("isOpen and nextOpening across daylight-saving changes", () => {
  const berlin = hours({ timezone: "Europe/Berlin", schedule: weekdays("09:00", "17:00") });
  const newYork = hours({ timezone: "America/New_York", schedule: weekdays("09:00", "17:00") });

  it("Berlin: opens at 09:00 local time before and after clocks go forward (2026-03-29)", () => {
    // Friday in winter time (UTC+1), Monday in summer time (UTC+2).
    expect(isOpen(berlin, at("2026-03-27T08:00:00Z"))).toBe(true);
    expect(isOpen(berlin, at("2026-03-27T07:59:59Z"))).toBe(false);
    expect(isOpen(berlin, at("2026-03-27T15:59:59Z"))).toBe(true);
    expect(isOpen(berlin, at("2026-03-27T16:00:00Z"))).toBe(false);
    expect(nextOpening(berlin, at("2026-03-27T16:30:00Z"))).toEqual(at("2026-03-30T07:00:00Z"));
    expect(isOpen(berlin, at("2026-03-30T06:59:59Z"))).toBe(false);
    expect(isOpen(berlin, at("2026-03-30T07:00:00Z"))).toBe(true);
  });

  it("Berlin: and after clocks go back (2026-10-25)", () => {
    expect(nextOpening(berlin, at("2026-10-23T15:00:00Z"))).toEqual(at("2026-10-26T08:00:00Z"));
    expect(nextClosing(berlin, at("2026-10-26T08:00:00Z"))).toEqual(at("2026-10-26T16:00:00Z"));
  });

  it("New York: across both changes (2026-03-08 and 2026-11-01)", () => {
    expect(nextOpening(newYork, at("2026-03-06T22:00:00Z"))).toEqual(at("2026-03-09T13:00:00Z")); // EDT, UTC−4
    expect(nextOpening(newYork, at("2026-10-30T21:00:00Z"))).toEqual(at("2026-11-02T14:00:00Z")); // EST, UTC−5
    expect(isOpen(newYork, at("2026-10-30T20:59:59Z"))).toBe(true);
    expect(isOpen(newYork, at("2026-10-30T21:00:00Z"))).toBe(false);
  });

  it("a range inside the hour that is skipped opens when the clock jumps", () => {
    const night = hours({ timezone: "Europe/Berlin", schedule: { sun: [{ from: "02:30", to: "04:00" }] } });
    // 2026-03-29: 01:59:59 CET is followed by 03:00:00 CEST (01:00Z).
    expect(isOpen(night, at("2026-03-29T00:59:59Z"))).toBe(false);
    expect(nextOpening(night, at("2026-03-28T23:00:00Z"))).toEqual(at("2026-03-29T01:00:00Z"));
    expect(nextClosing(night, at("2026-03-29T01:00:00Z"))).toEqual(at("2026-03-29T02:00:00Z"));
  });

  it("a range inside the hour that repeats is open both times", () => {
    const night = hours({ timezone: "America/New_York", schedule: { sun: [{ from: "01:15", to: "01:45" }] } });
    // 2026-11-01: 01:59:59 EDT (05:59:59Z) is followed by 01:00:00 EST (06:00Z).
    expect(isOpen(night, at("2026-11-01T05:20:00Z"))).toBe(true);
    expect(isOpen(night, at("2026-11-01T05:50:00Z"))).toBe(false);
    expect(nextOpening(night, at("2026-11-01T05:50:00Z"))).toEqual(at("2026-11-01T06:15:00Z"));
    expect(nextClosing(night, at("2026-11-01T06:15:00Z"))).toEqual(at("2026-11-01T06:45:00Z"));
  });
});

describe("whole days, several ranges and holidays", () => {
  it("24:00 ends the day, and a range until 24:00 runs on into one from 00:00", () => {
    const h = hours({ timezone: "UTC", schedule: { mon: [{ from: "08:00", to: "24:00" }], tue: [{ from: "00:00", to: "12:00" }] } });
    expect(isOpen(h, at("2026-03-02T23:59:59Z"))).toBe(true);
    expect(isOpen(h, at("2026-03-03T00:00:00Z"))).toBe(true);
    expect(nextClosing(h, at("2026-03-02T10:00:00Z"))).toEqual(at("2026-03-03T12:00:00Z"));
    expect(openState(h, at("2026-03-02T10:00:00Z"))).toEqual({ open: true, label: "Open now · until Tue 12:00" });
  });

  it("a lunch break between two ranges", () => {
    const h = hours({ timezone: "Europe/Berlin", schedule: { mon: [{ from: "13:00", to: "17:00" }, { from: "09:00", to: "12:00" }] } });
    const lunch = at("2026-03-02T11:30:00Z"); // 12:30 in Berlin
    expect(isOpen(h, lunch)).toBe(false);
    expect(nextOpening(h, lunch)).toEqual(at("2026-03-02T12:00:00Z"));
    expect(openState(h, lunch)).toEqual({ open: false, label: "Closed now · opens 13:00" });
    expect(openState(h, at("2026-03-02T09:00:00Z"))).toEqual({ open: true, label: "Open now · until 12:00" });
  });

  it("holidays are dates in the inbox's time zone, not in UTC", () => {
    const tokyo = hours({ timezone: "Asia/Tokyo", schedule: weekdays("09:00", "18:00"), holidays: ["2026-12-25"] });
    expect(isOpen(tokyo, at("2026-12-24T05:00:00Z"))).toBe(true); // Thu 14:00 JST
    // Still the 24th in UTC, already Christmas Day in Tokyo.
    expect(isOpen(tokyo, at("2026-12-25T00:30:00Z"))).toBe(false);
    expect(nextOpening(tokyo, at("2026-12-24T23:30:00Z"))).toEqual(at("2026-12-28T00:00:00Z"));
    expect(openState(tokyo, at("2026-12-25T01:00:00Z"))).toEqual({ open: false, label: "Closed now · opens Mon 09:00" });
  });

  it("a long run of holidays names the date it ends", () => {
    const days = Array.from({ length: 14 }, (_, i) => `2026-08-${String(i + 3).padStart(2, "0")}`);
    const h = hours({ timezone: "UTC", schedule: weekdays("09:00", "17:00"), holidays: days });
    expect(openState(h, at("2026-08-03T10:00:00Z"))).toEqual({ open: false, label: "Closed now · opens 17 Aug 09:00" });
  });

  it("no business hours: always open, nothing to say; an empty week: never opens", () => {
    expect(isOpen(null, at("2026-03-01T03:00:00Z"))).toBe(true);
    expect(nextOpening(null, at("2026-03-01T03:00:00Z"))).toEqual(at("2026-03-01T03:00:00Z"));
    expect(openState(null, at("2026-03-01T03:00:00Z"))).toBeNull();
    const never = hours({ timezone: "UTC", schedule: {} });
    expect(isOpen(never, at("2026-03-02T10:00:00Z"))).toBe(false);
    expect(nextOpening(never, at("2026-03-02T10:00:00Z"))).toBeNull();
    expect(openState(never, at("2026-03-02T10:00:00Z"))).toEqual({ open: false, label: "Closed now" });
    const always = hours({ timezone: "UTC", schedule: Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ from: "00:00", to: "24:00" }]])) });
    expect(openState(always, at("2026-03-02T10:00:00Z"))).toEqual({ open: true, label: "Open now" });
  });

  it("Friday evening in Berlin: closed, opens Monday", () => {
    const berlin = hours({ timezone: "Europe/Berlin", schedule: weekdays("09:00", "17:00") });
    expect(openState(berlin, at("2026-03-06T17:30:00Z"))).toEqual({ open: false, label: "Closed now · opens Mon 09:00" });
  });
});
