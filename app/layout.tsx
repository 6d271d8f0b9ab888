import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = {
  title: { default: "Konversio", template: "%s · Konversio" },
  description: "Customer conversations from every channel, in one calm workspace.",
};

export const viewport: Viewport = { themeColor: "#5753d0" };

/*
 * Deliberately bare: the workspace's client providers (TanStack Query, toasts, tooltips) live in
 * the (app) and (auth) layouts, so the website widget's iframe page (app/widget) ships none of them.
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="bg-canvas text-base text-fg antialiased">{children}</body>
    </html>
  );
}
