"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { NEW_PASSWORD_HINT } from "@/lib/validations/password-hint";
import { resetPasswordWithLink } from "./actions";

/** An unknown, expired or used link: said plainly, with the way to a new one. */
export function LinkNoLongerValid() {
  return (
    <div className="space-y-5">
      <h1 className="text-lg font-semibold text-foreground">This link is no longer valid</h1>
      <p className="text-sm text-muted-foreground">
        This link is no longer valid — ask for a new one. A reset link works once, for 30 minutes, and only the newest one you asked for works.
      </p>
      <a href="/forgot-password" className="inline-flex min-h-6 items-center text-sm font-medium text-link underline underline-offset-4">
        Ask for a new link
      </a>
    </div>
  );
}

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const [state, formAction, pending] = useActionState(resetPasswordWithLink, null);
  const error = state && !state.ok ? state : null;
  const formRef = useFocusOnError<HTMLFormElement>(error);
  if (error?.error === "LINK_INVALID") return <LinkNoLongerValid />;

  return (
    <form ref={formRef} action={formAction} className="space-y-5" noValidate>
      <div>
        <h1 className="text-lg font-semibold text-foreground">Choose a new password</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          For {email}. Every session of your account is signed out; then you log in with the new password and your second factor.
        </p>
      </div>
      {error && error.error !== "INVALID_INPUT" ? <Alert tabIndex={-1}>{error.message ?? ERROR_MESSAGES[error.error]}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      {/* Lets a password manager file the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        maxLength={128}
        required
        hint={NEW_PASSWORD_HINT}
        errors={error?.fieldErrors?.password}
      />
      <TextField
        label="Confirm new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        maxLength={128}
        required
        errors={error?.fieldErrors?.confirmPassword}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
