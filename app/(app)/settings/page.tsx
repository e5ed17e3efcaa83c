import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { requireUser } from "@/lib/next/current-user";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader title="Settings" description="Your account." />
      <SettingsTabs current="/settings" />
      <dl className="grid max-w-xl grid-cols-[8rem_1fr] gap-y-3 rounded-xl bg-white p-6 text-sm shadow-sm ring-1 ring-slate-200">
        <dt className="text-slate-500">Name</dt>
        <dd className="text-slate-900">{user.name}</dd>
        <dt className="text-slate-500">Email</dt>
        <dd className="text-slate-900">{user.email}</dd>
        <dt className="text-slate-500">Organisation</dt>
        <dd className="text-slate-900">{user.organisationName}</dd>
      </dl>
    </>
  );
}
