import { cn } from "@/components/ui/cn";

export function Logo({ className }: { className?: string }) {
  return (
    <span aria-hidden className={cn("inline-flex size-7 items-center justify-center rounded-lg bg-accent text-accent-fg", className)}>
      <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v9a1.5 1.5 0 0 1-1.5 1.5H10l-4.5 4v-4h0A1.5 1.5 0 0 1 4 14.5z" />
        <path d="M9 8v4M9 10l3-2M9 10l3 2" />
      </svg>
    </span>
  );
}
