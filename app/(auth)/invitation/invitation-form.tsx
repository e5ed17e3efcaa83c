"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { acceptInvitationAction } from "./actions";
import { InvitationInvalid } from "./invitation-invalid";

export function InvitationForm({ token, email, organisationName }: { token: string; email: string; organisationName: string }) {
  const [state, formAction, pending] = useActionState(acceptInvitationAction, null);
  const error = state && !state.ok ? state : null;
  const formRef = useFocusOnError<HTMLFormElement>(error);

  if (error?.error === "INVITATION_INVALID") return <InvitationInvalid />;
  return (
    <form ref={formRef} action={formAction} className="space-y-5" noValidate>
      <div>
        <h1 className="text-lg font-semibold text-foreground">Join {organisationName}</h1>
        <p className="mt-1 text-sm text-muted-foreground">You were invited to Twofold. Choose your password to finish setting up your account.</p>
      </div>
      {error && error.error !== "INVALID_INPUT" ? <Alert tabIndex={-1}>{error.message ?? ERROR_MESSAGES[error.error]}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      {/* The account's address, for the person and their password manager (it saves the password under it). */}
      <TextField label="Email" name="email" type="email" autoComplete="username" value={email} readOnly />
      <h2 className="text-base font-semibold text-foreground">Choose your password</h2>
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters; 15 or more is better. A long phrase is easy to remember; common passwords are refused."
        errors={error?.fieldErrors?.password}
      />
      <TextField
        label="Confirm password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        errors={error?.fieldErrors?.confirmPassword}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Setting your password…" : "Set password and continue"}
      </Button>
    </form>
  );
}
