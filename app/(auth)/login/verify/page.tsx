import type { Metadata } from "next";
import { CancelLoginButton } from "@/components/two-factor/cancel-login-button";
import { requirePendingStep } from "@/lib/auth/pending-login-step";
import { callbackPathFrom, type SearchParams } from "@/lib/auth/safe-redirect";
import { signOutAction } from "@/lib/auth/sign-out-action";
import { db } from "@/lib/db";
import { lockState } from "@/lib/two-factor/lockout";
import { secondFactorError } from "@/lib/two-factor/result-to-error";
import { ChallengeForm } from "./challenge-form";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function VerifyPage({ searchParams }: { searchParams: SearchParams }) {
  const target = await callbackPathFrom(searchParams);
  const pending = await requirePendingStep("challenge", target);
  const user = await db.user.findUniqueOrThrow({
    where: { id: pending.userId },
    select: { twoFactorStatus: true, twoFactorFailures: true, twoFactorLockedUntil: true },
  });
  const lock = lockState(user, new Date());
  return (
    <div className="space-y-6">
      <ChallengeForm
        callbackUrl={target}
        lockedError={lock.kind === "open" ? undefined : secondFactorError({ reason: "locked", lock })}
      />
      <CancelLoginButton cancel={signOutAction} />
    </div>
  );
}
