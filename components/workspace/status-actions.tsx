"use client";

import { AlarmClock, Check, ChevronDown, CircleDashed, RotateCcw } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Tooltip } from "@/components/ui/tooltip";
import type { ConversationPatch } from "./api";
import { formatFull } from "./time";
import type { ConversationDetail } from "./types";

/** Snooze presets, computed when the menu opens so "tomorrow" is always right. */
function snoozePresets(now = new Date()) {
  const inHour = new Date(now.getTime() + 60 * 60_000);
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const nextWeek = new Date(now);
  // Next Monday, 9:00 (a full week ahead when today is Monday).
  nextWeek.setDate(now.getDate() + (((8 - now.getDay()) % 7) || 7));
  nextWeek.setHours(9, 0, 0, 0);
  return [
    { label: "1 hour", at: inHour },
    { label: "Tomorrow", at: tomorrow },
    { label: "Next week", at: nextWeek },
  ];
}

const short = new Intl.DateTimeFormat(undefined, { weekday: "short", hour: "numeric", minute: "2-digit" });

/** `YYYY-MM-DDTHH:mm` in local time, as <input type="datetime-local"> wants it. */
function toLocalInput(d: Date) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

type Props = {
  conversation: ConversationDetail;
  disabled: boolean;
  onChange: (patch: ConversationPatch) => void;
};

export function StatusActions({ conversation: c, disabled, onChange }: Props) {
  const [customOpen, setCustomOpen] = useState(false);
  const [presets, setPresets] = useState(() => snoozePresets());
  const resolved = c.status === "resolved";

  return (
    <div className="flex items-center">
      {resolved ? (
        <Button size="sm" onClick={() => onChange({ status: "open" })} disabled={disabled} className="rounded-r-none">
          <RotateCcw aria-hidden />
          Reopen
        </Button>
      ) : (
        <Tooltip content="Resolve" shortcut="E">
          <Button
            size="sm"
            variant="secondary"
            onClick={() => onChange({ status: "resolved" })}
            disabled={disabled}
            className="rounded-r-none"
          >
            <Check aria-hidden className="text-success-text" />
            Resolve
          </Button>
        </Tooltip>
      )}
      <DropdownMenu onOpenChange={(open) => open && setPresets(snoozePresets())}>
        <DropdownMenuTrigger asChild>
          <Button size="sm" variant="secondary" aria-label="More status actions" disabled={disabled} className="-ml-px rounded-l-none px-1.5">
            <ChevronDown aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="min-w-56">
          {c.status !== "open" && (
            <DropdownMenuItem icon={<RotateCcw />} onSelect={() => onChange({ status: "open" })}>
              Reopen
            </DropdownMenuItem>
          )}
          {c.status !== "pending" && (
            <DropdownMenuItem icon={<CircleDashed />} onSelect={() => onChange({ status: "pending" })}>
              Mark as pending
            </DropdownMenuItem>
          )}
          {!resolved && c.status !== "open" && (
            <DropdownMenuItem icon={<Check />} onSelect={() => onChange({ status: "resolved" })} shortcut="E">
              Resolve
            </DropdownMenuItem>
          )}
          <DropdownMenuSeparator />
          <DropdownMenuLabel>Snooze until…</DropdownMenuLabel>
          {presets.map((p) => (
            <DropdownMenuItem
              key={p.label}
              icon={<AlarmClock />}
              onSelect={() => onChange({ status: "snoozed", snoozedUntil: p.at.toISOString() })}
            >
              <span className="flex items-center justify-between gap-3">
                {p.label}
                <span className="text-xs text-fg-subtle tabular-nums">{short.format(p.at)}</span>
              </span>
            </DropdownMenuItem>
          ))}
          <DropdownMenuItem icon={<AlarmClock />} onSelect={() => setCustomOpen(true)}>
            Custom date and time…
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <CustomSnoozeDialog
        open={customOpen}
        onOpenChange={setCustomOpen}
        onSnooze={(at) => onChange({ status: "snoozed", snoozedUntil: at.toISOString() })}
      />
    </div>
  );
}

function CustomSnoozeDialog({
  open,
  onOpenChange,
  onSnooze,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSnooze: (at: Date) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent size="sm" title="Snooze until…" description="The conversation reopens by itself at this time.">
        <CustomSnoozeForm
          onCancel={() => onOpenChange(false)}
          onSnooze={(at) => {
            onSnooze(at);
            onOpenChange(false);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

/** Mounted each time the dialog opens, so it starts at tomorrow 9:00. */
function CustomSnoozeForm({ onCancel, onSnooze }: { onCancel: () => void; onSnooze: (at: Date) => void }) {
  const [value, setValue] = useState(() => toLocalInput(snoozePresets()[1]!.at));
  const [min] = useState(() => toLocalInput(new Date()));
  // "Now" as of the last edit (rendering must not read the clock); submitting checks the clock again.
  const [now, setNow] = useState(() => Date.now());
  const at = value ? new Date(value) : null;
  const valid = at !== null && !Number.isNaN(at.getTime()) && at.getTime() > now;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // eslint-disable-next-line react-hooks/purity -- false positive: this runs on submit, never while rendering
    const current = Date.now();
    if (valid && at.getTime() > current) onSnooze(at);
    else setNow(current);
  };
  const edit = (next: string) => {
    setValue(next);
    setNow(Date.now());
  };

  return (
    <form onSubmit={submit}>
      <label htmlFor="snooze-at" className="mb-1.5 block text-sm font-medium">
        Date and time
      </label>
      <Input
        id="snooze-at"
        type="datetime-local"
        value={value}
        min={min}
        onChange={(e) => edit(e.target.value)}
        aria-invalid={value !== "" && !valid}
        required
      />
      <p className={cn("mt-1.5 text-sm", value && !valid ? "text-danger-text" : "text-fg-muted")}>
        {value && !valid ? "Choose a time in the future." : at && valid ? `Reopens ${formatFull(at)}` : "\u00a0"}
      </p>
      <DialogFooter>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={!valid}>
          Snooze
        </Button>
      </DialogFooter>
    </form>
  );
}
