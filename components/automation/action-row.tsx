"use client";

import { useRef } from "react";
import { ArrowDown, ArrowUp, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { MultiSelect } from "@/components/ui/multi-select";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { ACTION_TYPES, ACTIONS, MAX_RULE_MESSAGE, type ActionType } from "@/lib/automation/rule.schema";
import { TEMPLATE_VARIABLES } from "@/lib/inboxes/auto-reply-template";
import { PRIORITY_CHOICES, SET_STATUS_CHOICES, type RuleOptions } from "./choices";
import type { DraftAction } from "./draft";
import type { ErrorLookup } from "./errors";

type Props = {
  index: number;
  count: number;
  action: DraftAction;
  options: RuleOptions;
  onChange: (a: DraftAction) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  error: ErrorLookup;
};

/** The parameter each action type takes, named as the API names it (for its field errors). */
const PARAM_KEY = { team: "teamId", agent: "agentId", labels: "labelIds", priority: "priority", status: "status", minutes: "minutes", content: "content", url: "url", none: null } as const;
/** How the parameter control is named for assistive technology ("Action 2 labels"). */
const PARAM_NAME = { team: "team", agent: "agent", labels: "labels", priority: "priority", status: "status", minutes: "minutes", content: "message", url: "URL", none: "" } as const;

/** One step of "Then": the action, its parameter control, and its place in the order. */
export function ActionRow({ index, count, action: a, options, onChange, onMove, onRemove, error }: Props) {
  const n = index + 1;
  const key = `actions.${index}`;
  const params = ACTIONS[a.type].params;
  const paramKey = PARAM_KEY[params];
  const paramError = paramKey ? error(`${key}.${paramKey}`) : undefined;
  const rowError = !paramError ? error(key) : undefined;
  const errorId = `action-${a.key}-error`;
  const aria = { "aria-invalid": paramError ? true : undefined, "aria-describedby": paramError ? errorId : undefined };
  const label = `Action ${n} ${PARAM_NAME[params]}`.trim();

  return (
    <li data-testid="action-row" className="flex items-start gap-2.5 rounded-md border border-border bg-canvas px-2.5 py-2">
      <span aria-hidden className="mt-1.5 grid size-5 shrink-0 place-items-center rounded-full bg-hover text-xs font-medium text-fg-muted tabular-nums">
        {n}
      </span>
      <div className="flex min-w-0 flex-1 flex-col gap-2">
        <div className="flex flex-wrap items-start gap-2">
          <Select
            aria-label={`Action ${n}`}
            wrapperClassName="w-56 shrink-0"
            value={a.type}
            aria-invalid={rowError ? true : undefined}
            onChange={(e) => onChange({ ...a, type: e.target.value as ActionType })}
          >
            {ACTION_TYPES.map((t) => (
              <option key={t} value={t}>
                {ACTIONS[t].label}
              </option>
            ))}
          </Select>
          {params !== "content" && params !== "none" && (
            <div className="min-w-56 flex-1">
              <ParamControl action={a} label={label} options={options} onChange={onChange} aria={aria} />
            </div>
          )}
        </div>
        {params === "content" && <MessageEditor action={a} label={label} onChange={onChange} aria={aria} />}
        {(paramError || rowError) && (
          <p id={errorId} className="text-sm text-danger-text">
            {paramError ?? rowError}
          </p>
        )}
      </div>
      <div className="flex shrink-0 items-center gap-0.5">
        <Button type="button" variant="ghost" size="icon" aria-label={`Move action ${n} up`} title="Move up" disabled={index === 0} onClick={() => onMove(index - 1)}>
          <ArrowUp aria-hidden />
        </Button>
        <Button type="button" variant="ghost" size="icon" aria-label={`Move action ${n} down`} title="Move down" disabled={index === count - 1} onClick={() => onMove(index + 1)}>
          <ArrowDown aria-hidden />
        </Button>
        <Button type="button" variant="ghost" size="icon" aria-label={`Remove action ${n}`} title="Remove action" onClick={onRemove}>
          <X aria-hidden />
        </Button>
      </div>
    </li>
  );
}

type Aria = { "aria-invalid"?: boolean; "aria-describedby"?: string };

function ParamControl({ action: a, label, options, onChange, aria }: { action: DraftAction; label: string; options: RuleOptions; onChange: (a: DraftAction) => void; aria: Aria }) {
  switch (ACTIONS[a.type].params) {
    case "team":
      return (
        <Select aria-label={label} value={a.teamId} onChange={(e) => onChange({ ...a, teamId: e.target.value })} {...aria}>
          <option value="">Choose a team…</option>
          {options.teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </Select>
      );
    case "agent":
      return (
        <Select aria-label={label} value={a.agentId} onChange={(e) => onChange({ ...a, agentId: e.target.value })} {...aria}>
          <option value="">Choose an agent…</option>
          {options.agents.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </Select>
      );
    case "labels":
      return <MultiSelect label={label} options={options.labels} value={a.labelIds} onChange={(labelIds) => onChange({ ...a, labelIds })} avatars={false} placeholder="Search labels…" {...aria} />;
    case "priority":
      return (
        <Select aria-label={label} value={a.priority} onChange={(e) => onChange({ ...a, priority: e.target.value })} {...aria}>
          {PRIORITY_CHOICES.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </Select>
      );
    case "status":
      return (
        <Select aria-label={label} value={a.status} onChange={(e) => onChange({ ...a, status: e.target.value })} {...aria}>
          {SET_STATUS_CHOICES.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </Select>
      );
    case "minutes":
      return (
        <span className="flex items-center gap-2">
          <Input aria-label={label} type="number" inputMode="numeric" min={1} step={1} className="w-28 tabular-nums" value={a.minutes} onChange={(e) => onChange({ ...a, minutes: e.target.value })} {...aria} />
          <span className="text-sm text-fg-muted">minutes</span>
        </span>
      );
    case "url":
      return <Input aria-label={label} type="url" value={a.url} onChange={(e) => onChange({ ...a, url: e.target.value })} placeholder="https://example.com/hooks/konversio" {...aria} />;
    default:
      return null;
  }
}

/** The reply or note text, with the variables it may use one click away (same syntax as auto-replies). */
function MessageEditor({ action: a, label, onChange, aria }: { action: DraftAction; label: string; onChange: (a: DraftAction) => void; aria: Aria }) {
  const area = useRef<HTMLTextAreaElement>(null);
  function insert(token: string) {
    const el = area.current;
    const start = el?.selectionStart ?? a.content.length;
    const end = el?.selectionEnd ?? start;
    onChange({ ...a, content: a.content.slice(0, start) + token + a.content.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  }
  return (
    <div className="flex flex-col gap-1.5">
      <Textarea
        ref={area}
        aria-label={label}
        rows={3}
        maxLength={MAX_RULE_MESSAGE}
        value={a.content}
        onChange={(e) => onChange({ ...a, content: e.target.value })}
        placeholder={a.type === "send_message" ? "Hi {{contact.firstName | there}}, thanks for writing…" : "A note for the team"}
        {...aria}
      />
      <div role="group" aria-label={`Insert a variable into ${label.toLowerCase()}`} className="flex flex-wrap items-center gap-1">
        <span className="mr-1 text-xs text-fg-subtle">Insert</span>
        {TEMPLATE_VARIABLES.map((v) => (
          <button
            key={v}
            type="button"
            onClick={() => insert(`{{${v}}}`)}
            className="h-6 cursor-pointer rounded-sm border border-border bg-surface px-1.5 font-mono text-xs text-fg-muted hover:bg-hover hover:text-fg"
          >
            {v}
          </button>
        ))}
        <span className="ml-1 text-xs text-fg-subtle">
          A fallback for empty values: <code className="font-mono">{"{{contact.firstName | there}}"}</code>
        </span>
      </div>
    </div>
  );
}
