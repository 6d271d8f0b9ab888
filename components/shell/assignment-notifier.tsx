"use client";

import { useRouter } from "next/navigation";
import { api } from "@/components/workspace/api";
import { contactDisplayName, type ConversationDetail } from "@/components/workspace/types";
import { useToast } from "@/components/ui/toast";
import { useStreamEvents } from "./event-stream";

/** Whether this browser can show desktop notifications and what the user answered. */
export function notificationPermission(): NotificationPermission | "unsupported" {
  return typeof window !== "undefined" && "Notification" in window ? Notification.permission : "unsupported";
}

/**
 * A conversation handed to the signed-in user by someone else — the queue, a rule, a colleague —
 * is announced wherever they are in the app: a toast in the tab, and a desktop notification if
 * they allowed them and are looking elsewhere. Nothing is announced for assignments they made.
 */
export function AssignmentNotifier({ userId }: { userId: string }) {
  const router = useRouter();
  const { toast } = useToast();
  useStreamEvents((type, d) => {
    if ((type !== "conversation.updated" && type !== "conversation.created") || d.assignedTo !== userId || !d.conversationId) return;
    void api<ConversationDetail>(`/api/v1/conversations/${d.conversationId}`)
      .then((c) => {
        // Handed on again before we looked (the queue moved it back, a colleague took it): say nothing.
        if (c.assignee?.id !== userId) return;
        const open = () => router.push(`/conversations/${c.number}`);
        const who = contactDisplayName(c.contact);
        const what = c.subject ? `${c.subject} · ${c.inbox.name}` : c.inbox.name;
        toast({ title: `#${c.number} assigned to you`, description: `${who} · ${what}`.slice(0, 140), action: { label: "Open", onClick: open } });
        if (notificationPermission() === "granted" && document.visibilityState !== "visible") {
          const n = new Notification(`#${c.number} assigned to you`, { body: `${who}: ${what}`.slice(0, 200), tag: `assigned-${c.id}` });
          n.onclick = () => {
            window.focus();
            open();
            n.close();
          };
        }
      })
      .catch(() => undefined); // gone or no longer visible: nothing to announce
  });
  return null;
}
