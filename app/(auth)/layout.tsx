import type { ReactNode } from "react";
import { SkipLink } from "@/components/app-shell/skip-link";
import { Wordmark } from "@/components/app-shell/wordmark";
import { Card } from "@/components/ui/card";

/** The login steps: the wordmark as the banner, then the step's card as the page's one <main>. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <SkipLink />
      <header className="mb-6 text-center text-2xl">
        <p>
          <Wordmark />
        </p>
      </header>
      <main id="main" tabIndex={-1} className="w-full max-w-md outline-none">
        <Card className="p-6 sm:p-8">{children}</Card>
      </main>
    </div>
  );
}
