import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and must not be bundled; pg-boss, pg and the mail libraries use native Node APIs.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg-boss", "pg", "imapflow", "mailparser", "nodemailer", "linkedom", "sanitize-html"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
