"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "@/components/ui/card";
import { MultiSelect, type MultiSelectOption } from "@/components/ui/multi-select";
import { useToast } from "@/components/ui/toast";
import { FormAlert } from "@/components/ui/form-alert";
import { useAction } from "../../_components/use-action";
import { setTeamMembersAction } from "../actions";

type Props = { teamId: string; options: MultiSelectOption[]; memberIds: string[] };

export function TeamMembersForm({ teamId, options, memberIds }: Props) {
  const { toast } = useToast();
  const [selected, setSelected] = useState(memberIds);
  const { pending, error, fieldError, submit } = useAction(setTeamMembersAction);
  const dirty = selected.length !== memberIds.length || selected.some((id) => !memberIds.includes(id));

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    submit({ id: teamId, agentIds: selected }, () =>
      toast({ variant: "success", title: "Members saved", description: "Access through this team's inboxes changes at once." }),
    );
  }

  return (
    <form onSubmit={onSubmit} aria-busy={pending}>
      <Card>
        <CardHeader title="Members" description="Members work every inbox this team is assigned to." />
        <CardBody className="flex flex-col gap-3 pb-5">
          <MultiSelect
            label="Team members"
            options={options}
            value={selected}
            onChange={setSelected}
            placeholder="Search agents by name or email…"
            emptyText={options.length ? "No agent matches" : "No agents yet — add them under Settings → Agents"}
            aria-invalid={Boolean(fieldError("agentIds"))}
          />
          {fieldError("agentIds") && <p className="text-sm text-danger-text">{fieldError("agentIds")}</p>}
          {error && !fieldError("agentIds") && <FormAlert>{error}</FormAlert>}
        </CardBody>
        <CardFooter className="justify-between">
          <p className="text-sm text-fg-muted tabular-nums">
            {selected.length} {selected.length === 1 ? "member" : "members"}
          </p>
          <Button type="submit" variant="primary" loading={pending} disabled={!dirty}>
            Save members
          </Button>
        </CardFooter>
      </Card>
    </form>
  );
}
