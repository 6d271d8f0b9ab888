"use client";

import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/kbd";
import { SHORTCUTS } from "./shortcuts";

const GROUPS = ["List", "Conversation", "Composer", "General"] as const;

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Keyboard shortcuts" size="md">
        <div className="grid grid-cols-2 gap-x-8 gap-y-5">
          {GROUPS.map((group) => (
            <section key={group}>
              <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-fg-subtle uppercase">{group}</h3>
              <dl className="flex flex-col">
                {SHORTCUTS.filter((s) => s.group === group).map((s) => (
                  <div key={s.label} className="flex h-7 items-center justify-between gap-3 text-base">
                    <dt className="text-fg-muted">{s.label}</dt>
                    <dd className="flex shrink-0 gap-1">
                      {s.keys.map((k) => (
                        <Kbd key={k}>{k}</Kbd>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </DialogContent>
    </Dialog>
  );
}
