import { cn } from "@/components/ui/cn";

export type LabelLike = { id: string; name: string; color: string };

/** A label's colour: a dot, so any admin-chosen colour stays legible (the text stays neutral). */
export function LabelDot({ color, className }: { color: string; className?: string }) {
  return <span aria-hidden className={cn("size-2 shrink-0 rounded-full", className)} style={{ backgroundColor: color }} />;
}

/** A small label pill: coloured dot + name, truncated so a long name never pushes the layout. */
export function LabelChip({ label, className }: { label: LabelLike; className?: string }) {
  return (
    <span
      data-testid="label-chip"
      title={label.name}
      className={cn(
        "inline-flex h-5 max-w-32 min-w-0 items-center gap-1 rounded-full border border-border bg-surface px-1.5 text-xs text-fg-muted",
        className,
      )}
    >
      <LabelDot color={label.color} />
      <span className="truncate">{label.name}</span>
    </span>
  );
}

/** Up to `max` chips, then "+n" (with the hidden names as its tooltip). */
export function LabelChips({ labels, max = 2, className }: { labels: LabelLike[]; max?: number; className?: string }) {
  if (labels.length === 0) return null;
  const shown = labels.length > max + 1 ? labels.slice(0, max) : labels;
  const hidden = labels.slice(shown.length);
  return (
    <span className={cn("flex min-w-0 items-center gap-1 overflow-hidden", className)}>
      {shown.map((l) => (
        <LabelChip key={l.id} label={l} />
      ))}
      {hidden.length > 0 && (
        <span title={hidden.map((l) => l.name).join(", ")} className="shrink-0 text-xs text-fg-subtle tabular-nums">
          +{hidden.length}
        </span>
      )}
    </span>
  );
}
