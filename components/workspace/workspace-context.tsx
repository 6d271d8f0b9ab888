"use client";

import { createContext, useContext, useEffect, useRef, type ReactNode, type RefObject } from "react";
import type { Me, NavInbox, NavTeam } from "./types";

/** What the open thread lets the keyboard layer do (r, n, e, a). */
export type ThreadCommands = {
  focusReply: () => void;
  focusNote: () => void;
  resolve: () => void;
  openAssign: () => void;
};

type WorkspaceContextValue = {
  me: Me;
  inboxes: NavInbox[];
  /** Administrators only: deleted inboxes, whose conversations stay readable. */
  deletedInboxes: NavInbox[];
  teams: NavTeam[];
  threadRef: RefObject<ThreadCommands | null>;
  /** uuid → #number, so realtime events (which carry ids) reach the right cached thread. */
  numbersRef: RefObject<Map<string, number>>;
  /** The conversation whose thread is on screen. */
  openRef: RefObject<{ id: string; number: number } | null>;
  openShortcuts: () => void;
};

const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function WorkspaceProvider({ value, children }: { value: WorkspaceContextValue; children: ReactNode }) {
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace() {
  const ctx = useContext(WorkspaceContext);
  if (!ctx) throw new Error("useWorkspace() must be used inside the conversations workspace");
  return ctx;
}

/** Registers the open thread's commands for the keyboard layer while it is mounted. */
export function useThreadCommands(commands: ThreadCommands) {
  const { threadRef } = useWorkspace();
  const latest = useRef(commands);
  useEffect(() => {
    latest.current = commands;
  });
  useEffect(() => {
    const proxy: ThreadCommands = {
      focusReply: () => latest.current.focusReply(),
      focusNote: () => latest.current.focusNote(),
      resolve: () => latest.current.resolve(),
      openAssign: () => latest.current.openAssign(),
    };
    threadRef.current = proxy;
    return () => {
      if (threadRef.current === proxy) threadRef.current = null;
    };
  }, [threadRef]);
}
