import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { PasswordForm } from "@/components/account/password-form";
import { SignOutButton } from "@/components/account/sign-out-button";
import { SignOutEverywhere } from "@/components/account/sign-out-everywhere";

const SECONDARY = "min-h-11 rounded-lg px-4 py-2 ring-1 ring-zinc-300 hover:bg-zinc-100 disabled:opacity-60 dark:ring-zinc-700 dark:hover:bg-zinc-800";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <div className="mx-auto max-w-sm space-y-8">
      <section className="space-y-2">
        <h1 className="text-2xl font-semibold">Account</h1>
        <p className="text-zinc-700 dark:text-zinc-300">
          {user.name} · {user.email} · {user.role}
        </p>
        <p className="text-sm">
          <Link href="/settings">Study settings</Link> · <Link href="/leeches">Leeches</Link>
        </p>
      </section>
      <section className="space-y-3" aria-labelledby="password-heading">
        <h2 id="password-heading" className="text-lg font-semibold">Change password</h2>
        <PasswordForm />
      </section>
      <section className="flex flex-wrap items-start gap-3" aria-label="Sessions">
        <SignOutButton className={SECONDARY} />
        <SignOutEverywhere className={SECONDARY} />
      </section>
    </div>
  );
}
