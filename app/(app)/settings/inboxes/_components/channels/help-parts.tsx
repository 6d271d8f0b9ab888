import type { ReactNode } from "react";

/* The building blocks every channel's integration guide is written with. */

export function Code({ children }: { children: ReactNode }) {
  return <code className="rounded-xs bg-hover px-1 py-px font-mono text-[0.85em] text-fg">{children}</code>;
}

export function Block({ children }: { children: string }) {
  return <pre className="overflow-x-auto rounded-md border border-border bg-canvas px-3 py-2 font-mono text-sm leading-5 text-fg">{children}</pre>;
}

/** One titled step (or "Good to know") of a guide. */
export function Step({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-2">
      <h3 className="font-semibold">{title}</h3>
      {children}
    </section>
  );
}
