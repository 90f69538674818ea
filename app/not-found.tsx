import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

/** Every 404 (an unknown address, a card or test that is gone), inside the app's own frame. */
export default function NotFound() {
  return (
    <section className="mx-auto max-w-xl space-y-4 py-8 text-center" aria-labelledby="not-found-title">
      <p className="text-sm font-semibold tracking-wide text-indigo-700 dark:text-indigo-300">404</p>
      <h1 id="not-found-title" className="text-2xl font-semibold">This page is not here</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        The address may be mistyped, or the card or test was removed from the content. Cards keep their history when their question comes back.
      </p>
      <p className="flex flex-wrap justify-center gap-3">
        <Link href="/" className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white no-underline hover:bg-indigo-500 hover:no-underline dark:text-white">
          Home
        </Link>
        <Link href="/cards" className="rounded-lg px-4 py-2 font-medium no-underline ring-1 ring-zinc-300 hover:bg-zinc-100 hover:no-underline dark:ring-zinc-700 dark:hover:bg-zinc-800">
          Browse cards
        </Link>
      </p>
    </section>
  );
}
