"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { CircleCheck, CircleExclamationPoint, X } from "lucide-react";

export type ToastVariant = "default" | "success" | "danger";

export type ToastOptions = {
  title: ReactNode;
  description?: ReactNode;
  variant?: ToastVariant;
  action?: { label: string; onClick: () => void };
  /** Milliseconds; 0 keeps it until dismissed. Default 4000 (6000 for danger). */
  duration?: number;
};

type ToastItem = ToastOptions & { id: number };

type ToastApi = {
  toast: (options: ToastOptions | string) => number;
  dismiss: (id: number) => void;
};

const ToastContext = createContext<ToastApi | null>(null);

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (api) return api;
  return {
    toast: (o) => {
      console.warn("useToast() used outside <ToastProvider>", o);
      return -1;
    },
    dismiss: () => {},
  };
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setItems((all) => all.filter((t) => t.id !== id)), []);
  const toast = useCallback((options: ToastOptions | string) => {
    const id = nextId.current++;
    const item = typeof options === "string" ? { title: options } : options;
    setItems((all) => [...all.slice(-3), { ...item, id }]);
    return id;
  }, []);
  const api = useMemo(() => ({ toast, dismiss }), [toast, dismiss]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      {/* Always mounted so screen readers pick up toasts added later. */}
      <div
        role="region"
        aria-live="polite"
        aria-label="Notifications"
        className="pointer-events-none fixed right-4 bottom-4 z-60 flex w-[min(22rem,calc(100vw-2rem))] flex-col gap-2"
      >
        {items.map((t) => (
          <Toast key={t.id} item={t} dismiss={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

const icons = {
  default: null,
  success: <CircleCheck aria-hidden className="mt-0.5 size-4 shrink-0 text-success-text" />,
  danger: <CircleExclamationPoint aria-hidden className="mt-0.5 size-4 shrink-0 text-danger-text" />,
};

function Toast({ item, dismiss }: { item: ToastItem; dismiss: (id: number) => void }) {
  const { id, title, description, variant = "default", action } = item;
  const duration = item.duration ?? (variant === "danger" ? 6000 : 4000);
  const [paused, setPaused] = useState(false);

  useEffect(() => {
    if (!duration || paused) return;
    const t = setTimeout(() => dismiss(id), duration);
    return () => clearTimeout(t);
  }, [id, duration, paused, dismiss]);

  return (
    <div
      role={variant === "danger" ? "alert" : undefined}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
      className="pointer-events-auto flex animate-slide-up items-start gap-2.5 rounded-lg border border-border bg-raised p-3 text-fg shadow-popover"
    >
      {icons[variant]}
      <div className="flex min-w-0 flex-1 flex-col gap-0.5">
        <p className="text-base font-medium">{title}</p>
        {description && <p className="text-sm text-fg-muted">{description}</p>}
      </div>
      {action && (
        <button
          type="button"
          onClick={() => {
            action.onClick();
            dismiss(id);
          }}
          className="shrink-0 cursor-pointer rounded-md px-1.5 py-0.5 text-sm font-medium text-accent-text hover:bg-hover"
        >
          {action.label}
        </button>
      )}
      <button
        type="button"
        onClick={() => dismiss(id)}
        aria-label="Dismiss notification"
        className="-m-1 grid size-6 shrink-0 cursor-pointer place-items-center rounded-md text-fg-subtle hover:bg-hover hover:text-fg"
      >
        <X aria-hidden className="size-3.5" />
      </button>
    </div>
  );
}
