"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { clockDriftMessage, loginErrorMessage } from "@/components/error-messages";
import { useLoginStepForm } from "@/components/auth/login-step";
import { AuthenticationCodeField } from "@/components/two-factor/code-field";
import type { ErrorCode } from "@/lib/auth/errors";

type Method = "totp" | "backup-code";

export function ChallengeForm({
  callbackUrl,
  initialError,
  initialClockDriftMinutes,
}: {
  callbackUrl?: string;
  initialError?: ErrorCode;
  initialClockDriftMinutes?: number;
}) {
  const [method, setMethod] = useState<Method>("totp");
  // Before any attempt, a lock already in force (or a plain form post's refusal) is shown straight away.
  const { error, pending, onSubmit, clearError } = useLoginStepForm(initialError, initialClockDriftMinutes);
  // A wrong code belongs to the form it was typed in; a lock or a limit holds for both.
  const formRef = useFocusOnError<HTMLFormElement>(error);
  const codeError = error?.error === "INVALID_CODE" || error?.error === "INVALID_INPUT";
  const message =
    error?.error === "INVALID_CODE" && method === "backup-code"
      ? "That backup code is not valid, or it has been used already. Check it and try again."
      : error?.error === "INVALID_CODE" && error.clockDriftMinutes
        ? clockDriftMessage(error.clockDriftMinutes)
        : error
          ? loginErrorMessage(error.error, error.retryAfterSeconds)
          : null;

  return (
    <form ref={formRef} method="post" action="/api/login" onSubmit={onSubmit} className="space-y-5" noValidate>
      <div>
        <h1 className="text-lg font-semibold text-foreground">Two-factor authentication</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          {method === "totp"
            ? "Open your authenticator app and enter the code it shows for Twofold."
            : "Enter one of the backup codes you saved when you set up two-factor authentication. Each code works once."}
        </p>
      </div>
      {error && error.error !== "INVALID_INPUT" ? <Alert tabIndex={-1}>{message}</Alert> : null}
      <input type="hidden" name="step" value={method} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      {method === "totp" ? (
        <AuthenticationCodeField key="totp" autoFocus errors={error?.fieldErrors?.code} />
      ) : (
        <TextField
          key="backup"
          label="Backup code"
          name="code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder="XXXX-XXXX-XXXX-XXXX"
          required
          autoFocus
          errors={error?.fieldErrors?.code}
        />
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Verifying…" : "Verify"}
      </Button>
      <Button
        type="button"
        variant="link"
        className="px-0"
        onClick={() => {
          if (codeError) clearError();
          setMethod(method === "totp" ? "backup-code" : "totp");
        }}
      >
        {method === "totp" ? "Use a backup code" : "Use your authenticator app"}
      </Button>
    </form>
  );
}
