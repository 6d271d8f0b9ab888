"use client";

import { useState } from "react";

/**
 * Open state for a dialog wrapping a submitting form: it refuses to close while
 * the submission is pending (so a click outside can't orphan the request), and
 * calls `onClose` whenever it does close so stale errors don't reappear next time.
 */
export function useGuardedDialog(pending: boolean, onClose: () => void) {
  const [open, setOpen] = useState(false);
  function onOpenChange(o: boolean) {
    if (pending) return;
    setOpen(o);
    if (!o) onClose();
  }
  return { open, setOpen, onOpenChange };
}
