"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Plus } from "lucide-react";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { CopyField } from "@/components/ui/copy-field";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { Input } from "@/components/ui/input";
import { MultiSelect } from "@/components/ui/multi-select";
import { Select } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import { EVENT_LABELS, EVENTS, MAX_ACTIONS, MAX_CONDITIONS, type RuleEvent } from "@/lib/automation/rule.schema";
import type { ErrorCode, FieldErrors } from "@/lib/errors";
import type { ActionResult } from "@/lib/http/action";
import { createRuleAction, testRuleAction, updateRuleAction } from "@/app/(app)/settings/automation/actions";
import { ActionRow } from "./action-row";
import type { RuleOptions } from "./choices";
import { ConditionRow } from "./condition-row";
import { DeleteRuleButton } from "./delete-rule-button";
import { draftFromRule, emptyDraft, move, newAction, newCondition, toRuleBody, type RuleDraft, type StoredRule } from "./draft";
import { errorLookup, unplacedErrors, withoutRulePrefix } from "./errors";
import { TestPanel, type TestResult } from "./test-panel";

type Props = {
  rule?: StoredRule;
  options: RuleOptions;
  /** New rules from an inbox's Automation tab start scoped to it. */
  inboxId?: string;
  /** Where Cancel, a new rule's save and a deletion lead. */
  returnTo: string;
};

type Problem = { error: string; code?: ErrorCode; fieldErrors?: FieldErrors };
const OFFLINE = "Could not reach the server. Check your connection and try again.";

