import Link from "next/link";
import type { ReactNode } from "react";
import { buttonVariants } from "@/components/ui/button";
import { SkipLink } from "./skip-link";
import { Wordmark } from "./wordmark";

/** A page outside the app shell (not found, errors): the same landmarks, banner, navigation and one main. */
export function StandalonePage({ children }: { children: ReactNode }) {
  return (
    <>
      <SkipLink />
      <header className="border-b border-border bg-card">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-2 px-4 py-2">
          <p className="text-lg">
            <Wordmark />
          </p>
          <nav aria-label="Main">
            <ul className="flex gap-1">
              <li>
                <Link href="/dashboard" className={buttonVariants({ variant: "ghost" })}>
                  Dashboard
                </Link>
              </li>
              <li>
                <Link href="/settings" className={buttonVariants({ variant: "ghost" })}>
                  Settings
                </Link>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="px-4 py-8 outline-none">
        {children}
      </main>
    </>
  );
}
