import type { ReactNode } from "react";
import type { Role } from "@/lib/access/actor";
import { SettingsNav } from "./settings-nav";

/** Settings sidebar + a scrolling content column; shared by /settings/* and /profile. */
export function SettingsShell({ role, children }: { role: Role; children: ReactNode }) {
  return (
    <div className="flex min-h-0 flex-1">
      <SettingsNav role={role} />
      <main className="min-w-0 flex-1 overflow-y-auto">
        <div className="mx-auto w-full max-w-220 px-8 pt-8 pb-16">{children}</div>
      </main>
    </div>
  );
}
