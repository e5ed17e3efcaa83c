import type { Metadata } from "next";
import { CancelLoginButton } from "@/components/two-factor/cancel-login-button";
import { requirePendingStep } from "@/lib/auth/pending-login-step";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { signOutAction } from "@/lib/auth/sign-out-action";
import { ChallengeForm } from "./challenge-form";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { callbackUrl } = await searchParams;
  const target = typeof callbackUrl === "string" ? safeRedirectPath(callbackUrl) : undefined;
  await requirePendingStep("challenge", target);
  return (
    <div className="space-y-6">
      <ChallengeForm callbackUrl={target} />
      <CancelLoginButton cancel={signOutAction} />
    </div>
  );
}
