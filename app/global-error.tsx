"use client";

import "./globals.css";

/** When the root layout itself fails: the same page as error.tsx, with its own html and body. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <head>
        <title>Something went wrong · Attend</title>
      </head>
      <body className="min-h-screen">
        <main className="mx-auto max-w-xl space-y-4 px-4 py-12 text-center">
          <p className="text-base font-semibold">Attend</p>
          <h1 className="text-2xl font-semibold">Something went wrong</h1>
          <p className="text-zinc-600 dark:text-zinc-400">
            The page could not be shown. Your reviews and answers saved before this are kept.
            {error.digest && <> Code: <code>{error.digest}</code>.</>}
          </p>
          <p className="flex flex-wrap justify-center gap-3">
            <button type="button" onClick={reset} className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500">
              Try again
            </button>
            {/* a full page load: the app's client router may be what failed */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
            <a href="/" className="rounded-lg px-4 py-2 font-medium ring-1 ring-zinc-300 dark:ring-zinc-700">
              Home
            </a>
          </p>
        </main>
      </body>
    </html>
  );
}