/** Create or edit one rule: When → If → Then, options, scope, test before saving. */
export function RuleEditor({ rule, options, inboxId, returnTo }: Props) {
  const router = useRouter();
  const { toast } = useToast();
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? draftFromRule(rule) : emptyDraft(inboxId)));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saving, startSave] = useTransition();
  const [testing, startTest] = useTransition();
  const [tested, setTested] = useState<{ body: string; result: TestResult } | null>(null);
  const set = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const error = errorLookup(problem?.fieldErrors);
  const body = toRuleBody(draft);
  const bodyKey = JSON.stringify(body);

  /** A scope of "chosen inboxes" with none chosen would silently mean every inbox: stop it here. */
  function scopeProblem(): Problem | null {
    if (draft.scope !== "inboxes" || draft.inboxIds.length > 0) return null;
    return { error: "Choose the inboxes this rule runs in", code: "validation", fieldErrors: { inboxIds: ["Choose at least one inbox, or run the rule in all inboxes"] } };
  }

  async function call<T>(run: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
    try {
      return await run();
    } catch {
      return { ok: false, error: OFFLINE };
    }
  }

  function onSave(e: React.FormEvent) {
    e.preventDefault();
    const local = scopeProblem();
    if (local) return setProblem(local);
    startSave(async () => {
      if (rule) {
        const res = await call(() => updateRuleAction({ id: rule.id, rule: body }));
        if (!res.ok) return setProblem(res);
        setProblem(null);
        toast({ variant: "success", title: "Rule saved" });
        router.refresh();
      } else {
        const res = await call(() => createRuleAction({ rule: body }));
        if (!res.ok) return setProblem(res);
        setProblem(null);
        toast({ variant: "success", title: `Rule “${draft.name.trim()}” created` });
        router.push(returnTo);
        router.refresh();
      }
    });
  }

  function onTest() {
    const local = scopeProblem();
    if (local) return setProblem(local);
    startTest(async () => {
      const res = await call(() => testRuleAction({ rule: body }));
      if (!res.ok) {
        setTested(null);
        return setProblem({ ...res, fieldErrors: withoutRulePrefix(res.fieldErrors) });
      }
      setProblem(null);
      setTested({ body: bodyKey, result: res.data });
    });
  }

  const updateCondition = (i: number, c: RuleDraft["conditions"][number]) => set({ conditions: draft.conditions.map((x, j) => (j === i ? c : x)) });
  const updateAction = (i: number, a: RuleDraft["actions"][number]) => set({ actions: draft.actions.map((x, j) => (j === i ? a : x)) });
  const hasWebhook = draft.actions.some((a) => a.type === "send_webhook");
  const unplaced = unplacedErrors(problem?.fieldErrors);

  return (
    <form onSubmit={onSave} noValidate aria-busy={saving} aria-label={rule ? `Edit rule ${rule.name}` : "New rule"} className="flex flex-col gap-5">
      <Card>
        <CardBody className="flex flex-col gap-4 py-4">
          <div className="flex items-start gap-4">
            <Field label="Name" required error={error("name")} className="flex-1">
              <Input value={draft.name} onChange={(e) => set({ name: e.target.value })} maxLength={100} autoComplete="off" placeholder="e.g. Refunds to Billing" autoFocus={!rule} />
            </Field>
            <label className="mt-7 flex shrink-0 cursor-pointer items-center gap-2 text-sm text-fg">
              <Switch checked={draft.active} onCheckedChange={(active) => set({ active })} aria-label="Active" />
              Active
            </label>
          </div>
          <Field label="Description" hint="Optional" error={error("description")}>
            <Textarea rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} maxLength={1000} placeholder="What this rule is for, so the next admin knows" />
          </Field>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="When" description="The moment the rule is checked. Rules run top to bottom in the order of Settings → Automation." />
        <CardBody className="grid gap-4 pb-4 sm:grid-cols-2">
          <Field label="Event" error={error("event")}>
            <Select value={draft.event} onChange={(e) => set({ event: e.target.value as RuleEvent })}>
              {EVENTS.map((ev) => (
                <option key={ev} value={ev}>
                  {EVENT_LABELS[ev]}
                </option>
              ))}
            </Select>
          </Field>
          <fieldset className="flex flex-col gap-1.5">
            <legend className="mb-1.5 text-sm font-medium text-fg">Runs in</legend>
            <div className="flex items-center gap-4">
              <label className="flex cursor-pointer items-center gap-2 text-base text-fg">
                <input type="radio" name="scope" className="size-4 accent-accent" checked={draft.scope === "workspace"} onChange={() => set({ scope: "workspace" })} />
                All inboxes
              </label>
              <label className="flex cursor-pointer items-center gap-2 text-base text-fg">
                <input type="radio" name="scope" className="size-4 accent-accent" checked={draft.scope === "inboxes"} onChange={() => set({ scope: "inboxes" })} />
                Chosen inboxes
              </label>
            </div>
          </fieldset>
          {draft.scope === "inboxes" && (
            <Field
              label="Inboxes"
              error={error("inboxIds")}
              className="sm:col-span-2"
              help="Teams and agents this rule assigns must work in each of these inboxes."
            >
              <MultiSelect options={options.inboxes} value={draft.inboxIds} onChange={(inboxIds) => set({ inboxIds })} avatars={false} placeholder="Search inboxes…" />
            </Field>
          )}
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="If"
          description={draft.conditions.length === 0 ? "No conditions: the rule acts on every conversation the event reaches in its inboxes." : "Text comparisons ignore case."}
          actions={
            draft.conditions.length > 1 && (
              <label className="flex items-center gap-2 text-sm text-fg-muted">
                Match
                <Select aria-label="Match" wrapperClassName="w-24" value={draft.match} onChange={(e) => set({ match: e.target.value as "all" | "any" })}>
                  <option value="all">all</option>
                  <option value="any">any</option>
                </Select>
                of these
              </label>
            )
          }
        />
        <CardBody className="flex flex-col gap-2 pb-4">
          {draft.conditions.length > 0 && (
            <ol aria-label="Conditions" className="flex flex-col gap-2">
              {draft.conditions.map((c, i) => (
                <ConditionRow
                  key={c.key}
                  index={i}
                  condition={c}
                  event={draft.event}
                  options={options}
                  error={error}
                  onChange={(next) => updateCondition(i, next)}
                  onRemove={() => set({ conditions: draft.conditions.filter((_, j) => j !== i) })}
                />
              ))}
            </ol>
          )}
          {error("conditions") && !draft.conditions.some((_, i) => error(`conditions.${i}`)) && <p className="text-sm text-danger-text">{error("conditions")}</p>}
          <div>
            <Button type="button" variant="secondary" size="sm" disabled={draft.conditions.length >= MAX_CONDITIONS} onClick={() => set({ conditions: [...draft.conditions, newCondition(draft.event)] })}>
              <Plus aria-hidden /> Add condition
            </Button>
          </div>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Then" description="Actions run in this order; each sees what the one before it did." />
        <CardBody className="flex flex-col gap-2 pb-4">
          {draft.actions.length > 0 && (
            <ol aria-label="Actions" className="flex flex-col gap-2">
              {draft.actions.map((a, i) => (
                <ActionRow
                  key={a.key}
                  index={i}
                  count={draft.actions.length}
                  action={a}
                  options={options}
                  error={error}
                  onChange={(next) => updateAction(i, next)}
                  onMove={(to) => set({ actions: move(draft.actions, i, to) })}
                  onRemove={() => set({ actions: draft.actions.filter((_, j) => j !== i) })}
                />
              ))}
            </ol>
          )}
          {error("actions") && !draft.actions.some((_, i) => error(`actions.${i}`)) && <p className="text-sm text-danger-text">{error("actions")}</p>}
          <div>
            <Button type="button" variant="secondary" size="sm" disabled={draft.actions.length >= MAX_ACTIONS} onClick={() => set({ actions: [...draft.actions, newAction()] })}>
              <Plus aria-hidden /> Add action
            </Button>
          </div>
        </CardBody>
      </Card>

      {hasWebhook && (
        <Card>
          <CardHeader
            title="Webhook signing secret"
            description="Each webhook this rule sends is signed with this secret, the same way as api-channel callbacks (X-Konversio-Signature). Verify it on your server."
          />
          <CardBody className="pb-4">
            {rule ? <CopyField value={rule.webhookSecret} secret label="Webhook signing secret" /> : <p className="text-sm text-fg-muted">The secret is created when the rule is saved.</p>}
          </CardBody>
        </Card>
      )}

      <Card>
        <CardHeader title="Options" />
        <CardBody className="flex flex-col gap-3 pb-4">
          <Checkbox
            checked={draft.stopProcessing}
            onChange={(e) => set({ stopProcessing: e.target.checked })}
            label="Stop processing later rules"
            description="When this rule matches, rules below it are not checked for this event."
          />
          <Checkbox
            checked={draft.oncePerConversation}
            onChange={(e) => set({ oncePerConversation: e.target.checked })}
            label="Once per conversation"
            description="Acts at most once on each conversation, however often it matches."
          />
        </CardBody>
      </Card>

      <TestPanel onTest={onTest} pending={testing} result={tested?.result ?? null} stale={!!tested && tested.body !== bodyKey} />

      {problem && (
        <FormAlert title={problem.code === "validation" ? "Check the highlighted fields" : undefined}>
          {problem.code === "validation" ? (unplaced.length ? unplaced.join(" · ") : null) : problem.error}
        </FormAlert>
      )}
      <div className="flex items-center gap-2">
        <Button type="submit" variant="primary" loading={saving}>
          {rule ? "Save rule" : "Create rule"}
        </Button>
        <Link href={returnTo} className={buttonVariants({ variant: "ghost" })}>
          Cancel
        </Link>
        {rule && (
          <span className="ml-auto">
            <DeleteRuleButton id={rule.id} name={rule.name} returnTo={returnTo} />
          </span>
        )}
      </div>
    </form>
  );
}
