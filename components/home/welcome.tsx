import Link from "next/link";

/** For visitors who are not signed in: what Attend is, and the way in. */
export function Welcome() {
  return (
    <section className="space-y-3 rounded-xl border border-zinc-200 p-5 dark:border-zinc-800">
      <h1 className="text-2xl font-semibold">Learn how transformers work, a few minutes a day</h1>
      <p className="text-zinc-700 dark:text-zinc-300">
        Attend schedules flashcards on attention, softmax, KV caches and more with FSRS, so you review each idea just
        before you would forget it. Keyboard only, math rendered, works on your phone.
      </p>
      <p className="flex flex-wrap gap-3">
        <Link href="/login" className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white no-underline hover:bg-indigo-500 hover:no-underline dark:text-white">
          Sign in
        </Link>
        <Link href="/register" className="rounded-lg px-4 py-2 font-medium ring-1 ring-zinc-300 no-underline hover:bg-zinc-100 hover:no-underline dark:ring-zinc-700 dark:hover:bg-zinc-800">
          Create account
        </Link>
      </p>
    </section>
  );
}
