import type { Metadata } from "next";
import { CancelLoginButton } from "@/components/two-factor/cancel-login-button";
import { requirePendingStep } from "@/lib/next/pending-login-step";
import { callbackPathFrom, type SearchParams } from "@/lib/auth/safe-redirect";
import { signOutAction } from "@/lib/next/sign-out-action";
import { db } from "@/lib/db";
import { openRecoveryRequestOf } from "@/lib/recovery/recovery-requests";
import { RecoveryRequestForm } from "./recovery-request-form";

export const metadata: Metadata = { title: "Ask your admins for help" };

export default async function RecoveryRequestPage({ searchParams }: { searchParams: SearchParams }) {
  const target = await callbackPathFrom(searchParams);
  const pending = await requirePendingStep("challenge", target);
  const openSince = await openRecoveryRequestOf({ db, userId: pending.userId });
  return (
    <div className="space-y-6">
      <RecoveryRequestForm callbackUrl={target} openSince={openSince?.toISOString() ?? null} />
      <CancelLoginButton cancel={signOutAction} />
    </div>
  );
}
