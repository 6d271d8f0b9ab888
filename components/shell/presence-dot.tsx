import { cn } from "@/components/ui/cn";

export type PresenceValue = "online" | "busy" | "offline";

/** What a user chooses for themselves (the rail menu). A colleague's computed presence reads "Away" instead of "Offline" (PRESENCE_NAMES): it also covers a closed tab. */
export const AVAILABILITY_LABELS: Record<PresenceValue, string> = { online: "Online", busy: "Busy", offline: "Offline" };

/** A small status dot: green online, amber busy, hollow grey offline (shape differs too, not only colour). */
export function PresenceDot({ presence, className }: { presence: PresenceValue; className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        "inline-block size-2.5 shrink-0 rounded-full ring-2 ring-surface",
        presence === "online" && "bg-success",
        presence === "busy" && "bg-warning",
        presence === "offline" && "border-2 border-fg-subtle bg-surface",
        className,
      )}
    />
  );
}
