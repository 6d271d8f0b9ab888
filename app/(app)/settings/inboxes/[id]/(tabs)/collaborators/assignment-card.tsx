"use client";

import { useId, useState } from "react";
import { usePresence } from "@/components/shell/use-presence";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CardFormFooter } from "@/components/ui/card-form-footer";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { Input } from "@/components/ui/input";
import { RadioCards } from "@/components/ui/radio-cards";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import { PRESENCE_NAMES, PresenceAvatar, PresenceText } from "@/components/presence/presence-avatar";
import { capacityFromText, type AutoAssignment } from "@/lib/assignment/settings.schema";
import { useAction } from "../../../../_components/use-action";
import type { PoolMember } from "../../../_components/load-inbox";
import { updateInboxAction } from "../../../actions";

type Mode = AutoAssignment["mode"];

const MODES: { value: Mode; label: string; description: string }[] = [
  { value: "balanced", label: "Balanced", description: "To whoever has the fewest open conversations" },
  { value: "round_robin", label: "Round robin", description: "In turn: to whoever was assigned least recently" },
];
const PREFIX = "autoAssignment";

type Props = { inboxId: string; settings: AutoAssignment; pool: PoolMember[] };

/** Whether and how this inbox hands out its conversations, and who is there to take them right now. */
export function AssignmentCard({ inboxId, settings, pool }: Props) {
  const id = useId();
  const { toast } = useToast();
  const { pending, error, fieldErrors, fieldError, submit } = useAction(updateInboxAction);
  const [enabled, setEnabled] = useState(settings.enabled);
  const [mode, setMode] = useState<Mode>(settings.mode);
  const [cap, setCap] = useState(settings.capacity === null ? "" : String(settings.capacity));
  // Errors of fields the card does not show (or that name no field) go in the alert below.
  const shown = enabled ? [`${PREFIX}.mode`, `${PREFIX}.capacity`] : [];
  const otherErrors = Object.entries(fieldErrors ?? {}).filter(([k]) => !shown.includes(k)).map(([, v]) => v[0]);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const autoAssignment = { enabled, mode, capacity: capacityFromText(cap) };
    submit({ id: inboxId, autoAssignment }, () => {
      const how = MODES.find((m) => m.value === mode)!.label;
      toast(
        enabled
          ? {
              variant: "success",
              title: "Auto-assignment on",
              description: `${how}${autoAssignment.capacity === null ? "" : `, at most ${autoAssignment.capacity} open each in this inbox`}.`,
            }
          : { variant: "success", title: "Auto-assignment off", description: "New conversations wait unassigned until someone takes them." },
      );
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} aria-labelledby={`${id}-title`} data-testid="assignment-card">
      <Card>
        <CardHeader
          title={<span id={`${id}-title`}>Assignment</span>}
          description="Hand this inbox's unassigned open conversations to its agents as they come in — the most urgent and longest waiting first — so nobody has to pick them up."
        />
        <CardBody className="flex flex-col gap-5 pb-5">
          <div className="flex items-start gap-3">
            <Switch id={`${id}-switch`} checked={enabled} onCheckedChange={setEnabled} className="mt-0.5" aria-describedby={`${id}-switch-help`} />
            <div className="flex flex-col gap-0.5">
              <label htmlFor={`${id}-switch`} className="cursor-pointer text-base font-medium text-fg">
                Assign conversations automatically
              </label>
              <p id={`${id}-switch-help`} className="text-sm text-fg-muted">
                {enabled ? "On: each conversation goes to one eligible agent." : "Off: conversations wait unassigned until someone takes them."}
              </p>
            </div>
          </div>
          {enabled && (
            <div className="flex flex-col gap-5 border-l-2 border-border pl-4 sm:ml-4.5">
              <RadioCards legend="Who gets the next one" name={`${id}-mode`} value={mode} onChange={setMode} options={MODES} error={fieldError(`${PREFIX}.mode`)} />
              <Field
                label="Cap per agent in this inbox"
                error={fieldError(`${PREFIX}.capacity`)}
                help="Empty: no cap here. Each agent's own capacity (Settings → Agents) applies as well, counted across all inboxes."
              >
                <CapInput value={cap} onChange={setCap} />
              </Field>
            </div>
          )}
          <Pool pool={pool} />
          {otherErrors.map((m, i) => (
            <FormAlert key={i}>{m}</FormAlert>
          ))}
          {error && !fieldErrors && <FormAlert>{error}</FormAlert>}
        </CardBody>
        <CardFormFooter pending={pending}>Save assignment</CardFormFooter>
      </Card>
    </form>
  );
}

/** "At most [ N ] open conversations in this inbox each": the number reads as part of the sentence. */
type CapInputProps = { value: string; onChange: (v: string) => void; id?: string; required?: boolean; "aria-describedby"?: string; "aria-invalid"?: boolean | "true" | "false" };

function CapInput({ value, onChange, ...control }: CapInputProps) {
  return (
    <span className="flex items-center gap-2 text-sm text-fg-muted">
      At most
      <Input
        {...control}
        inputMode="numeric"
        autoComplete="off"
        placeholder="—"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="w-20 text-center tabular-nums"
      />
      open conversations in this inbox each
    </span>
  );
}

/** The inbox's agents with their presence, live, and the rule that decides who is eligible. */
function Pool({ pool }: { pool: PoolMember[] }) {
  const id = useId();
  const presenceOf = usePresence(Object.fromEntries(pool.map((m) => [m.id, m.presence])));
  const online = pool.filter((m) => presenceOf(m.id) === "online").length;
  return (
    <section aria-labelledby={`${id}-pool`} className="flex flex-col gap-2">
      <div className="flex items-baseline justify-between gap-3">
        <h3 id={`${id}-pool`} className="text-sm font-medium text-fg">
          Who can get conversations
        </h3>
        {pool.length > 0 && (
          <span className="text-sm text-fg-muted tabular-nums" data-testid="pool-online">
            {online} of {pool.length} online
          </span>
        )}
      </div>
      <p className="text-sm text-fg-muted">
        Online agents of this inbox, under their capacity. Busy or away agents get nothing new and keep what they have. A conversation with a team goes only to
        that team&apos;s members.
      </p>
      {pool.length === 0 ? (
        <p className="rounded-md border border-dashed border-border-strong px-3 py-2.5 text-sm text-fg-subtle">
          Nobody works in this inbox yet. Add agents or teams above; until then conversations wait unassigned.
        </p>
      ) : (
        <ul aria-label="People in this inbox" className="divide-y divide-border rounded-md border border-border">
          {pool.map((m) => {
            const presence = presenceOf(m.id);
            const via = [m.direct ? "Direct member" : null, m.teams.length ? `via ${m.teams.join(", ")}` : null].filter(Boolean).join(" · ");
            return (
              <li key={m.id} className="flex h-10 items-center gap-2.5 px-3" data-pool-member={m.id}>
                <PresenceAvatar name={m.name} presence={presence} size="sm" />
                <span className="flex min-w-0 flex-1 items-baseline gap-2">
                  <span className="truncate text-base text-fg">
                    {m.name}
                    <PresenceText presence={presence} />
                  </span>
                  <span className="truncate text-sm text-fg-subtle">{via}</span>
                </span>
                <span className="w-24 shrink-0 text-sm text-fg-muted tabular-nums" title="Their own capacity, across all inboxes (Settings → Agents)">
                  {m.capacity === null ? "No limit" : `${m.capacity} open max`}
                </span>
                <span aria-hidden className="w-12 shrink-0 text-right text-sm text-fg-muted">
                  {presence ? PRESENCE_NAMES[presence] : ""}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
