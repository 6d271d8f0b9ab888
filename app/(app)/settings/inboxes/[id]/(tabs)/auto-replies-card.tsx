"use client";

import { useId, useRef, useState } from "react";
import { Bot } from "lucide-react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CardFormFooter } from "@/components/ui/card-form-footer";
import { FormAlert } from "@/components/ui/form-alert";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import { MAX_AUTO_REPLY_LENGTH, type AutoReplies } from "@/lib/inboxes/auto-replies.schema";
import { renderTemplate, TEMPLATE_VARIABLES } from "@/lib/inboxes/auto-reply-template";
import { useAction } from "../../../_components/use-action";
import { updateInboxAction } from "../../actions";

type Kind = keyof AutoReplies;

const COPY: Record<Kind, { title: string; when: string }> = {
  greeting: { title: "Greeting", when: "Sent once when a customer's first message opens a conversation. Never for conversations an agent starts." },
  outOfOffice: {
    title: "Out of office",
    when: "Sent when a customer writes while the inbox is closed: once per conversation each time the inbox closes, and not if someone on the team replied in the last 5 minutes.",
  },
};

/** Who the preview pretends to answer. */
const SAMPLE = { contact: { name: "Maya Chen" }, conversation: { number: 1042 }, agent: { name: "Sam Rivera" } };

type Props = { inboxId: string; inboxName: string; replies: AutoReplies; hasBusinessHours: boolean };

/** Greeting and out-of-office messages, each with a switch, the text and a live preview. */
export function AutoRepliesCard({ inboxId, inboxName, replies, hasBusinessHours }: Props) {
  const { toast } = useToast();
  const { pending, error, fieldErrors, fieldError, submit } = useAction(updateInboxAction);
  const [draft, setDraft] = useState<AutoReplies>(replies);
  const set = (kind: Kind, patch: Partial<AutoReplies[Kind]>) => setDraft((d) => ({ ...d, [kind]: { ...d[kind], ...patch } }));

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    submit({ id: inboxId, autoReplies: draft }, () => toast({ variant: "success", title: "Auto-replies saved" }));
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} aria-labelledby="auto-replies-title">
      <Card>
        <CardHeader
          title={<span id="auto-replies-title">Auto-replies</span>}
          description="Sent through the channel like an agent's reply, shown in the thread as automated, and never in answer to auto-replies or bounces. At most three automated messages per conversation an hour."
        />
        <CardBody className="flex flex-col divide-y divide-border p-0">
          {(Object.keys(COPY) as Kind[]).map((kind) => (
            <ReplyEditor
              key={kind}
              kind={kind}
              value={draft[kind]}
              onChange={(patch) => set(kind, patch)}
              inboxName={inboxName}
              blocked={kind === "outOfOffice" && !hasBusinessHours && !draft.outOfOffice.enabled ? "Set and save business hours first: out of office is sent only while the inbox is closed." : undefined}
              error={(f) => fieldError(`autoReplies.${kind}.${f}`)}
            />
          ))}
        </CardBody>
        {error && (!fieldErrors || Object.keys(fieldErrors).every((k) => !k.startsWith("autoReplies."))) && (
          <div className="px-4 pb-3">
            <FormAlert>{error}</FormAlert>
          </div>
        )}
        <CardFormFooter pending={pending}>Save auto-replies</CardFormFooter>
      </Card>
    </form>
  );
}

type EditorProps = {
  kind: Kind;
  value: AutoReplies[Kind];
  onChange: (patch: Partial<AutoReplies[Kind]>) => void;
  inboxName: string;
  blocked?: string;
  error: (field: "enabled" | "message") => string | undefined;
};

function ReplyEditor({ kind, value, onChange, inboxName, blocked, error }: EditorProps) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const { title, when } = COPY[kind];
  const messageError = error("message");
  const enabledError = error("enabled");
  const preview = renderTemplate(value.message, { ...SAMPLE, inbox: { name: inboxName } });

  /** Puts `{{variable}}` at the cursor, keeping the rest of the text and the focus. */
  function insert(variable: string) {
    const el = area.current;
    const token = `{{${variable}}}`;
    const start = el?.selectionStart ?? value.message.length;
    const end = el?.selectionEnd ?? start;
    onChange({ message: value.message.slice(0, start) + token + value.message.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  return (
    <section className="grid gap-4 px-4 py-4 lg:grid-cols-[minmax(0,1fr)_18rem]" aria-labelledby={`${id}-title`} data-testid={`auto-reply-${kind}`}>
      <div className="flex min-w-0 flex-col gap-2.5">
        <div className="flex items-start justify-between gap-4">
          <div className="min-w-0">
            <h3 id={`${id}-title`} className="text-sm font-semibold text-fg">
              {title}
            </h3>
            <p className="text-sm text-fg-muted">{when}</p>
          </div>
          <Switch
            checked={value.enabled}
            onCheckedChange={(enabled) => onChange({ enabled })}
            disabled={!!blocked}
            aria-label={`Send the ${title.toLowerCase()} message`}
            aria-describedby={blocked || enabledError ? `${id}-enabled` : undefined}
            className="mt-0.5"
          />
        </div>
        {(blocked || enabledError) && (
          <p id={`${id}-enabled`} className={enabledError ? "text-sm text-danger-text" : "text-sm text-fg-subtle"}>
            {enabledError ?? blocked}
          </p>
        )}
        <label htmlFor={`${id}-message`} className="sr-only">
          {title} message
        </label>
        <Textarea
          ref={area}
          id={`${id}-message`}
          rows={3}
          maxLength={MAX_AUTO_REPLY_LENGTH}
          value={value.message}
          onChange={(e) => onChange({ message: e.target.value })}
          aria-invalid={messageError ? true : undefined}
          aria-describedby={messageError ? `${id}-error` : undefined}
        />
        {messageError && (
          <p id={`${id}-error`} className="text-sm text-danger-text">
            {messageError}
          </p>
        )}
        <div className="flex flex-wrap items-center gap-1" aria-label={`Insert a variable into the ${title.toLowerCase()} message`} role="group">
          <span className="mr-1 text-xs text-fg-subtle">Insert</span>
          {TEMPLATE_VARIABLES.map((v) => (
            <button
              key={v}
              type="button"
              onClick={() => insert(v)}
              className="h-6 cursor-pointer rounded border border-border bg-canvas px-1.5 font-mono text-xs text-fg-muted transition-colors hover:border-border-strong hover:text-fg focus-ring"
            >
              {v}
            </button>
          ))}
          <span className="ml-1 text-xs text-fg-subtle">
            Fallback: <code className="font-mono">{"{{contact.firstName | there}}"}</code>
          </span>
        </div>
      </div>
      <div className="flex flex-col gap-1.5" aria-live="polite">
        <span className="text-xs font-medium text-fg-subtle">Preview · to {SAMPLE.contact.name}</span>
        <div className={`rounded-lg border border-border bg-canvas p-3 ${value.enabled ? "" : "opacity-60"}`}>
          <div className="mb-1.5 flex items-center gap-1.5 text-xs text-fg-subtle">
            <Bot aria-hidden className="size-3.5" /> {title} · automated
          </div>
          <p className="rounded-lg rounded-tr-sm bg-accent px-3 py-2 text-sm break-words whitespace-pre-wrap text-accent-fg" data-testid={`preview-${kind}`}>
            {preview.trim() || <span className="opacity-70">Write a message to see it here</span>}
          </p>
        </div>
      </div>
    </section>
  );
}
