import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell/app-shell";
import { Toaster } from "@/components/ui/toast";
import type { NavSection } from "@/components/app-shell/side-nav";
import { GraceBanner } from "@/components/two-factor/grace-banner";
import { requireUser } from "@/lib/next/current-user";
import { signOutAction } from "@/lib/next/sign-out-action";
import { graceDaysLeft } from "@/lib/auth/login-flow";
import { db } from "@/lib/db";
import { countOpenRecoveryRequests } from "@/lib/recovery/recovery-requests";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const sections: NavSection[] = [
    {
      items: [
        { href: "/dashboard", label: "Dashboard" },
        { href: "/settings", label: "Settings" },
      ],
    },
  ];
  if (user.role === "ADMIN") {
    // Users waiting for a temporary access code: counted beside the page that deals with them.
    const recoveryRequests = await countOpenRecoveryRequests({ db, organisationId: user.organisationId });
    sections.push({
      title: "Admin",
      items: [
        {
          href: "/admin/login-and-2fa",
          label: "Login and 2FA",
          ...(recoveryRequests > 0
            ? { count: { value: recoveryRequests, label: `${recoveryRequests} open recovery ${recoveryRequests === 1 ? "request" : "requests"}` } }
            : {}),
        },
        { href: "/admin/audit", label: "Audit log" },
      ],
    });
  }
  // The session read already knows the grace period (no query of its own).
  const daysLeft = graceDaysLeft({ twoFactorStatus: "REQUIRED", twoFactorDueAt: user.graceUntil }, new Date());
  return (
    <AppShell user={user} sections={sections} signOut={signOutAction}>
      {daysLeft !== null ? <GraceBanner daysLeft={daysLeft} /> : null}
      {children}
      <Toaster />
    </AppShell>
  );
}
