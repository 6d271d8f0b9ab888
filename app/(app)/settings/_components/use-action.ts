"use client";

import { useCallback, useState, useTransition } from "react";
import type { FieldErrors } from "@/lib/errors";
import type { ActionResult } from "@/lib/http/action";

type State = { error?: string; fieldErrors?: FieldErrors };

/**
 * Runs a server action from a client form and keeps its outcome. Forms submit through this
 * rather than `<form action>` because React resets uncontrolled fields after a form action,
 * and a failed submit must keep what the user typed.
 */
export function useAction<I, T>(run: (input: I) => Promise<ActionResult<T>>) {
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<State>({});

  const submit = useCallback(
    (input: I, onSuccess?: (data: T) => void, onError?: (message: string) => void) => {
      startTransition(async () => {
        let res: ActionResult<T>;
        try {
          res = await run(input);
        } catch (e) {
          // Next's redirect() travels as an exception and must keep going.
          if (isNavigation(e)) throw e;
          const error = "Could not reach the server. Check your connection and try again.";
          setState({ error });
          onError?.(error);
          return;
        }
        if (res.ok) {
          setState({});
          onSuccess?.(res.data);
        } else {
          setState({ error: res.error, fieldErrors: res.fieldErrors });
          onError?.(res.error);
        }
      });
    },
    [run],
  );

  const fieldError = (key: string) => state.fieldErrors?.[key]?.[0];
  const reset = useCallback(() => setState({}), []);
  return { pending, error: state.error, fieldErrors: state.fieldErrors, fieldError, submit, reset };
}

function isNavigation(e: unknown) {
  const digest = (e as { digest?: unknown })?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK"));
}

/** FormData → nested object: "channel.callbackUrl" becomes { channel: { callbackUrl } }. */
export function formToNested(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const parts = key.split(".");
    let node = out;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = value;
  }
  return out;
}
