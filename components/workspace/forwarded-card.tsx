import { Forward } from "lucide-react";
import type { ReactNode } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Linkified } from "./message-item";
import type { ForwardedView } from "./types";

type Props = {
  forwarded: ForwardedView;
  /** The original's body, rendered by the thread's text body so its own quoted history folds too. */
  children?: ReactNode;
};

/**
 * A plain-text forward: what the forwarder wrote, then the forwarded mail as a quoted card headed
 * by its original sender, date and subject — instead of the raw "From: / Date: / Subject:" lines.
 */
export function ForwardedCard({ forwarded: f, children }: Props) {
  const name = f.from?.name || f.from?.address || "Unknown sender";
  return (
    <div>
      {f.note && (
        <div className="mb-3 text-base whitespace-pre-wrap [overflow-wrap:anywhere]">
          <Linkified text={f.note} />
        </div>
      )}
      <section aria-label={`Forwarded message from ${name}`} className="overflow-hidden rounded-md border border-border">
        <header className="flex items-start gap-2.5 border-b border-border/70 bg-canvas px-3 py-2">
          <Avatar name={name} size="sm" decorative className="mt-0.5" />
          <div className="min-w-0 flex-1">
            <p className="flex items-center gap-1 text-2xs font-medium tracking-wide text-fg-subtle uppercase">
              <Forward aria-hidden className="size-3" />
              Forwarded message
            </p>
            <div className="flex items-baseline gap-2">
              <span className="truncate text-sm font-semibold text-fg">{name}</span>
              {f.from?.name && <span className="hidden truncate text-sm text-fg-muted sm:inline">&lt;{f.from.address}&gt;</span>}
              {f.date && <span className="ml-auto shrink-0 text-xs text-fg-subtle tabular-nums">{f.date}</span>}
            </div>
            {f.subject && <p className="truncate text-sm text-fg">{f.subject}</p>}
          </div>
        </header>
        <div className="px-3 py-2.5">{children}</div>
      </section>
    </div>
  );
}
