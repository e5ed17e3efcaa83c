"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { usePasskeyStepUp } from "@/components/two-factor/use-passkey-step-up";
import { NEW_PASSWORD_HINT } from "@/lib/validations/password-hint";
import { changeOwnPassword } from "./actions";
import { firstStepUpMethod, otherStepUpMethods, StepUpFactorField, stepUpErrorMessage, type StepUpFactors, type StepUpMethod } from "./step-up-form";

/** Settings > Security > Password: a button that opens the form; the form's result is said in the section. */
export function ChangePassword({ twoFactorOn, factors }: { twoFactorOn: boolean; factors: StepUpFactors }) {
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="mt-4 space-y-4">
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {open ? (
        <>
          <ChangePasswordForm
            twoFactorOn={twoFactorOn}
            factors={factors}
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

function ChangePasswordForm({ twoFactorOn, factors, onDone }: { twoFactorOn: boolean; factors: StepUpFactors; onDone: (ended: number) => void }) {
  const [method, setMethod] = useState<StepUpMethod>(firstStepUpMethod(factors));
  const stepUp = usePasskeyStepUp();
  const [state, formAction, actionPending] = useActionState(
    async (_previous: Awaited<ReturnType<typeof changeOwnPassword>> | null, formData: FormData) => {
      const result = await changeOwnPassword(formData);
      if (result.ok) onDone(result.data.ended);
      return result;
    },
    null,
  );
  const error = state && !state.ok ? state : null;
  const formRef = useFocusOnError<HTMLFormElement>(error ?? stepUp.error);
  const pending = actionPending || stepUp.pending;
  const message = stepUp.error ?? (error ? stepUpErrorMessage(error, method) : null);
  const others = otherStepUpMethods(method, factors);

  return (
    <form
      ref={formRef}
      action={formAction}
      onSubmit={twoFactorOn && method === "passkey" ? (event) => stepUp.submitWithAnswer(event, formAction) : undefined}
      className="space-y-4"
      noValidate
    >
      <p className="text-sm text-muted-foreground">
        {twoFactorOn
          ? `Confirm it is you with your current password and ${method === "passkey" ? "your passkey" : method === "backup-code" ? "a backup code" : "a code from your authenticator app"}. Your other sessions are signed out; this one stays.`
          : "Confirm it is you with your current password. Your other sessions are signed out; this one stays."}
      </p>
      {stepUp.error || (error && (error.error !== "INVALID_INPUT" || error.message)) ? <Alert tabIndex={-1}>{message}</Alert> : null}
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        errors={error?.fieldErrors?.currentPassword}
      />
      {twoFactorOn ? (
        <StepUpFactorField
          method={method}
          others={others}
          errors={error?.fieldErrors?.code}
          passkeyNote="When you press Change password, your browser asks for your passkey or security key."
          onSwitch={(other) => {
            stepUp.clearError();
            setMethod(other);
          }}
        />
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
