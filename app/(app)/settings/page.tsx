import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/next/current-user";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader title="Settings" description="Your account." />
      <SettingsTabs current="/settings" />
      <Card className="max-w-xl" aria-labelledby="profile-heading">
        <CardHeader>
          <CardTitle id="profile-heading">Profile</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-1 gap-y-1 text-sm sm:grid-cols-[8rem_1fr] sm:gap-y-3">
            <dt className="text-muted-foreground">Name</dt>
            <dd className="mb-2 break-words text-foreground sm:mb-0">{user.name}</dd>
            <dt className="text-muted-foreground">Email</dt>
            <dd className="mb-2 break-all text-foreground sm:mb-0">{user.email}</dd>
            <dt className="text-muted-foreground">Organisation</dt>
            <dd className="break-words text-foreground">{user.organisationName}</dd>
          </dl>
        </CardContent>
      </Card>
    </>
  );
}
