import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { findInvitation } from "@/lib/admin/invitations";
import type { SearchParams } from "@/lib/auth/safe-redirect";
import { invitationTokenSchema } from "@/lib/validations/invitation";
import { InvitationForm } from "./invitation-form";

export const metadata: Metadata = { title: "Accept your invitation" };

/**
 * The invitation email's link (`/invitation?token=…`): public, never cached, and its token never
 * sent on in a Referer (proxy.ts). An unknown, used, revoked or expired link is a 404 that says so.
 */
export default async function InvitationPage({ searchParams }: { searchParams: SearchParams }) {
  const token = invitationTokenSchema.parse((await searchParams).token);
  const invitation = await findInvitation({ db, token, now: new Date() });
  if (!invitation) notFound();
  return <InvitationForm token={token} email={invitation.email} organisationName={invitation.organisationName} />;
}
