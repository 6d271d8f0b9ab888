import { MessagesSquare } from "lucide-react";
import { Kbd } from "@/components/ui/kbd";
import { SHORTCUTS } from "@/components/workspace/shortcuts";

const HINTS = ["Next conversation", "Previous conversation", "Open conversation", "Reply", "Private note", "Resolve", "Assign", "Search", "Show shortcuts"];

/** Nothing selected: a calm placeholder that teaches the keyboard. */
export default function ConversationsIndexPage() {
  const hints = HINTS.map((label) => SHORTCUTS.find((s) => s.label === label)!);
  return (
    <div className="flex min-w-0 flex-1 flex-col items-center justify-center gap-6 bg-canvas px-6 text-center">
      <div className="flex flex-col items-center gap-3">
        <span aria-hidden className="grid size-11 place-items-center rounded-xl border border-border bg-surface text-fg-subtle">
          <MessagesSquare className="size-5" />
        </span>
        <div>
          <p className="text-base font-semibold">No conversation selected</p>
          <p className="mt-1 text-base text-fg-muted">Pick one from the list, or move through it with the keyboard.</p>
        </div>
      </div>
      <dl className="grid grid-cols-[auto_auto] gap-x-4 gap-y-1.5 text-left text-sm">
        {hints.map((s) => (
          <div key={s.label} className="contents">
            <dt className="flex justify-end gap-1">
              {s.keys.map((k) => (
                <Kbd key={k}>{k}</Kbd>
              ))}
            </dt>
            <dd className="text-fg-muted">{s.label}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
