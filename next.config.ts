import type { NextConfig } from "next";
import { API_CSP, COMMON_HEADERS } from "./lib/http/headers";

const common = Object.entries(COMMON_HEADERS).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // Native and WASM-backed server packages load from node_modules at run time, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@node-rs/argon2", "@open-spaced-repetition/binding"],
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` type-checks the whole project (tsc --noEmit) as its first step; the build need
  // not do it again.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // proxy.ts buffers the bodies of the requests it sees (pages, server actions, /api/auth);
    // none needs more than this, and it refuses larger declared bodies with 413.
    proxyClientMaxBodySize: "1mb",
  },
  // Pages get these plus a per-request CSP from proxy.ts; API answers a CSP that allows nothing.
  async headers() {
    return [
      { source: "/:path*", headers: common },
      { source: "/api/:path*", headers: [{ key: "content-security-policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;
