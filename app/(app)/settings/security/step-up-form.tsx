"use client";

import { useActionState, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { AuthenticationCodeField } from "@/components/two-factor/code-field";
import { usePasskeyStepUp } from "@/components/two-factor/use-passkey-step-up";
import type { ActionResult } from "@/lib/safe-action";

export type StepUpMethod = "totp" | "backup-code" | "passkey";

/** Which second factors the user has: an authenticator app, passkeys (backup codes come with either). */
export interface StepUpFactors {
  app: boolean;
  passkey: boolean;
}

export const STEP_UP_SWITCH_LABELS: Record<StepUpMethod, string> = {
  totp: "Use your authenticator app",
  "backup-code": "Use a backup code",
  passkey: "Use your passkey",
};

/** The method a form starts with: the app's code where there is an app, else the passkey. */
export const firstStepUpMethod = (factors: StepUpFactors): StepUpMethod => (factors.app ? "totp" : factors.passkey ? "passkey" : "backup-code");

/** The methods a form can switch to from `method` ("Use a backup code"...). */
export const otherStepUpMethods = (method: StepUpMethod, factors: StepUpFactors) =>
  (["totp", "backup-code", "passkey"] as const).filter(
    (other) => other !== method && (other === "backup-code" || (other === "totp" ? factors.app : factors.passkey)),
  );

/** The sentence for a refused step-up, in the words of the method used. */
export function stepUpErrorMessage(error: { error: keyof typeof ERROR_MESSAGES; message?: string }, method: StepUpMethod): string {
  if (error.error === "INVALID_CODE" && method === "backup-code") return "That backup code is not valid, or it has been used already.";
  if (error.error === "INVALID_CODE" && method === "passkey") return "Your passkey could not confirm it is you. Try again, or use another way.";
  return error.message ?? ERROR_MESSAGES[error.error];
}

/**
 * Confirms a sensitive change: the password and a second factor (the app's code, a backup code,
 * or the user's passkey), then `action` runs with the form's fields (`children` adds its own).
 * With the passkey, submitting first asks the passkey to answer a step-up challenge of this
 * session; its answer goes as `code` with `method` "passkey".
 */
export function StepUpForm<T>({
  factors,
  action,
  submitLabel,
  pendingLabel = "Checking…",
  onSuccess,
  children,
}: {
  factors: StepUpFactors;
  action: (formData: FormData) => Promise<ActionResult<T>>;
  submitLabel: string;
  pendingLabel?: string;
  onSuccess: (data: T, formData: FormData) => void;
  /** The form's own fields, given the field errors of the last answer. */
  children?: (fieldErrors: Record<string, string[]> | undefined) => ReactNode;
}) {
  const [method, setMethod] = useState<StepUpMethod>(firstStepUpMethod(factors));
  const stepUp = usePasskeyStepUp();
  const [state, formAction, actionPending] = useActionState(async (_previous: ActionResult<T> | null, formData: FormData) => {
    const result = await action(formData);
    if (result.ok) onSuccess(result.data, formData);
    return result;
  }, null);
  const error = state && !state.ok ? state : null;
  const formRef = useFocusOnError<HTMLFormElement>(error ?? stepUp.error);
  const pending = actionPending || stepUp.pending;
  const others = otherStepUpMethods(method, factors);

  const alert = stepUp.error ?? (error && (error.error !== "INVALID_INPUT" || error.message) ? stepUpErrorMessage(error, method) : null);
  const codeError = error?.fieldErrors?.code;
  return (
    <form
      ref={formRef}
      action={formAction}
      onSubmit={method === "passkey" ? (event) => stepUp.submitWithAnswer(event, formAction) : undefined}
      className="space-y-4"
      noValidate
    >
      <p className="text-sm text-muted-foreground">
        {method === "passkey"
          ? "Confirm it is you: your password, then your passkey or security key."
          : method === "backup-code"
            ? "Confirm it is you: your password and one of your backup codes."
            : "Confirm it is you: your password and a code from your authenticator app."}
      </p>
      {alert ? <Alert tabIndex={-1}>{alert}</Alert> : null}
      {children?.(error?.fieldErrors)}
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={error?.fieldErrors?.password} />
      <StepUpFactorField
        method={method}
        others={others}
        errors={codeError}
        onSwitch={(other) => {
          stepUp.clearError();
          setMethod(other);
        }}
      />
      {method === "passkey" && codeError ? <Alert tabIndex={-1}>{codeError[0]}</Alert> : null}
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </form>
  );
}

/**
 * The second factor of a step-up form: the app's code or a backup code (posted as `code`, with
 * `method`), nothing to type for the passkey (`passkeyNote` says what happens), and the links to
 * the user's other ways.
 */
export function StepUpFactorField({
  method,
  others,
  errors,
  onSwitch,
  passkeyNote,
}: {
  method: StepUpMethod;
  others: StepUpMethod[];
  errors: string[] | undefined;
  onSwitch: (method: StepUpMethod) => void;
  passkeyNote?: string;
}) {
  return (
    <div className="space-y-2">
      <input type="hidden" name="method" value={method} />
      {method === "totp" ? <AuthenticationCodeField key="totp" errors={errors} /> : null}
      {method === "backup-code" ? (
        <TextField
          key="backup"
          label="Backup code"
          name="code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder="XXXX-XXXX-XXXX-XXXX"
          required
          errors={errors}
        />
      ) : null}
      {method === "passkey" && passkeyNote ? <p className="text-sm text-muted-foreground">{passkeyNote}</p> : null}
      <div className="flex flex-wrap gap-x-4">
        {others.map((other) => (
          <Button key={other} type="button" variant="link" onClick={() => onSwitch(other)}>
            {STEP_UP_SWITCH_LABELS[other]}
          </Button>
        ))}
      </div>
    </div>
  );
}
