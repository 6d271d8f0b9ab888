import type { ReactNode } from "react";
import { Card, CardBody } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

/**
 * The "Danger zone" section at the foot of a settings page: one destructive
 * action with its title and a sentence on what it does. Shared so every
 * delete affordance looks and is labelled the same way.
 */
export function DangerZone({
  title,
  description,
  action,
  className,
}: {
  title: string;
  description: ReactNode;
  action: ReactNode;
  className?: string;
}) {
  return (
    <section aria-labelledby="danger-zone" className={cn("flex flex-col gap-3", className)}>
      <h2 id="danger-zone" className="text-base font-semibold text-danger-text">
        Danger zone
      </h2>
      <Card className="border-danger/30">
        <CardBody className="flex flex-wrap items-center gap-4 py-4">
          <div className="flex min-w-0 flex-1 flex-col gap-0.5">
            <p className="font-medium text-fg">{title}</p>
            <p className="text-sm text-fg-muted">{description}</p>
          </div>
          {action}
        </CardBody>
      </Card>
    </section>
  );
}
