"use client";

import { Lock, MessageSquareReply, Paperclip, SendHorizontal } from "lucide-react";
import { forwardRef, useId, useImperativeHandle, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { Kbd } from "@/components/ui/kbd";
import type { UploadedFile } from "./api";
import { CcEditor, type CcEditorHandle } from "./cc-editor";
import { FILE_ACCEPT, FileChips, useComposerFiles } from "./composer-files";
import { ReplyRecipientsHint, useReplyRecipients } from "./email-message";
import { SMS_PROVIDER_NAMES, smsCount, type SmsProvider } from "@/lib/channels/sms/parts";

export type ComposerMode = "reply" | "note";
export type ComposerHandle = { focus: (mode: ComposerMode) => void };

type Props = {
  conversationNumber: number;
  canReply: boolean;
  /** Email threads: Enter makes a new line, ⌘/Ctrl+Enter sends. */
  enterAddsLine: boolean;
  contactName: string;
  /** Email threads: the thread's last saved message id, so the recipients line shares the thread's email request. */
  email?: { lastMessageId: string | undefined };
  /** SMS inboxes: the provider, whose per-message limit the counter shows (long replies go in parts). */
  sms?: SmsProvider;
  /** `cc`: email replies whose copies the agent edited (otherwise the reply-all rule decides). */
  onSend: (content: string, isPrivate: boolean, files: UploadedFile[], options?: { cc?: string[] }) => Promise<boolean>;
};

// Drafts survive switching between conversations within the tab, and so do edited copies.
const drafts = new Map<number, { text: string; mode: ComposerMode }>();
const ccDrafts = new Map<number, string[]>();

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

export const Composer = forwardRef<ComposerHandle, Props>(function Composer(
  { conversationNumber, canReply, enterAddsLine, contactName, email, sms, onSend },
  ref,
) {
  const saved = drafts.get(conversationNumber);
  const [text, setText] = useState(saved?.text ?? "");
  const [mode, setModeState] = useState<ComposerMode>(saved?.mode ?? "reply");
  const textarea = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const attachments = useComposerFiles(conversationNumber);
  const [dragging, setDragging] = useState(false);
  const note = mode === "note";
  // Whom a reply reaches (reply-all). It sits in the mode row, where notes say who sees them, so
  // the reply box never moves when it loads.
  const recipients = useReplyRecipients(email ? conversationNumber : undefined, email?.lastMessageId).data;
  const hintId = useId();
  const ccId = useId();
  const showRecipients = Boolean(email && canReply && !note && recipients?.to.length);
  // The copies the agent chose (null: the reply-all rule's), and whether the editor is showing.
  const [ccChoice, setCcChoiceState] = useState<string[] | null>(ccDrafts.get(conversationNumber) ?? null);
  const [ccOpen, setCcOpen] = useState(ccChoice !== null);
  const ccEditor = useRef<CcEditorHandle>(null);
  const setCcChoice = (cc: string[] | null) => {
    setCcChoiceState(cc);
    if (cc) ccDrafts.set(conversationNumber, cc);
    else ccDrafts.delete(conversationNumber);
  };
  const shownRecipients = recipients && ccChoice ? { ...recipients, cc: ccChoice.map((address) => ({ address })), omitted: 0 } : recipients;

  const remember = (t: string, m: ComposerMode) => {
    if (t) drafts.set(conversationNumber, { text: t, mode: m });
    else drafts.delete(conversationNumber);
  };
  const setMode = (m: ComposerMode) => {
    setModeState(m);
    remember(text, m);
  };

  useImperativeHandle(ref, () => ({
    focus: (m) => {
      setMode(m);
      // Synchronously, so the keystrokes that follow land in the textarea.
      textarea.current?.focus();
    },
  }));

  const canSend = canReply && !attachments.uploading && (text.trim().length > 0 || attachments.ready.length > 0);

  const send = async () => {
    const content = text.trim();
    if (!canSend) return;
    // An address still being typed in Cc goes along; one that is not an address stops the send.
    let cc = ccChoice;
    if (showRecipients && ccOpen && ccEditor.current) {
      const typed = ccEditor.current.commit();
      if (!typed.ok) return;
      if (ccChoice || typed.cc.length !== (recipients?.cc.length ?? 0)) cc = typed.cc;
    }
    const files = attachments.ready;
    setText("");
    remember("", mode);
    // A choice the agent made stands even if the recipients line has not loaded (again) yet:
    // otherwise the reply-all rule would copy someone they removed.
    const ok = await onSend(content, note, files, !note && cc ? { cc } : undefined);
    if (ok) {
      attachments.clear();
      if (!note) {
        setCcChoice(null);
        setCcOpen(false);
      }
    } else {
      // Give the words back so nothing typed is lost (the files stay attached).
      setText((current) => current || content);
      remember(content, mode);
    }
  };

  const mod = isMac() ? "⌘" : "Ctrl";
  const label = note ? "Private note" : "Reply";

  return (
    <div className="shrink-0 border-t border-border bg-surface px-4 pt-2 pb-3">
      <div
        onDragOver={(e) => {
          if (!canReply || !e.dataTransfer.types.includes("Files")) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={(e) => {
          if (!canReply || !e.dataTransfer.files.length) return;
          e.preventDefault();
          setDragging(false);
          attachments.add(e.dataTransfer.files);
        }}
        className={cn(
          "rounded-lg border transition-colors",
          dragging && "border-accent ring-2 ring-accent/30",
          !canReply
            ? "border-border bg-canvas"
            : note
              ? "border-dashed border-warning-border bg-warning-soft focus-within:border-warning"
              : "border-border-strong bg-surface focus-within:border-accent",
        )}
      >
        <div className="flex items-center gap-1 px-2 pt-1.5" role="group" aria-label="Message type">
          <ModeButton active={!note} disabled={!canReply} onClick={() => setMode("reply")} shortcut="R" tone="reply">
            <MessageSquareReply aria-hidden />
            Reply
          </ModeButton>
          <ModeButton active={note} disabled={!canReply} onClick={() => setMode("note")} shortcut="N" tone="note">
            <Lock aria-hidden />
            Private note
          </ModeButton>
          {note && canReply && <span className="ml-auto text-xs text-warning-text">Only your team sees notes</span>}
          {showRecipients && (
            <>
              <ReplyRecipientsHint id={hintId} recipients={shownRecipients!} />
              {!ccOpen && (
                <button
                  type="button"
                  aria-expanded={false}
                  aria-controls={ccId}
                  onClick={() => {
                    setCcOpen(true);
                    // After the editor renders: the keystrokes that follow add people.
                    requestAnimationFrame(() => ccEditor.current?.focus());
                  }}
                  className="shrink-0 cursor-pointer rounded px-1 text-xs font-medium text-accent-text hover:bg-hover"
                >
                  Edit Cc
                </button>
              )}
            </>
          )}
        </div>
        {showRecipients && ccOpen && (
          <CcEditor
            ref={ccEditor}
            id={ccId}
            cc={ccChoice ?? recipients!.cc.map((a) => a.address)}
            to={recipients!.to.map((a) => a.address)}
            edited={ccChoice !== null}
            onChange={setCcChoice}
            onReset={() => setCcChoice(null)}
          />
        )}
        <textarea
          ref={textarea}
          aria-label={label}
          aria-describedby={showRecipients ? hintId : undefined}
          value={text}
          disabled={!canReply}
          onChange={(e) => {
            setText(e.target.value);
            remember(e.target.value, mode);
          }}
          onPaste={(e) => {
            // Screenshots pasted from the clipboard become attachments; pasted text stays text.
            if (e.clipboardData.files.length) {
              e.preventDefault();
              attachments.add(e.clipboardData.files);
            }
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              e.currentTarget.blur();
              return;
            }
            if (e.key !== "Enter" || e.nativeEvent.isComposing) return;
            const withMod = e.metaKey || e.ctrlKey;
            if (withMod || (!e.shiftKey && !enterAddsLine)) {
              e.preventDefault();
              void send();
            }
          }}
          placeholder={
            !canReply
              ? "Replies are turned off: this conversation's inbox was deleted."
              : note
                ? "Write a note for your team…"
                : `Reply to ${contactName}…`
          }
          rows={2}
          className="block max-h-64 min-h-16 w-full resize-none bg-transparent px-3 py-2 text-base text-fg [field-sizing:content] placeholder:text-fg-subtle focus:outline-none disabled:cursor-not-allowed"
        />
        <FileChips files={attachments.files} onRemove={attachments.remove} />
        <div className="flex items-center gap-2 px-2 pt-1 pb-2">
          <input
            ref={picker}
            type="file"
            multiple
            hidden
            accept={FILE_ACCEPT}
            onChange={(e) => {
              if (e.target.files) attachments.add(e.target.files);
              e.target.value = "";
            }}
          />
          <button
            type="button"
            disabled={!canReply}
            onClick={() => picker.current?.click()}
            aria-label="Attach files"
            title="Attach files (or paste / drop them here)"
            className="inline-flex size-7 cursor-pointer items-center justify-center rounded-md text-fg-muted transition-colors hover:bg-hover hover:text-fg disabled:cursor-not-allowed disabled:opacity-50 [&_svg]:size-4"
          >
            <Paperclip aria-hidden />
          </button>
          <p className="min-w-0 flex-1 truncate text-xs text-fg-subtle">
            {canReply &&
              (enterAddsLine ? (
                <>
                  <Kbd>{mod}</Kbd> <Kbd>↵</Kbd> to send
                </>
              ) : (
                <>
                  <Kbd>↵</Kbd> to send · <Kbd>Shift</Kbd> <Kbd>↵</Kbd> new line
                </>
              ))}
          </p>
          {sms && canReply && !note && <SmsCounter text={text} provider={sms} />}
          <button
            type="button"
            onClick={() => void send()}
            disabled={!canSend}
            title={attachments.uploading ? "Wait for the files to finish uploading" : undefined}
            className={cn(
              "inline-flex h-7 cursor-pointer items-center gap-1.5 rounded-md px-2.5 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50 [&_svg]:size-3.5",
              note ? "bg-warning text-warning-fg hover:bg-warning/90" : "bg-accent text-accent-fg hover:bg-accent-hover",
            )}
          >
            <SendHorizontal aria-hidden />
            Send
          </button>
        </div>
      </div>
    </div>
  );
});

const number = new Intl.NumberFormat("en-US");

/**
 * "123 / 1,600 · 1 part": the reply's length as the provider counts it against its limit for one
 * text message, and how many messages it will go as (the same split the sender uses). Fixed-width
 * digits, so it never pushes the Send button around while typing.
 */
function SmsCounter({ text, provider }: { text: string; provider: SmsProvider }) {
  const { length, limit, parts } = smsCount(text, provider);
  const n = Math.max(parts, 1);
  return (
    <span
      data-testid="sms-counter"
      title={`${SMS_PROVIDER_NAMES[provider]} takes up to ${number.format(limit)} characters per text message; a longer reply goes as several, in order. Emoji count as 2.`}
      className="shrink-0 text-xs text-fg-subtle tabular-nums"
    >
      {number.format(length)} / {number.format(limit)} · {n} {n === 1 ? "part" : "parts"}
    </span>
  );
}

function ModeButton({
  active,
  disabled,
  onClick,
  shortcut,
  tone,
  children,
}: {
  active: boolean;
  disabled: boolean;
  onClick: () => void;
  shortcut: string;
  tone: "reply" | "note";
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      aria-pressed={active}
      disabled={disabled}
      onClick={onClick}
      title={`${tone === "note" ? "Private note" : "Reply"} (${shortcut})`}
      className={cn(
        "inline-flex h-6 shrink-0 cursor-pointer items-center gap-1 rounded-md px-2 text-sm font-medium whitespace-nowrap transition-colors focus-ring-inset disabled:cursor-not-allowed disabled:opacity-50 [&_svg]:size-3.5",
        active
          ? tone === "note"
            ? "bg-warning/15 text-warning-text"
            : "bg-accent-soft text-accent-text"
          : "text-fg-muted hover:bg-hover hover:text-fg",
      )}
    >
      {children}
    </button>
  );
}
