import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { CardFooter } from "@/components/ui/card";

/** The submit row of a settings card form; one place so every card form's save button looks and behaves alike. */
export function CardFormFooter({ pending, children }: { pending: boolean; children: ReactNode }) {
  return (
    <CardFooter>
      <Button type="submit" variant="primary" loading={pending}>
        {children}
      </Button>
    </CardFooter>
  );
}
