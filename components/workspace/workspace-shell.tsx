"use client";

import { useParams } from "next/navigation";
import { Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { ConversationList } from "./conversation-list";
import { NavColumn } from "./nav-column";
import { ShortcutsDialog } from "./shortcuts-dialog";
import type { Me, NavInbox, NavTeam } from "./types";
import { useEventStream } from "./use-event-stream";
import { WorkspaceProvider, useWorkspace, type ThreadCommands } from "./workspace-context";

type Props = {
  me: Me;
  inboxes: NavInbox[];
  deletedInboxes: NavInbox[];
  teams: NavTeam[];
  children: ReactNode;
};

/** Nav column, conversation list and the open thread (children), with realtime and keyboard. */
export function WorkspaceShell({ me, inboxes, deletedInboxes, teams, children }: Props) {
  const threadRef = useRef<ThreadCommands | null>(null);
  const numbersRef = useRef(new Map<string, number>());
  const openRef = useRef<{ id: string; number: number } | null>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const streamState = useEventStream(numbersRef);
  const openShortcuts = useCallback(() => setShortcutsOpen(true), []);
  const value = useMemo(
    () => ({ me, inboxes, deletedInboxes, teams, threadRef, numbersRef, openRef, openShortcuts }),
    [me, inboxes, deletedInboxes, teams, openShortcuts],
  );

  return (
    <WorkspaceProvider value={value}>
      <div className="flex h-full min-h-0 flex-1 overflow-hidden">
        <Suspense fallback={<div className="w-55 shrink-0 border-r border-border bg-surface" />}>
          <NavColumn streamState={streamState} />
        </Suspense>
        <Suspense fallback={<div className="w-85 shrink-0 border-r border-border bg-surface" />}>
          <ConversationList />
        </Suspense>
        <div className="flex min-w-0 flex-1">{children}</div>
      </div>
      <KeyboardShortcuts />
      <ShortcutsDialog open={shortcutsOpen} onOpenChange={setShortcutsOpen} />
    </WorkspaceProvider>
  );
}

function isTyping(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Single-key shortcuts (Linear/Front style); ignored while typing or while a menu or dialog is open. */
function KeyboardShortcuts() {
  const { threadRef, openShortcuts } = useWorkspace();
  const params = useParams<{ number?: string }>();
  const selected = params.number;

  useEffect(() => {
    const rows = () => Array.from(document.querySelectorAll<HTMLAnchorElement>("[data-conversation-row]"));
    const move = (delta: number) => {
      const all = rows();
      if (!all.length) return;
      const focused = all.indexOf(document.activeElement as HTMLAnchorElement);
      const current = focused >= 0 ? focused : all.findIndex((r) => r.dataset.number === selected);
      const next = current < 0 ? 0 : Math.min(all.length - 1, Math.max(0, current + delta));
      all[next]!.focus();
    };

    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey) return;
      if (isTyping(e.target)) return;
      if (document.querySelector('[role="menu"], [role="dialog"], [role="alertdialog"]')) return;
      const run = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      switch (e.key) {
        case "j":
        case "ArrowDown":
          if (e.key === "ArrowDown" && !(document.activeElement as HTMLElement | null)?.dataset?.conversationRow) return;
          return run(() => move(1));
        case "k":
        case "ArrowUp":
          if (e.key === "ArrowUp" && !(document.activeElement as HTMLElement | null)?.dataset?.conversationRow) return;
          return run(() => move(-1));
        case "/":
          return run(() => document.getElementById("conversation-search")?.focus());
        case "?":
          return run(openShortcuts);
        case "c": {
          // Shown only to agents with an email inbox to write from.
          const compose = document.querySelector<HTMLButtonElement>("[data-new-email]");
          if (compose) run(() => compose.click());
          return;
        }
        case "r":
          if (threadRef.current) run(() => threadRef.current!.focusReply());
          return;
        case "n":
          if (threadRef.current) run(() => threadRef.current!.focusNote());
          return;
        case "e":
          if (threadRef.current) run(() => threadRef.current!.resolve());
          return;
        case "a":
          if (threadRef.current) run(() => threadRef.current!.openAssign());
          return;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [threadRef, openShortcuts, selected]);

  return null;
}
