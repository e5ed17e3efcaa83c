"use client";

import { useRouter } from "next/navigation";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { AuthenticationCodeField } from "@/components/two-factor/code-field";
import { BackupCodesPanel } from "@/components/two-factor/backup-codes-panel";
import { SetupWizard } from "@/components/two-factor/setup-wizard";
import { usePasskeyStepUp } from "@/components/two-factor/use-passkey-step-up";
import type { ActionResult } from "@/lib/safe-action";
import type { EnrolmentMaterial } from "@/lib/two-factor/enrol";
import {
  beginAuthenticatorChange,
  beginSelfSetup,
  confirmSelfSetup,
  confirmSelfSetupWithPasskey,
  regenerateBackupCodes,
  selfSetupPasskeyOptions,
} from "./actions";

type Panel = "none" | "setup" | "change" | "regenerate";

/** `enrolledHref`: the "2FA is on" confirmation a voluntary set-up ends on (it comes back here). */
/** `hasApp`: an active user with passkeys only is offered to set up an app (kept beside the passkeys), not to change one. */
export function SecuritySettings({ active, hasApp = true, enrolledHref }: { active: boolean; hasApp?: boolean; enrolledHref: string }) {
  const router = useRouter();
  const [panel, setPanel] = useState<Panel>("none");
  const [notice, setNotice] = useState<string | null>(null);
  const done = (message: string) => {
    setPanel("none");
    setNotice(message);
    router.refresh();
  };

  return (
    <div className="mt-4 space-y-4">
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {panel === "none" ? (
        <div className="flex flex-wrap gap-2">
          {active ? (
            <>
              <Button variant="secondary" onClick={() => setPanel("regenerate")}>
                Regenerate backup codes
              </Button>
              <Button variant="secondary" onClick={() => setPanel("change")}>
                {hasApp ? "Change authenticator app" : "Set up an authenticator app"}
              </Button>
            </>
          ) : (
            <Button onClick={() => setPanel("setup")}>Set up two-factor authentication</Button>
          )}
        </div>
      ) : null}
      {panel === "setup" ? (
        <SetupWizard
          begin={() => beginSelfSetup()}
          confirm={confirmSelfSetup}
          passkey={{ options: () => selfSetupPasskeyOptions(), confirm: confirmSelfSetupWithPasskey }}
          onConfirmed={() => router.push(enrolledHref)}
          focusFirstStep
        />
      ) : null}
      {panel === "change" ? (
        <ChangeAuthenticator
          hasApp={hasApp}
          onDone={() => done(hasApp ? "Your new authenticator app is set up." : "Your authenticator app is set up, next to your passkeys.")}
        />
      ) : null}
      {panel === "regenerate" ? <RegenerateCodes hasApp={hasApp} onClose={() => done("Your old backup codes no longer work.")} /> : null}
      {panel !== "none" ? (
        <Button variant="ghost" onClick={() => setPanel("none")}>
          Cancel
        </Button>
      ) : null}
    </div>
  );
}

/** Password and current code, then a sensitive action runs; shared by change and regenerate. */
function ReauthenticateForm<T>({
  action,
  submitLabel,
  onSuccess,
  hasApp,
}: {
  action: (formData: FormData) => Promise<ActionResult<T>>;
  submitLabel: string;
  onSuccess: (data: T) => void;
  /** False: passkeys only, so the passkey confirms instead of an app's code. */
  hasApp: boolean;
}) {
  const stepUp = usePasskeyStepUp();
  const [state, formAction, pending] = useActionState(async (_previous: ActionResult<T> | null, formData: FormData): Promise<ActionResult<T>> => {
    if (!hasApp) {
      const answer = await stepUp.answer();
      if (!answer) return { ok: false, error: "INVALID_CODE", message: "Your passkey did not confirm it is you. Try again." };
      formData.set("passkey", answer);
    }
    const result = await action(formData);
    if (result.ok) onSuccess(result.data);
    return result;
  }, null);
  const error = state && !state.ok ? state : null;
  const formRef = useFocusOnError<HTMLFormElement>(error);
  return (
    <form ref={formRef} action={formAction} className="space-y-4" noValidate>
      <p className="text-sm text-muted-foreground">
        {hasApp
          ? "Confirm it is you: your password and a code from your current authenticator app."
          : "Confirm it is you: your password, then your passkey."}
      </p>
      {error && error.error !== "INVALID_INPUT" ? <Alert tabIndex={-1}>{stepUp.error ?? error.message ?? ERROR_MESSAGES[error.error]}</Alert> : null}
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={error?.fieldErrors?.password} />
      {hasApp ? <AuthenticationCodeField errors={error?.fieldErrors?.code} /> : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : submitLabel}
      </Button>
    </form>
  );
}

function ChangeAuthenticator({ onDone, hasApp }: { onDone: () => void; hasApp: boolean }) {
  const [material, setMaterial] = useState<EnrolmentMaterial | null>(null);
  if (!material) return <ReauthenticateForm action={beginAuthenticatorChange} submitLabel="Continue" onSuccess={setMaterial} hasApp={hasApp} />;
  return <SetupWizard begin={async () => ({ ok: true, data: material })} confirm={confirmSelfSetup} onConfirmed={onDone} focusFirstStep />;
}

function RegenerateCodes({ onClose, hasApp }: { onClose: () => void; hasApp: boolean }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  if (!codes) return <ReauthenticateForm action={regenerateBackupCodes} submitLabel="Regenerate backup codes" onSuccess={setCodes} hasApp={hasApp} />;
  return (
    <div className="space-y-4">
      <BackupCodesPanel codes={codes} />
      <Button onClick={onClose}>I have saved them</Button>
    </div>
  );
}
