import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled;
  // prom-client: one copy for instrumentation and the route handlers, which share its registry.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "prom-client"],
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  // Lets parallel checkouts or helpers build side by side (NEXT_DIST_DIR=.next-foo).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: false,
};

export default nextConfig;
