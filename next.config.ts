import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and must not be bundled; pg-boss and pg use native Node APIs.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg-boss", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
