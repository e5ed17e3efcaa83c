"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { TextField } from "@/components/ui/text-field";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { clockDriftMessage, loginErrorMessage } from "@/components/error-messages";
import { useLoginStepForm } from "@/components/auth/login-step";
import { AuthenticationCodeField } from "@/components/two-factor/code-field";
import { usePasskeyLoginAnswer } from "@/components/auth/passkey-login";
import type { ErrorCode } from "@/lib/auth/errors";

type Method = "passkey" | "totp" | "backup-code" | "temporary-code";

const SWITCH_TO: Record<Method, string> = {
  passkey: "Use your passkey",
  totp: "Use your authenticator app",
  "backup-code": "Use a backup code",
  "temporary-code": "Use a temporary access code",
};

const INTRO: Record<Method, string> = {
  passkey: "Use the passkey or security key you added to your account: your device asks for your fingerprint, face, PIN or a touch of the key.",
  totp: "Open your authenticator app and enter the code it shows for Twofold.",
  "backup-code": "Enter one of the backup codes you saved when you set up two-factor authentication. Each code works once.",
  "temporary-code":
    "Enter the temporary access code your admin gave you. It works once; then you set up two-factor authentication again on your new phone.",
};

/**
 * `trustDays`: the organisation's "Remember this browser" setting (0 = off: no checkbox).
 * `hasPasskey`: the user has a passkey, offered first; `hasApp`: an authenticator app (a user with
 * passkeys only is never shown the app's code field).
 */
export function ChallengeForm({
  callbackUrl,
  initialError,
  initialClockDriftMinutes,
  trustDays = 0,
  hasPasskey = false,
  hasApp = true,
}: {
  callbackUrl?: string;
  initialError?: ErrorCode;
  initialClockDriftMinutes?: number;
  trustDays?: number;
  hasPasskey?: boolean;
  hasApp?: boolean;
}) {
  const methods: Method[] = [...(hasPasskey ? (["passkey"] as const) : []), ...(hasApp ? (["totp"] as const) : []), "backup-code", "temporary-code"];
  const [method, setMethod] = useState<Method>(methods[0]!);
  // Before any attempt, a lock already in force (or a plain form post's refusal) is shown straight away.
  const { error, pending, onSubmit, send, clearError } = useLoginStepForm(initialError, initialClockDriftMinutes);
  // What the browser's passkey ceremony said when it could not answer (cancelled, unsupported...).
  const passkey = usePasskeyLoginAnswer(clearError);
  // A wrong code belongs to the form it was typed in; a lock or a limit holds for both.
  const formRef = useFocusOnError<HTMLFormElement>(passkey.message ?? error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    passkey.clearMessage();
    if (method !== "passkey") return onSubmit(event);
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const answer = await passkey.answer();
    if (!answer) return;
    form.set("response", answer);
    await send(form);
  }
  const codeError = error?.error === "INVALID_CODE" || error?.error === "INVALID_INPUT";
  const message =
    error?.error === "INVALID_CODE" && method === "passkey"
      ? "Your passkey's answer was not accepted. Try again, or use another way to sign in."
      : error?.error === "INVALID_CODE" && method === "backup-code"
        ? "That backup code is not valid, or it has been used already. Check it and try again."
        : error?.error === "INVALID_CODE" && method === "temporary-code"
          ? "That temporary access code is not valid: it may have expired, been used already, or been replaced by a newer one. Check it, or ask your admin for a new one."
          : error?.error === "INVALID_CODE" && error.clockDriftMinutes
            ? clockDriftMessage(error.clockDriftMinutes)
            : error
              ? loginErrorMessage(error.error, error.retryAfterSeconds)
              : null;

  return (
    <form ref={formRef} method="post" action="/api/login" onSubmit={submit} className="space-y-5" noValidate>
      <div>
        <h1 className="text-lg font-semibold text-foreground">Two-factor authentication</h1>
        <p className="mt-1 text-sm text-muted-foreground">{INTRO[method]}</p>
      </div>
      {passkey.message ? <Alert tabIndex={-1}>{passkey.message}</Alert> : null}
      {error && error.error !== "INVALID_INPUT" ? <Alert tabIndex={-1}>{message}</Alert> : null}
      {error?.error === "INVALID_INPUT" && method === "passkey" ? <Alert tabIndex={-1}>{error.fieldErrors?.response?.[0] ?? message}</Alert> : null}
      <input type="hidden" name="step" value={method} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      {method === "passkey" ? null : method === "totp" ? (
        <AuthenticationCodeField key="totp" autoFocus errors={error?.fieldErrors?.code} />
      ) : (
        // Both take a XXXX-XXXX-XXXX-XXXX code; keyed by method so switching starts an empty field.
        <TextField
          key={method}
          label={method === "temporary-code" ? "Temporary access code" : "Backup code"}
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
      {trustDays > 0 && method !== "temporary-code" ? <TrustBrowserField days={trustDays} /> : null}
      <Button type="submit" className="w-full" disabled={pending || passkey.asking}>
        {passkey.asking ? "Waiting for your passkey…" : pending ? "Verifying…" : method === "passkey" ? "Use your passkey" : "Verify"}
      </Button>
      <div className="flex flex-col items-start">
        {methods
          .filter((other) => other !== method)
          .map((other) => (
            <Button
              key={other}
              type="button"
              variant="link"
              className="px-0"
              onClick={() => {
                if (codeError) clearError();
                passkey.clearMessage();
                setMethod(other);
              }}
            >
              {SWITCH_TO[other]}
            </Button>
          ))}
        <a
          href={callbackUrl ? `/login/recovery?${new URLSearchParams({ callbackUrl })}` : "/login/recovery"}
          className="inline-flex min-h-11 items-center text-sm font-medium text-link underline-offset-4 hover:underline sm:min-h-9"
        >
          Lost your phone and backup codes?
        </a>
      </div>
    </form>
  );
}

/** "Trust this browser for N days": posts trustBrowser=on with the step, like a native checkbox. */
function TrustBrowserField({ days }: { days: number }) {
  return (
    <div className="flex items-start gap-3">
      <Checkbox id="trust-browser" name="trustBrowser" value="on" aria-describedby="trust-browser-hint" />
      <div className="space-y-0.5">
        <Label htmlFor="trust-browser">Trust this browser for {days} days</Label>
        <p id="trust-browser-hint" className="text-xs text-muted-foreground">
          Only on a device you alone use. Your password is still asked each time; the code is not, until you forget this browser in Settings.
        </p>
      </div>
    </div>
  );
}
