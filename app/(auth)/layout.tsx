import type { ReactNode } from "react";
import { Logo } from "@/components/shell/logo";
import { Providers } from "../providers";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <Providers>
      <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
        <div className="mb-8 flex items-center gap-2 text-lg font-semibold">
          <Logo />
          Konversio
        </div>
        <div className="w-full max-w-sm rounded-xl border border-border bg-surface p-6 shadow-sm">{children}</div>
        <p className="mt-6 text-xs text-fg-subtle">Every customer conversation, one calm workspace.</p>
      </main>
    </Providers>
  );
}
