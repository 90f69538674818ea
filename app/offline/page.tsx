import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Offline" };

/** Shown by the service worker for a page this device has not kept, while there is no connection. */
export default function OfflinePage() {
  return (
    <div className="mx-auto max-w-xl space-y-3">
      <h1 className="text-2xl font-semibold">You are offline</h1>
      <p className="text-zinc-700 dark:text-zinc-300">
        This page has not been kept on this device. Reviews keep working offline: open the review page you last used, and your grades are
        saved on this device until the connection is back.
      </p>
      <p>
        <Link href="/review">Go to review</Link> · <Link href="/">Home</Link>
      </p>
    </div>
  );
}
