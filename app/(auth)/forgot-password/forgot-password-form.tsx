"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { requestReset } from "./actions";

/** The answer is the same whether or not the address has an account (no oracle). */
export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [state, formAction, pending] = useActionState(requestReset, null);
  const error = state && !state.ok ? state : null;
  const formRef = useFocusOnError<HTMLFormElement>(error);

  if (state?.ok) {
    return (
      <div className="space-y-5">
        <h1 className="text-lg font-semibold text-foreground">Check your email</h1>
        <Alert tone="success">If an account exists for {state.data.email}, we sent a link to reset its password. It works for 30 minutes.</Alert>
        <p className="text-sm text-muted-foreground">
          No email after a few minutes? Check your spam folder, or{" "}
          <a href="/forgot-password" className="text-link underline underline-offset-4">
            ask again
          </a>
          .
        </p>
        <p>
          <a href="/login" className="inline-flex min-h-6 items-center text-sm font-medium text-link underline-offset-4 hover:underline">
            Back to log in
          </a>
        </p>
      </div>
    );
  }

  return (
    <form ref={formRef} action={formAction} className="space-y-5" noValidate>
      <div>
        <h1 className="text-lg font-semibold text-foreground">Forgot your password?</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Enter the email address of your account. We will send you a link to choose a new password. Your two-factor authentication stays on.
        </p>
      </div>
      {error && error.error !== "INVALID_INPUT" ? <Alert tabIndex={-1}>{error.message ?? ERROR_MESSAGES[error.error]}</Alert> : null}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        errors={error?.fieldErrors?.email}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Send reset link"}
      </Button>
      <p>
        <a href="/login" className="inline-flex min-h-6 items-center text-sm font-medium text-link underline-offset-4 hover:underline">
          Back to log in
        </a>
      </p>
    </form>
  );
}
