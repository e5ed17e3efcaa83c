import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell/app-shell";
import type { NavSection } from "@/components/app-shell/side-nav";
import { requireUser } from "@/lib/auth/current-user";
import { signOutAction } from "@/lib/auth/sign-out-action";

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
    sections.push({ title: "Admin", items: [{ href: "/admin/login-and-2fa", label: "Login and 2FA" }] });
  }
  return (
    <AppShell user={user} sections={sections} signOut={signOutAction}>
      {children}
    </AppShell>
  );
}
