/**
 * Attend's service worker (Serwist), built by app/serwist/[path]/route.ts and served at
 * /serwist/sw.js for the whole site. What it keeps (docs/offline.md):
 * - the build's static files (precached at install), so the app shell loads offline;
 * - pages, network first: online they are always fresh, offline the last copy is shown, and a
 *   page never visited shows /offline; the review page asks for its own copy when it loads;
 * - images, cache first (card images among them; the review page asks for the day's).
 * API answers are never kept: the review page keeps the day's queue in IndexedDB itself.
 */
import { CacheFirst, ExpirationPlugin, NetworkFirst, NetworkOnly, Serwist, type PrecacheEntry } from "serwist";

type Manifest = { __SW_MANIFEST: (PrecacheEntry | string)[] | undefined };

const sameOriginPage = ({ request, url, sameOrigin }: { request: Request; url: URL; sameOrigin: boolean }) =>
  sameOrigin &&
  !url.pathname.startsWith("/api/") &&
  !url.pathname.startsWith("/_next/") &&
  request.headers.get("RSC") !== "1" &&
  (request.mode === "navigate" || (request.headers.get("accept") ?? "").includes("text/html"));

const serwist = new Serwist({
  precacheEntries: (self as unknown as Manifest).__SW_MANIFEST,
  skipWaiting: true,
  clientsClaim: true,
  navigationPreload: false,
  runtimeCaching: [
    { matcher: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith("/api/"), handler: new NetworkOnly() },
    {
      matcher: sameOriginPage,
      handler: new NetworkFirst({
        cacheName: "attend-pages",
        networkTimeoutSeconds: 8,
        matchOptions: { ignoreVary: true },
        plugins: [new ExpirationPlugin({ maxEntries: 48 })],
      }),
    },
    {
      matcher: ({ request, url, sameOrigin }) => sameOrigin && request.headers.get("RSC") === "1" && !url.pathname.startsWith("/api/"),
      handler: new NetworkFirst({ cacheName: "attend-rsc", networkTimeoutSeconds: 8, plugins: [new ExpirationPlugin({ maxEntries: 48 })] }),
    },
    {
      matcher: ({ request, url, sameOrigin }) => sameOrigin && (request.destination === "image" || /\.(?:png|jpe?g|gif|svg|webp|avif)$/i.test(url.pathname)),
      handler: new CacheFirst({ cacheName: "attend-images", plugins: [new ExpirationPlugin({ maxEntries: 400, maxAgeSeconds: 30 * 24 * 3600 })] }),
    },
    {
      matcher: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith("/_next/static/"),
      handler: new CacheFirst({ cacheName: "attend-static", plugins: [new ExpirationPlugin({ maxEntries: 400 })] }),
    },
  ],
  fallbacks: { entries: [{ url: "/offline", matcher: ({ request }) => request.destination === "document" }] },
});

serwist.addEventListeners();
