import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Login and 2FA" };

export default async function LoginAndTwoFactorPage() {
  const admin = await requireAdmin();
  return (
    <>
      <PageHeader
        title="Login and 2FA"
        description={`Choose how the people of ${admin.organisationName} sign in and from where.`}
      />
      <div className="rounded-xl bg-white p-6 text-sm text-slate-600 shadow-sm ring-1 ring-slate-200">
        The users table, bulk 2FA actions and the Access List arrive here next.
      </div>
    </>
  );
}
