"use client";

import Link from "next/link";
import { useEffect } from "react";

/** A page that failed on the server or in the browser, inside the app's frame, with a way on. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    document.title = "Something went wrong · Attend";
  }, []);
  return (
    <section className="mx-auto max-w-xl space-y-4 py-8 text-center" aria-labelledby="error-title">
      <p className="text-sm font-semibold tracking-wide text-red-700 dark:text-red-300">Error</p>
      <h1 id="error-title" className="text-2xl font-semibold">Something went wrong on this page</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        Your reviews and answers saved before this are kept. Try again, or go back home.
        {error.digest && (
          <>
            {" "}
            If it keeps happening, tell whoever runs this Attend the code <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">{error.digest}</code>.
          </>
        )}
      </p>
      <p className="flex flex-wrap justify-center gap-3">
        <button type="button" onClick={reset} className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500">
          Try again
        </button>
        <Link href="/" className="rounded-lg px-4 py-2 font-medium no-underline ring-1 ring-zinc-300 hover:bg-zinc-100 hover:no-underline dark:ring-zinc-700 dark:hover:bg-zinc-800">
          Home
        </Link>
      </p>
    </section>
  );
}
