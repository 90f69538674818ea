import { randomUUID } from "node:crypto";
import { createSerwistRoute } from "@serwist/turbopack";

/**
 * The service worker (lib/offline/sw.ts), bundled with its precache list at build time and served
 * as /serwist/sw.js (Serwist's Turbopack integration: Next 16 builds with Turbopack, which takes
 * no webpack plugin). The offline page is precached with a revision per build.
 */
const revision = randomUUID();

export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: "lib/offline/sw.ts",
  useNativeEsbuild: true,
  additionalPrecacheEntries: [{ url: "/offline", revision }],
  // The widgets' model weights and TF.js wasm (about 3 MB) are fetched when a widget runs, not at install.
  globIgnores: ["public/model/**", "public/tfjs/**"],
});
