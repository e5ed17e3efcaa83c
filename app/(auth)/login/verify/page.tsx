import type { Metadata } from "next";
import { CancelLoginButton } from "@/components/two-factor/cancel-login-button";
import { requirePendingStep } from "@/lib/next/pending-login-step";
import { callbackPathFrom, errorCodeFrom, type SearchParams } from "@/lib/auth/safe-redirect";
import { signOutAction } from "@/lib/next/sign-out-action";
import { db } from "@/lib/db";
import { currentLockError } from "@/lib/two-factor/lockout";
import { trustedBrowserDaysFor } from "@/lib/auth/trusted-browsers";
import { clockDriftParamSchema } from "@/lib/validations/two-factor";
import { countPasskeys } from "@/lib/webauthn/passkeys";
import { ChallengeForm } from "./challenge-form";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function VerifyPage({ searchParams }: { searchParams: SearchParams }) {
  const target = await callbackPathFrom(searchParams);
  const pending = await requirePendingStep("challenge", target);
  const lockError = await currentLockError({ db, userId: pending.userId, now: new Date() });
  const trustDays = await trustedBrowserDaysFor(db, pending.userId);
  // The ways this user has: a passkey is offered first; the app's code only to a user who has the app.
  const hasPasskey = (await countPasskeys(db, pending.userId)) > 0;
  const hasApp = (await db.user.findUnique({ where: { id: pending.userId }, select: { totpSecret: true } }))?.totpSecret != null;
  const initialError = lockError ?? (await errorCodeFrom(searchParams));
  // A plain form post's refusal of a code that showed the phone's clock off (only with a wrong code).
  const drift = initialError === "INVALID_CODE" ? clockDriftParamSchema.parse((await searchParams).drift) : undefined;
  return (
    <div className="space-y-6">
      <ChallengeForm
        callbackUrl={target}
        initialError={initialError}
        initialClockDriftMinutes={drift}
        trustDays={trustDays}
        hasPasskey={hasPasskey}
        hasApp={hasApp}
      />
      <CancelLoginButton cancel={signOutAction} />
    </div>
  );
}
