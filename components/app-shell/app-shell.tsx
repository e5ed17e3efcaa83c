import type { ReactNode } from "react";
import { SideNav, type NavSection } from "./side-nav";
import { SignOutButton } from "./sign-out-button";

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
      <aside className="bg-slate-900 px-3 py-4 md:min-h-screen md:w-60 md:shrink-0">
        <p className="mb-4 px-3 text-lg font-bold tracking-tight text-white">
          Two<span className="text-sidebar-brand">fold</span>
        </p>
        <SideNav sections={sections} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3 sm:px-6">
          <div className="min-w-0">
            <p className="truncate text-sm font-semibold text-slate-900" data-testid="current-user">
              {user.name}
            </p>
            <p className="truncate text-xs text-slate-500" data-testid="current-organisation">
              {user.organisationName} · {user.email}
            </p>
          </div>
          <SignOutButton signOut={signOut} />
        </header>
        <main className="flex-1 px-4 py-6 sm:px-6 lg:px-8">{children}</main>
      </div>
    </div>
  );
}
