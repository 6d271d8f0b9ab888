"use client";

import { useFormStatus } from "react-dom";
import { Button, type ButtonProps } from "@/components/ui/button";

/** A Button that shows its loading state while the enclosing <form> action runs. */
export function SubmitButton({ loading, variant = "primary", ...props }: Omit<ButtonProps, "type">) {
  const { pending } = useFormStatus();
  return <Button type="submit" variant={variant} loading={loading || pending} {...props} />;
}
