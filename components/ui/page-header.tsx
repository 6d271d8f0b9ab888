import type { ReactNode } from "react";
import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import { cn } from "@/components/ui/cn";

export type PageHeaderProps = {
  title: ReactNode;
  description?: ReactNode;
  /** Buttons on the right. */
  actions?: ReactNode;
  /** Small link above the title, e.g. { href: "/settings/inboxes", label: "Inboxes" }. */
  back?: { href: string; label: string };
  className?: string;
};

export function PageHeader({ title, description, actions, back, className }: PageHeaderProps) {
  return (
    <header className={cn("flex flex-col gap-1 pb-5", className)}>
      {back && (
        <Link
          href={back.href}
          className="-ml-0.5 inline-flex w-fit items-center gap-0.5 rounded-sm text-sm text-fg-muted hover:text-fg"
        >
          <ChevronLeft aria-hidden className="size-3.5" />
          {back.label}
        </Link>
      )}
      <div className="flex flex-wrap items-start gap-3">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <h1 className="text-xl font-semibold text-fg">{title}</h1>
          {description && <p className="max-w-2xl text-base text-fg-muted">{description}</p>}
        </div>
        {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
      </div>
    </header>
  );
}
