import { cn } from "@/components/ui/cn";

export type LabelLike = { id: string; name: string; color: string };

/** A label's colour: a dot, so any admin-chosen colour stays legible (the text stays neutral). */
export function LabelDot({ color, className }: { color: string; className?: string }) {
  return <span aria-hidden className={cn("size-2 shrink-0 rounded-full", className)} style={{ backgroundColor: color }} />;
}

/** A small label pill: coloured dot + name, truncated so a long name never pushes the layout. */
const sizes = {
  sm: "h-4 max-w-24 gap-1 px-1.5 text-2xs",
  md: "h-5 max-w-40 gap-1 px-1.5 text-xs",
} as const;

export function LabelChip({ label, size = "md", className }: { label: LabelLike; size?: keyof typeof sizes; className?: string }) {
  return (
    <span
      data-testid="label-chip"
      title={label.name}
      className={cn("inline-flex min-w-0 items-center rounded-full border border-border bg-surface text-fg-muted", sizes[size], className)}
    >
      <LabelDot color={label.color} className={size === "sm" ? "size-1.5" : undefined} />
      <span className="truncate">{label.name}</span>
    </span>
  );
}

/** Up to `max` chips, then "+n" (with the hidden names as its tooltip). */
export function LabelChips({ labels, max = 2, size = "md", className }: { labels: LabelLike[]; max?: number; size?: keyof typeof sizes; className?: string }) {
  if (labels.length === 0) return null;
  const shown = labels.length > max + 1 ? labels.slice(0, max) : labels;
  const hidden = labels.slice(shown.length);
  return (
    <span className={cn("flex min-w-0 items-center gap-1 overflow-hidden", className)}>
      {shown.map((l) => (
        <LabelChip key={l.id} label={l} size={size} />
      ))}
      {hidden.length > 0 && (
        <span title={hidden.map((l) => l.name).join(", ")} className={cn("shrink-0 text-fg-subtle tabular-nums", size === "sm" ? "text-2xs" : "text-xs")}>
          +{hidden.length}
        </span>
      )}
    </span>
  );
}
