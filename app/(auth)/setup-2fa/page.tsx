import type { Metadata } from "next";
import { Toaster } from "@/components/ui/toast";
import { CancelLoginButton } from "@/components/two-factor/cancel-login-button";
import { requirePendingStep } from "@/lib/next/pending-login-step";
import { callbackPathFrom, type SearchParams } from "@/lib/auth/safe-redirect";
import { signOutAction } from "@/lib/next/sign-out-action";
import { beginLoginSetup, passkeyLoginSetupOptions } from "./actions";
import { LoginSetupWizard } from "./login-setup-wizard";

export const metadata: Metadata = { title: "Set up two-factor authentication" };

export default async function SetupTwoFactorPage({ searchParams }: { searchParams: SearchParams }) {
  const target = await callbackPathFrom(searchParams);
  await requirePendingStep("setup", target);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-lg font-semibold text-foreground">Set up two-factor authentication</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Your organisation requires a second step each time you log in: a code from an authenticator app, or a passkey or security key. This takes
          about a minute.
        </p>
      </div>
      <LoginSetupWizard begin={beginLoginSetup} passkeyOptions={passkeyLoginSetupOptions} callbackUrl={target} />
      <CancelLoginButton cancel={signOutAction} />
      {/* Where toasts show (Copy and Download of the codes); only the pages that use them load it, not the login page. */}
      <Toaster />
    </div>
  );
}
