import { Avatar, type AvatarSize } from "@/components/ui/avatar";
import { cn } from "@/components/ui/cn";
import { PresenceDot, type PresenceValue } from "@/components/shell/presence-dot";

/**
 * How a colleague's presence reads beside their name. Computed presence "offline" is "Away": they
 * may have said online but have no tab open (docs/architecture.md §5.8), so nothing is assigned to them.
 */
export const PRESENCE_NAMES: Record<PresenceValue, string> = { online: "Online", busy: "Busy", offline: "Away" };

/** The presence dot sized for an avatar: the rail's 10 px on medium avatars, 8 px on the small ones in lists and menus. */
export function PresenceMark({ presence, small, className }: { presence: PresenceValue; small?: boolean; className?: string }) {
  return <PresenceDot presence={presence} className={cn(small && "size-2 ring-[1.5px]", small && presence === "offline" && "border-[1.5px]", className)} />;
}

/**
 * A person's avatar with their presence dot on its corner. Purely visual (the name is printed
 * beside it); place a <PresenceText> after the name for screen readers. `title` gives mouse users
 * the word too; `data-presence` lets tests read the state.
 */
export function PresenceAvatar({ name, presence, size = "sm", className }: { name: string; presence: PresenceValue | undefined; size?: AvatarSize; className?: string }) {
  return (
    <span aria-hidden data-presence={presence} title={presence ? PRESENCE_NAMES[presence] : undefined} className={cn("relative inline-flex shrink-0", className)}>
      <Avatar name={name} size={size} decorative />
      {presence && <PresenceMark presence={presence} small={size !== "md"} className="absolute -right-0.5 -bottom-0.5" />}
    </span>
  );
}

/** The presence as words for assistive tech, e.g. ", busy" after a name. */
export function PresenceText({ presence }: { presence: PresenceValue | undefined }) {
  if (!presence) return null;
  return <span className="sr-only">, {PRESENCE_NAMES[presence].toLowerCase()}</span>;
}
