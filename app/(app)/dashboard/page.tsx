import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/next/current-user";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader title="Dashboard" description={`Welcome back, ${user.name}.`} />
      <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <p className="text-sm text-slate-600">
          You are signed in to <strong className="font-semibold text-slate-900">{user.organisationName}</strong> as{" "}
          {user.role === "ADMIN" ? "an administrator" : "a member"}.
        </p>
      </div>
    </>
  );
}
