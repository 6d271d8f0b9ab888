"use client";

import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { MultiSelect } from "@/components/ui/multi-select";
import { Select } from "@/components/ui/select";
import { CONDITION_FIELDS, FIELDS, OPERATOR_LABELS, VALUELESS, type ConditionField, type RuleEvent } from "@/lib/automation/rule.schema";
import { ChoiceChips } from "./choice-chips";
import { CHANGED_CHOICES, CHANNEL_CHOICES, PRIORITY_CHOICES, STATUS_CHOICES, type RuleOptions } from "./choices";
import { fieldFits, withField, type DraftCondition } from "./draft";
import type { ErrorLookup } from "./errors";
import { TokenInput } from "./token-input";

type Props = {
  index: number;
  condition: DraftCondition;
  event: RuleEvent;
  options: RuleOptions;
  onChange: (c: DraftCondition) => void;
  onRemove: () => void;
  error: ErrorLookup;
};

/** One "field → operator → value" row; the value control is the one the field's ValueKind takes. */
export function ConditionRow({ index, condition: c, event, options, onChange, onRemove, error }: Props) {
  const n = index + 1;
  const key = `conditions.${index}`;
  const base = `condition-${c.key}`;
  const fieldError = error(`${key}.field`);
  const operatorError = error(`${key}.operator`);
  const valueError = error(`${key}.value`);
  const otherError = !fieldError && !operatorError && !valueError ? error(key) : undefined;
  const offered = CONDITION_FIELDS.filter((f) => fieldFits(f, event) || f === c.field);
  const spec = FIELDS[c.field];
  const hasValue = !VALUELESS.has(c.operator);
  const describe = (id: string, e?: string) => (e ? `${base}-${id}` : undefined);

  return (
    <li data-testid="condition-row" className="flex flex-col gap-1.5 rounded-md border border-border bg-canvas px-2.5 py-2">
      <div className="flex flex-wrap items-start gap-2">
        <Select
          aria-label={`Condition ${n} field`}
          wrapperClassName="w-56 shrink-0"
          value={c.field}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={describe("field-error", fieldError)}
          onChange={(e) => onChange(withField(c, e.target.value as ConditionField))}
        >
          {offered.map((f) => (
            <option key={f} value={f}>
              {FIELDS[f].label}
              {fieldFits(f, event) ? "" : " (not known for this event)"}
            </option>
          ))}
        </Select>
        <Select
          aria-label={`Condition ${n} operator`}
          wrapperClassName="w-40 shrink-0"
          value={c.operator}
          aria-invalid={operatorError ? true : undefined}
          aria-describedby={describe("operator-error", operatorError)}
          onChange={(e) => onChange({ ...c, operator: e.target.value })}
        >
          {spec.operators.map((op) => (
            <option key={op} value={op}>
              {OPERATOR_LABELS[op] ?? op}
            </option>
          ))}
        </Select>
        <div className="min-w-56 flex-1">
          {hasValue && (
            <ValueControl
              condition={c}
              label={`Condition ${n} value`}
              options={options}
              onChange={(value) => onChange({ ...c, value })}
              invalid={!!valueError}
              describedBy={describe("value-error", valueError)}
              invalidAt={(i) => !!error(`${key}.value.${i}`)}
            />
          )}
        </div>
        <Button type="button" variant="ghost" size="icon" aria-label={`Remove condition ${n}`} title="Remove condition" onClick={onRemove}>
          <X aria-hidden />
        </Button>
      </div>
      {[
        ["field-error", fieldError],
        ["operator-error", operatorError],
        ["value-error", valueError],
        ["error", otherError],
      ].map(([id, message]) =>
        message ? (
          <p key={id} id={`${base}-${id}`} className="text-sm text-danger-text">
            {message}
          </p>
        ) : null,
      )}
    </li>
  );
}

type ValueProps = {
  condition: DraftCondition;
  label: string;
  options: RuleOptions;
  onChange: (value: unknown) => void;
  invalid: boolean;
  describedBy?: string;
  invalidAt: (index: number) => boolean;
};

const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);

function ValueControl({ condition: c, label, options, onChange, invalid, describedBy, invalidAt }: ValueProps) {
  const aria = { "aria-invalid": invalid ? true : undefined, "aria-describedby": describedBy };
  const kind = FIELDS[c.field].value;
  switch (kind) {
    case "text":
      return <Input aria-label={label} value={typeof c.value === "string" ? c.value : ""} onChange={(e) => onChange(e.target.value)} placeholder="e.g. refund" {...aria} />;
    case "minutes":
      return (
        <span className="flex items-center gap-2">
          <Input
            aria-label={label}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            className="w-28 tabular-nums"
            value={typeof c.value === "string" || typeof c.value === "number" ? String(c.value) : ""}
            onChange={(e) => onChange(e.target.value)}
            {...aria}
          />
          <span className="text-sm text-fg-muted">minutes</span>
        </span>
      );
    case "openClosed":
      return (
        <Select aria-label={label} value={c.value === "open" ? "open" : "closed"} onChange={(e) => onChange(e.target.value)} {...aria}>
          <option value="open">Open (within business hours)</option>
          <option value="closed">Closed (outside business hours)</option>
        </Select>
      );
    case "domains":
      return <TokenInput label={label} value={list(c.value)} onChange={onChange} placeholder="example.com, example.org" invalidAt={invalidAt} {...aria} />;
    case "addresses":
      return <TokenInput label={label} value={list(c.value)} onChange={onChange} placeholder="support@example.com" invalidAt={invalidAt} {...aria} />;
    case "statuses":
      return <ChoiceChips label={label} choices={STATUS_CHOICES} value={list(c.value)} onChange={onChange} {...aria} />;
    case "priorities":
      return <ChoiceChips label={label} choices={PRIORITY_CHOICES} value={list(c.value)} onChange={onChange} {...aria} />;
    case "channels":
      return <ChoiceChips label={label} choices={CHANNEL_CHOICES} value={list(c.value)} onChange={onChange} {...aria} />;
    case "changed":
      return <ChoiceChips label={label} choices={CHANGED_CHOICES} value={list(c.value)} onChange={onChange} {...aria} />;
    case "inboxes":
      return <MultiSelect label={label} options={options.inboxes} value={list(c.value)} onChange={onChange} avatars={false} placeholder="Search inboxes…" {...aria} />;
    case "agents":
      return <MultiSelect label={label} options={options.agents} value={list(c.value)} onChange={onChange} placeholder="Search agents…" {...aria} />;
    case "teams":
      return <MultiSelect label={label} options={options.teams} value={list(c.value)} onChange={onChange} placeholder="Search teams…" {...aria} />;
    case "labels":
      return <MultiSelect label={label} options={options.labels} value={list(c.value)} onChange={onChange} avatars={false} placeholder="Search labels…" {...aria} />;
    default:
      return null;
  }
}
