import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: "Konversio", template: "%s · Konversio" },
  description: "Customer conversations from every channel, in one calm workspace.",
};

export const viewport: Viewport = { themeColor: "#5753d0" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="bg-canvas text-base text-fg antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
