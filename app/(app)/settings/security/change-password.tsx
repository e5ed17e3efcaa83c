"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { AuthenticationCodeField } from "@/components/two-factor/code-field";
import { NEW_PASSWORD_HINT } from "@/lib/validations/password-hint";
import { changeOwnPassword } from "./actions";

type Method = "totp" | "backup-code";

/** Settings > Security > Password: a button that opens the form; the form's result is said in the section. */
export function ChangePassword({ twoFactorOn }: { twoFactorOn: boolean }) {
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="mt-4 space-y-4">
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {open ? (
        <>
          <ChangePasswordForm
            twoFactorOn={twoFactorOn}
            onDone={(ended) => {
              setOpen(false);
              setNotice(
                `Your password was changed.${ended ? ` ${ended} other ${ended === 1 ? "session was" : "sessions were"} signed out.` : ""} This session stays signed in.`,
              );
            }}
          />
          <Button variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </>
      ) : (
        <Button
          variant="secondary"
          onClick={() => {
            setNotice(null);
            setOpen(true);
          }}
        >
          Change password
        </Button>
      )}
    </div>
  );
}

function ChangePasswordForm({ twoFactorOn, onDone }: { twoFactorOn: boolean; onDone: (ended: number) => void }) {
  const [method, setMethod] = useState<Method>("totp");
  const [state, formAction, pending] = useActionState(async (_previous: Awaited<ReturnType<typeof changeOwnPassword>> | null, formData: FormData) => {
    const result = await changeOwnPassword(formData);
    if (result.ok) onDone(result.data.ended);
    return result;
  }, null);
  const error = state && !state.ok ? state : null;
  const formRef = useFocusOnError<HTMLFormElement>(error);
  const message =
    error?.error === "INVALID_CODE" && method === "backup-code"
      ? "That backup code is not valid, or it has been used already."
      : error
        ? (error.message ?? ERROR_MESSAGES[error.error])
        : null;

  return (
    <form ref={formRef} action={formAction} className="space-y-4" noValidate>
      <p className="text-sm text-muted-foreground">
        {twoFactorOn
          ? "Confirm it is you with your current password and a code from your authenticator app. Your other sessions are signed out; this one stays."
          : "Confirm it is you with your current password. Your other sessions are signed out; this one stays."}
      </p>
      {error && error.error !== "INVALID_INPUT" ? <Alert tabIndex={-1}>{message}</Alert> : null}
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        errors={error?.fieldErrors?.currentPassword}
      />
      {twoFactorOn ? (
        <div className="space-y-2">
          <input type="hidden" name="method" value={method} />
          {method === "totp" ? (
            <AuthenticationCodeField key="totp" errors={error?.fieldErrors?.code} />
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
              errors={error?.fieldErrors?.code}
            />
          )}
          <Button type="button" variant="link" onClick={() => setMethod(method === "totp" ? "backup-code" : "totp")}>
            {method === "totp" ? "Use a backup code" : "Use your authenticator app"}
          </Button>
        </div>
      ) : null}
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        maxLength={128}
        required
        hint={NEW_PASSWORD_HINT}
        errors={error?.fieldErrors?.newPassword}
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
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
