import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { db } from "@/lib/db";
import { loadSecurityStatus } from "@/lib/dashboard/security-status";
import { loadSignInActivity } from "@/lib/dashboard/sign-in-activity";
import { loadTwoFactorCoverage } from "@/lib/dashboard/two-factor-coverage";
import { requireUser } from "@/lib/next/current-user";
import { OrganisationCharts } from "./organisation-charts";
import { SecurityStatusCard } from "./security-status-card";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  const now = new Date();
  const scope = { db, organisationId: user.organisationId, now };
  const [security, organisation] = await Promise.all([
    loadSecurityStatus({ ...scope, userId: user.id }),
    user.role === "ADMIN" ? Promise.all([loadTwoFactorCoverage(scope), loadSignInActivity(scope)]) : null,
  ]);
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Welcome back, ${user.name}. You are signed in to ${user.organisationName} as ${user.role === "ADMIN" ? "an administrator" : "a member"}.`}
      />
      <div className="grid gap-6">
        <SecurityStatusCard security={security} />
        {organisation ? <OrganisationCharts coverage={organisation[0]} activity={organisation[1]} /> : null}
      </div>
    </>
  );
}
