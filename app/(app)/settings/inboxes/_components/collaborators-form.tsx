"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardBody, CardFooter } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { MultiSelect, type MultiSelectOption } from "@/components/ui/multi-select";
import { useToast } from "@/components/ui/toast";
import { FormAlert } from "@/components/ui/form-alert";
import { PRESENCE_NAMES, PresenceMark } from "@/components/presence/presence-avatar";
import type { PresenceValue } from "@/components/shell/presence-dot";
import { usePresence } from "@/components/shell/use-presence";
import type { MultiSelectStatus } from "@/components/ui/multi-select";
import { useAction } from "../../_components/use-action";
import { setInboxCollaboratorsAction } from "../actions";

type Props = {
  inboxId: string;
  agentOptions: MultiSelectOption[];
  teamOptions: MultiSelectOption[];
  agentIds: string[];
  teamIds: string[];
  /** The agents' presence as the server rendered it; the dots follow it live from there. */
  presence: Record<string, PresenceValue>;
  /** "setup" is step 2 of Add inbox: continue to the finish page instead of staying. */
  mode: "settings" | "setup";
};

export function CollaboratorsForm({ inboxId, agentOptions, teamOptions, agentIds: initialAgents, teamIds: initialTeams, presence, mode }: Props) {
  const router = useRouter();
  const presenceOf = usePresence(presence);
  const agentStatus = (id: string): MultiSelectStatus | undefined => {
    const p = presenceOf(id);
    return p && { mark: <PresenceMark presence={p} small />, label: PRESENCE_NAMES[p].toLowerCase() };
  };
  const { toast } = useToast();
  const [agentIds, setAgentIds] = useState(initialAgents);
  const [teamIds, setTeamIds] = useState(initialTeams);
  const { pending, error, fieldError, submit } = useAction(setInboxCollaboratorsAction);
  const finishUrl = `/settings/inboxes/${inboxId}/finish`;
  const dirty = mode === "setup" || !sameSet(agentIds, initialAgents) || !sameSet(teamIds, initialTeams);

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    submit({ id: inboxId, agentIds, teamIds }, () => {
      if (mode === "setup") router.push(finishUrl);
      else toast({ variant: "success", title: "Collaborators saved", description: "Changes apply to their very next request." });
    });
  }

  return (
    <form onSubmit={onSubmit} aria-busy={pending}>
      <Card>
        <CardBody className="flex flex-col gap-5 py-5">
          <CollaboratorPicker
            label="Agents"
            error={fieldError("agentIds")}
            help="These people see this inbox's conversations and can reply to them."
            options={agentOptions}
            value={agentIds}
            onChange={setAgentIds}
            placeholder="Search agents by name or email…"
            status={agentStatus}
            emptyText={agentOptions.length ? "No agent matches" : "No agents yet — add them under Settings → Agents"}
          />
          <CollaboratorPicker
            label="Teams"
            error={fieldError("teamIds")}
            help="Every member of these teams gets access too, including people who join the team later."
            options={teamOptions}
            value={teamIds}
            onChange={setTeamIds}
            placeholder="Search teams…"
            emptyText={teamOptions.length ? "No team matches" : "No teams yet — create them under Settings → Teams"}
          />
          {error && <FormAlert>{error}</FormAlert>}
        </CardBody>
        <CardFooter className="justify-between">
          <p className="text-sm text-fg-muted tabular-nums">
            {agentIds.length} {agentIds.length === 1 ? "agent" : "agents"} · {teamIds.length} {teamIds.length === 1 ? "team" : "teams"} selected
          </p>
          <div className="flex items-center gap-2">
            {mode === "setup" && (
              <Link href={finishUrl} className={buttonVariants({ variant: "ghost" })}>
                Skip for now
              </Link>
            )}
            <Button type="submit" variant="primary" loading={pending} disabled={!dirty}>
              {mode === "setup" ? "Save and continue" : "Save"}
            </Button>
          </div>
        </CardFooter>
      </Card>
    </form>
  );
}

/** One labelled multi-select of the form (agents or teams): both are picked the same way. */
function CollaboratorPicker(p: {
  label: string;
  error?: string;
  help: string;
  options: MultiSelectOption[];
  value: string[];
  onChange: (ids: string[]) => void;
  placeholder: string;
  emptyText: string;
  status?: (id: string) => MultiSelectStatus | undefined;
}) {
  return (
    <Field label={p.label} error={p.error} help={p.help}>
      <MultiSelect options={p.options} value={p.value} onChange={p.onChange} placeholder={p.placeholder} emptyText={p.emptyText} status={p.status} />
    </Field>
  );
}

function sameSet(a: string[], b: string[]) {
  return a.length === b.length && a.every((x) => b.includes(x));
}
