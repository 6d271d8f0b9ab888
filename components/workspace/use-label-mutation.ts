"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useToast } from "@/components/ui/toast";
import { putConversationLabels, qk } from "./api";
import type { ConversationDetail, ConversationLabel } from "./types";
import { usePatchListItem } from "./use-conversation-list";

const byName = (a: ConversationLabel, b: ConversationLabel) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" });

/**
 * Sets a conversation's labels optimistically: the thread header and the list row change at once,
 * the PUT follows, and a failure puts back what was there. Saves of one conversation run one
 * after another (a shared scope), so a late answer can never undo a newer choice.
 */
export function useLabelMutation(number: number, conversationId: string) {
  const qc = useQueryClient();
  const { toast } = useToast();
  const patchListItem = usePatchListItem();
  return useMutation({
    scope: { id: `labels-${conversationId}` },
    mutationFn: (labels: ConversationLabel[]) => putConversationLabels(number, labels.map((l) => l.id)),
    onMutate: async (labels) => {
      await qc.cancelQueries({ queryKey: qk.detail(number) });
      const previous = qc.getQueryData<ConversationDetail>(qk.detail(number));
      const next = [...labels].sort(byName);
      if (previous) qc.setQueryData<ConversationDetail>(qk.detail(number), { ...previous, labels: next });
      patchListItem(conversationId, { labels: next });
      return { previous };
    },
    onError: (e, _labels, ctx) => {
      if (ctx?.previous) {
        qc.setQueryData(qk.detail(number), ctx.previous);
        patchListItem(conversationId, { labels: ctx.previous.labels });
      }
      toast({ title: "Couldn't change the labels", description: e.message, variant: "danger" });
      void qc.invalidateQueries({ queryKey: qk.labels });
    },
    onSuccess: (data) => {
      qc.setQueryData(qk.detail(number), data);
      patchListItem(conversationId, { labels: data.labels });
    },
    onSettled: () => {
      // The activity line, and lists filtered by a label this conversation left or joined.
      void qc.invalidateQueries({ queryKey: qk.messages(number) });
      void qc.invalidateQueries({ queryKey: qk.lists });
      void qc.invalidateQueries({ queryKey: qk.labels });
    },
  });
}
