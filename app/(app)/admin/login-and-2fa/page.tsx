import type { Metadata } from "next";
import { headers } from "next/headers";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent } from "@/components/ui/card";
import type { SearchParams } from "@/lib/auth/safe-redirect";
import { db } from "@/lib/db";
import { requireAdmin } from "@/lib/next/current-user";
import { adminConfirmWith } from "@/lib/admin/confirm-admin";
import { listUsers } from "@/lib/admin/list-users";
import { loadOrganisationSettings } from "@/lib/admin/organisation-settings";
import { userTableParamsSchema } from "@/lib/validations/admin";
import { loadAccessList } from "@/lib/access-list/manage-access-list";
import { clientIpFrom } from "@/lib/request-ip";
import { AccessList } from "./access-list";
import { AddUserDialog } from "./add-user-dialog";
import { LoginMethodForm } from "./login-method-form";
import { PolicyForm } from "./policy-form";
import { TrustedBrowsersForm } from "./trusted-browsers-form";
import { organisationTrustedBrowserDays } from "@/lib/auth/trusted-browsers";
import { UsersTable } from "./users-table";
import { RecoveryRequests } from "./recovery-requests";
import { listOpenRecoveryRequests } from "@/lib/recovery/recovery-requests";

export const metadata: Metadata = { title: "Login and 2FA" };

export default async function LoginAndTwoFactorPage({ searchParams }: { searchParams: SearchParams }) {
  const admin = await requireAdmin();
  const params = userTableParamsSchema.parse(await searchParams);
  const organisation = await loadOrganisationSettings({ db, organisationId: admin.organisationId });
  const accessList = await loadAccessList(db, admin.organisationId);
  const page = await listUsers({ db, organisationId: admin.organisationId, params, now: new Date(), currentUserId: admin.id });
  const confirmWith = await adminConfirmWith(db, admin.id);
  const recoveryRequests = await listOpenRecoveryRequests({ db, organisationId: admin.organisationId });

  return (
    <>
      <PageHeader title="Login and 2FA" description={`Choose how the people of ${admin.organisationName} sign in, and from where.`} />
      <div className="space-y-6">
        {/* Keyed by the saved value: after a save the form starts again from what was saved. */}
        <LoginMethodForm key={organisation.loginMethod} value={organisation.loginMethod} confirmWith={confirmWith} />
        {organisation.loginMethod === "STANDARD" ? (
          <Alert tone="info">
            The login method is Standard: nobody is asked for a code. The policy and each user&apos;s 2FA below are kept and apply again when you
            switch to Two-Factor Authentication.
          </Alert>
        ) : null}
        <PolicyForm requireTwoFactor={organisation.requireTwoFactor} graceDays={organisation.twoFactorGraceDays} />
        {/* Not keyed: its answer stays on screen through the refresh that follows a save. */}
        <TrustedBrowsersForm value={await organisationTrustedBrowserDays(db, admin.organisationId)} confirmWith={confirmWith} />
        <RecoveryRequests
          requests={recoveryRequests.map((request) => ({ ...request, createdAt: request.createdAt.toISOString() }))}
          confirmWith={confirmWith}
        />
        <section aria-labelledby="users-heading" className="space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="users-heading" className="text-base font-semibold text-foreground">
              Users
            </h2>
            <AddUserDialog />
          </div>
          <UsersTable page={page} params={params} confirmWith={confirmWith} currentUserId={admin.id} />
        </section>
        <Card aria-labelledby="access-list-heading">
          <CardContent>
            <AccessList list={accessList} currentIp={clientIpFrom(await headers())} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
