import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

/*
 * The website widget's iframe pages. No app shell, no auth and none of the workspace's client
 * providers (the root layout is bare; Providers live in the (app) and (auth) layouts), so a
 * visitor's phone downloads only Next's runtime and the small chat component.
 */
export const metadata: Metadata = {
  title: { default: "Chat", template: "%s" },
  robots: { index: false, follow: false },
  referrer: "origin",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, viewportFit: "cover" };

export default function WidgetLayout({ children }: { children: ReactNode }) {
  return <div className="h-dvh overflow-hidden bg-surface">{children}</div>;
}
