"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Archive, SearchX } from "lucide-react";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { statusLabel } from "@/components/status-badge";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { useToast } from "@/components/ui/toast";
import {
  ApiError,
  fetchAssignmentOptions,
  fetchContactConversations,
  fetchConversation,
  fetchMessages,
  markConversationRead,
  patchConversation,
  postMessage,
  qk,
  resendMessage,
  type ConversationPatch,
  type UploadedFile,
} from "./api";
import { Composer, type ComposerHandle } from "./composer";
import { ContactPanel } from "./contact-panel";
import { useFilters } from "./filters";
import type { ThreadMessage } from "./message-item";
import { MessageList } from "./message-list";
import { ThreadHeader } from "./thread-header";
import { formatFull } from "./time";
import { contactDisplayName, type AssignmentOptions, type ConversationDetail, type Message, type OtherConversation } from "./types";
import { usePatchListItem } from "./use-conversation-list";
import { useThreadCommands, useWorkspace } from "./workspace-context";

type Props = {
  number: number;
  initial: {
    conversation: ConversationDetail;
    messages: Message[];
    options: AssignmentOptions;
    others: OtherConversation[];
  };
};

const tempId = () => `temp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export function ThreadView({ number, initial }: Props) {
  const qc = useQueryClient();
  const { me, numbersRef, openRef } = useWorkspace();
  const { toast } = useToast();
  const patchListItem = usePatchListItem();
  const composer = useRef<ComposerHandle>(null);
  const [assignOpen, setAssignOpen] = useState(false);
  const [pending, setPending] = useState<ThreadMessage[]>([]);

  const detail = useQuery({
    queryKey: qk.detail(number),
    queryFn: ({ signal }) => fetchConversation(number, signal),
    initialData: initial.conversation,
    retry: (count, e) => !(e instanceof ApiError && (e.status === 404 || e.status === 401)) && count < 1,
  });
  const messages = useQuery({
    queryKey: qk.messages(number),
    queryFn: ({ signal }) => fetchMessages(number, signal),
    initialData: initial.messages,
  });
  const options = useQuery({
    queryKey: qk.options(number),
    queryFn: ({ signal }) => fetchAssignmentOptions(number, signal),
    initialData: initial.options,
    staleTime: 60_000,
  });
  const others = useQuery({
    queryKey: qk.others(number),
    queryFn: ({ signal }) => fetchContactConversations(number, signal),
    initialData: initial.others,
    staleTime: 60_000,
  });

  const c = detail.data;
  const lost = detail.error instanceof ApiError && detail.error.status === 404;

  // Realtime events carry ids; tell the stream which #number this id is.
  useEffect(() => {
    numbersRef.current.set(c.id, number);
    openRef.current = { id: c.id, number };
    return () => {
      if (openRef.current?.number === number) openRef.current = null;
    };
  }, [c.id, number, numbersRef, openRef]);

  // Read while open and visible: on open, on every new incoming message, on returning to the tab.
  const lastIncoming = useMemo(() => messages.data.findLast((m) => m.kind === "incoming")?.id ?? null, [messages.data]);
  useEffect(() => {
    if (lost) return;
    const run = () => {
      if (document.visibilityState !== "visible") return;
      patchListItem(c.id, { unread: false });
      // Again once stored: a list refetch in between may have brought the dot back. A failure leaves it to the next run.
      markConversationRead(number).then(
        () => patchListItem(c.id, { unread: false }),
        () => {},
      );
    };
    run();
    document.addEventListener("visibilitychange", run);
    return () => document.removeEventListener("visibilitychange", run);
  }, [c.id, number, lastIncoming, patchListItem, lost]);

  const update = useMutation({
    mutationFn: (patch: ConversationPatch) => patchConversation(number, patch),
    onMutate: async (patch) => {
      await qc.cancelQueries({ queryKey: qk.detail(number) });
      const previous = qc.getQueryData<ConversationDetail>(qk.detail(number));
      if (previous) {
        const next: ConversationDetail = { ...previous };
        if (patch.status) {
          next.status = patch.status;
          next.snoozedUntil = patch.status === "snoozed" ? (patch.snoozedUntil ?? null) : null;
        }
        if (patch.assigneeId !== undefined) {
          next.assigneeId = patch.assigneeId;
          const agent = options.data.agents.find((a) => a.id === patch.assigneeId);
          next.assignee = patch.assigneeId ? { id: patch.assigneeId, name: agent?.name ?? null } : null;
        }
        if (patch.teamId !== undefined) {
          next.teamId = patch.teamId;
          const team = options.data.teams.find((t) => t.id === patch.teamId);
          next.team = patch.teamId ? { id: patch.teamId, name: team?.name ?? null } : null;
        }
        qc.setQueryData(qk.detail(number), next);
      }
      return { previous };
    },
    onError: (e, _patch, ctx) => {
      if (ctx?.previous) qc.setQueryData(qk.detail(number), ctx.previous);
      toast({ title: "Couldn't update the conversation", description: e.message, variant: "danger" });
      // A 422 usually means access changed under us: refresh who can be assigned.
      void qc.invalidateQueries({ queryKey: qk.options(number) });
    },
    onSuccess: (data, patch, ctx) => {
      qc.setQueryData(qk.detail(number), data);
      if (patch.status) {
        const previous = ctx?.previous?.status;
        toast({
          title:
            patch.status === "snoozed" && data.snoozedUntil
              ? `Snoozed until ${formatFull(new Date(data.snoozedUntil))}`
              : `#${number} ${patch.status === "open" ? "reopened" : statusLabel(patch.status).toLowerCase()}`,
          variant: "success",
          action: previous && previous !== patch.status ? { label: "Undo", onClick: () => update.mutate({ status: previous === "snoozed" ? "open" : previous }) } : undefined,
        });
      }
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: qk.lists });
      void qc.invalidateQueries({ queryKey: qk.messages(number) });
    },
  });
  const change = (patch: ConversationPatch) => update.mutate(patch);

  const resend = useMutation({
    mutationFn: (m: Message) => resendMessage(number, m.id),
    onSuccess: (m) => qc.setQueryData<Message[]>(qk.messages(number), (old) => old?.map((x) => (x.id === m.id ? m : x))),
    onError: (e) => toast({ title: "Couldn't resend", description: e.message, variant: "danger" }),
  });

  const send = async (content: string, isPrivate: boolean, files: UploadedFile[], options?: { cc?: string[] }): Promise<boolean> => {
    const temp: ThreadMessage = {
      id: tempId(),
      conversationId: c.id,
      kind: "outgoing",
      private: isPrivate,
      content,
      attachments: files.map(({ id: _id, ...a }) => a),
      status: isPrivate ? null : "pending",
      error: null,
      sender: { type: "user", id: me.id, name: me.name },
      createdAt: new Date().toISOString(),
      optimistic: true,
    };
    setPending((p) => [...p, temp]);
    try {
      const saved = await postMessage(number, { content, private: isPrivate, attachmentIds: files.map((f) => f.id), ...(options?.cc ? { cc: options.cc } : {}) });
      // Swap the stand-in for the saved message in one render, so it never shows twice.
      setPending((p) => p.filter((m) => m.id !== temp.id));
      qc.setQueryData<Message[]>(qk.messages(number), (old) => (old && !old.some((m) => m.id === saved.id) ? [...old, saved] : old));
      // Replying to an unassigned conversation assigns it to the sender.
      if (!isPrivate && !c.assigneeId) void qc.invalidateQueries({ queryKey: qk.detail(number) });
      return true;
    } catch (e) {
      toast({
        title: isPrivate ? "Your note wasn't saved" : "Your reply wasn't sent",
        description: e instanceof Error ? e.message : undefined,
        variant: "danger",
      });
      return false;
    } finally {
      setPending((p) => p.filter((m) => m.id !== temp.id));
    }
  };

  useThreadCommands({
    focusReply: () => composer.current?.focus("reply"),
    focusNote: () => composer.current?.focus("note"),
    resolve: () => {
      if (c.canReply && c.status !== "resolved") change({ status: "resolved" });
    },
    openAssign: () => {
      if (c.canReply) setAssignOpen(true);
    },
  });

  if (lost) return <ConversationGone />;

  const all = pending.length ? [...messages.data, ...pending] : messages.data;
  const name = contactDisplayName(c.contact);

  return (
    <div className="flex min-w-0 flex-1">
      <section aria-label={`Conversation #${c.number} with ${name}`} className="flex min-w-0 flex-1 flex-col bg-surface">
        <ThreadHeader
          conversation={c}
          options={options.data}
          me={me}
          assignOpen={assignOpen}
          onAssignOpenChange={setAssignOpen}
          onChange={change}
        />
        {!c.canReply && (
          <div role="status" className="flex shrink-0 items-center gap-2 border-b border-border bg-hover px-4 py-2 text-sm text-fg-muted">
            <Archive aria-hidden className="size-4 shrink-0 text-fg-subtle" />
            <span>
              <strong className="font-medium text-fg">Read-only.</strong> The inbox {c.inbox.name} was deleted; its conversations are kept
              for the record, but nobody can reply or change them.
            </span>
          </div>
        )}
        <MessageList
          messages={all}
          canReply={c.canReply}
          onResend={(m) => resend.mutate(m)}
          resendingId={resend.isPending ? (resend.variables?.id ?? null) : null}
          email={c.inbox.channelType === "email" ? { number, subject: c.subject, contact: c.contact, inboxName: c.inbox.name } : undefined}
        />
        <Composer
          ref={composer}
          conversationNumber={number}
          canReply={c.canReply}
          enterAddsLine={c.inbox.channelType === "email"}
          contactName={name}
          email={c.inbox.channelType === "email" ? { lastMessageId: all.findLast((m) => !m.id.startsWith("temp-"))?.id } : undefined}
          sms={c.inbox.smsProvider ?? undefined}
          onSend={send}
        />
      </section>
      <ContactPanel conversation={c} others={others.data} />
    </div>
  );
}

function ConversationGone() {
  const { listHref } = useFilters();
  return (
    <div className="flex min-w-0 flex-1 items-center justify-center bg-surface">
      <EmptyState
        icon={<SearchX />}
        title="This conversation is no longer available"
        description="It may have moved to an inbox you don't work in, or your access changed."
        action={
          <Link href={listHref({})} className={buttonVariants({ size: "sm" })}>
            Back to the list
          </Link>
        }
      />
    </div>
  );
}
