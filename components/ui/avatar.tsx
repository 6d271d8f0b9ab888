import { cn } from "@/components/ui/cn";

const sizes = {
  xs: "size-5 text-2xs",
  sm: "size-6 text-2xs",
  md: "size-8 text-sm",
} as const;

// Static class strings so Tailwind can see them; colours come from --color-av-* tokens. The tint is
// mixed with the surface colour (opaque), so initials keep their contrast on hovered/grey rows too.
const palette = [
  "bg-[color-mix(in_oklab,var(--color-av-1)_12%,var(--color-surface))] text-av-1",
  "bg-[color-mix(in_oklab,var(--color-av-2)_12%,var(--color-surface))] text-av-2",
  "bg-[color-mix(in_oklab,var(--color-av-3)_12%,var(--color-surface))] text-av-3",
  "bg-[color-mix(in_oklab,var(--color-av-4)_12%,var(--color-surface))] text-av-4",
  "bg-[color-mix(in_oklab,var(--color-av-5)_12%,var(--color-surface))] text-av-5",
  "bg-[color-mix(in_oklab,var(--color-av-6)_12%,var(--color-surface))] text-av-6",
  "bg-[color-mix(in_oklab,var(--color-av-7)_12%,var(--color-surface))] text-av-7",
  "bg-[color-mix(in_oklab,var(--color-av-8)_12%,var(--color-surface))] text-av-8",
] as const;

export type AvatarSize = keyof typeof sizes;

export function initials(name: string) {
  const words = name.replace(/@.*/, "").trim().split(/[\s._-]+/).filter(Boolean);
  const firstChar = (word: string | undefined) => (word ? (Array.from(word)[0] ?? "") : "");
  if (words.length === 0) return "?";
  const last = words.length > 1 ? firstChar(words.at(-1)) : "";
  return (firstChar(words[0]) + last).toUpperCase();
}

export function avatarColor(name: string) {
  let hash = 0;
  for (const ch of name.trim().toLowerCase()) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return palette[hash % palette.length];
}

export type AvatarProps = {
  name: string;
  src?: string | null;
  size?: AvatarSize;
  /** Hide from assistive tech when the name is already printed next to it. */
  decorative?: boolean;
  className?: string;
};

export function Avatar({ name, src, size = "sm", decorative, className }: AvatarProps) {
  const a11y = decorative ? { "aria-hidden": true } : { role: "img", "aria-label": name };
  return (
    <span
      {...a11y}
      title={decorative ? undefined : name}
      className={cn(
        "inline-flex shrink-0 items-center justify-center overflow-hidden rounded-full font-semibold select-none",
        sizes[size],
        !src && avatarColor(name),
        className,
      )}
    >
      {src ? (
        // eslint-disable-next-line @next/next/no-img-element -- avatars are served to the signed-in viewer; Next's optimizer would fetch them without the session
        <img src={src} alt="" className="size-full object-cover" />
      ) : (
        <span aria-hidden>{initials(name)}</span>
      )}
    </span>
  );
}

export type AvatarStackProps = {
  people: { name: string; src?: string | null }[];
  /** Avatars shown before collapsing the rest into "+k". */
  max?: number;
  size?: AvatarSize;
  className?: string;
};

export function AvatarStack({ people, max = 3, size = "sm", className }: AvatarStackProps) {
  const shown = people.slice(0, max);
  const rest = people.slice(max);
  return (
    <span
      role="group"
      aria-label={people.map((p) => p.name).join(", ")}
      className={cn("inline-flex items-center -space-x-1.5", className)}
    >
      {shown.map((p, i) => (
        <Avatar key={`${p.name}-${i}`} {...p} size={size} decorative className="ring-2 ring-surface" />
      ))}
      {rest.length > 0 && (
        <span
          aria-hidden
          title={rest.map((p) => p.name).join(", ")}
          className={cn(
            "inline-flex shrink-0 items-center justify-center rounded-full bg-hover font-medium text-fg-muted tabular-nums ring-2 ring-surface",
            sizes[size],
          )}
        >
          +{rest.length}
        </span>
      )}
    </span>
  );
}
