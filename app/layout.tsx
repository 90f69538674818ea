import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { getSessionUser } from "@/lib/auth/session";
import { SerwistProvider } from "@serwist/turbopack/react";
import { RemoteImages } from "@/components/content/remote-images";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Attend", template: "%s · Attend" },
  description: "Learn how transformers work: flashcards, timed tests and live widgets.",
  // The image files are in public/ (drawn from public/icon.svg by scripts/make-icons.ts).
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
      { url: "/icon-192.png", type: "image/png", sizes: "192x192" },
    ],
    apple: [{ url: "/apple-touch-icon.png", sizes: "180x180" }],
  },
  appleWebApp: { capable: true, title: "Attend", statusBarStyle: "default" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#4f46e5" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await getSessionUser();
  return (
    <html lang="en">
      <body className="min-h-screen">
        {/* The service worker (lib/offline/sw.ts): the app shell and the review page work offline. The
            review page syncs when the connection is back, so nothing reloads on its own. */}
        {/* cacheOnNavigation off: the worker keeps pages as they load (network first, lib/offline/sw.ts)
            and the review page asks for its own copy; Serwist's history wrapper would post every
            replaceState (a widget's slider) to the worker, and a URL object fails to clone there. */}
        <SerwistProvider swUrl="/serwist/sw.js" reloadOnOnline={false} cacheOnNavigation={false}>
          <header className="border-b border-zinc-200 dark:border-zinc-800">
            <nav className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 text-sm sm:gap-x-5">
              <Link href="/" className="text-base font-semibold text-zinc-900 no-underline dark:text-zinc-100">
                Attend
              </Link>
              {user && <Link href="/review">Review</Link>}
              <Link href="/cards">Cards</Link>
              {user && <Link href="/tests">Tests</Link>}
              {user && <Link href="/stats">Stats</Link>}
              {user && <Link href="/settings">Settings</Link>}
              {user?.role === "author" && <Link href="/author">Author</Link>}
              <span className="ml-auto">
                {user ? (
                  <Link href="/account" title={user.email} className="inline-block max-w-32 truncate align-bottom">
                    {user.name}
                  </Link>
                ) : (
                  <Link href="/login">Sign in</Link>
                )}
              </span>
            </nav>
          </header>
          <main className="mx-auto max-w-5xl px-4 py-6">{children}</main>
          <RemoteImages />
        </SerwistProvider>
      </body>
    </html>
  );
}
