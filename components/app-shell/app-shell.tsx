import Link from "next/link";
import type { ReactNode } from "react";
import { MobileNav } from "./mobile-nav";
import { SideNav, type NavSection } from "./side-nav";
import { SignOutButton } from "./sign-out-button";
import { SkipLink } from "./skip-link";
import { Wordmark } from "./wordmark";

export function AppShell({
  user,
  sections,
  signOut,
  children,
}: {
  user: { name: string; email: string; organisationName: string };
  sections: NavSection[];
  signOut: (formData: FormData) => Promise<unknown>;
  children: ReactNode;
}) {
  return (
    <div className="min-h-screen md:flex">
      <SkipLink />
      <aside aria-label="Side panel" className="hidden bg-sidebar px-3 py-4 text-sidebar-foreground md:block md:min-h-screen md:w-60 md:shrink-0">
        <p className="mb-4 px-3 text-lg">
          <Link href="/dashboard" className="rounded-sm focus-visible:outline-2 focus-visible:outline-sidebar-brand">
            <Wordmark surface="sidebar" />
          </Link>
        </p>
        <SideNav sections={sections} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center gap-3 border-b border-border bg-card px-4 py-3 sm:px-6">
          <MobileNav sections={sections} />
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-semibold text-card-foreground" data-testid="current-user">
              {user.name}
            </p>
            <p className="truncate text-xs text-muted-foreground" data-testid="current-organisation">
              {user.organisationName} · {user.email}
            </p>
          </div>
          <SignOutButton signOut={signOut} />
        </header>
        {/* The one <main> of every signed-in page; tabIndex lets the skip link move focus into it. */}
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 outline-none sm:px-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
