"use client";

import { useActionState, useId, useState, useTransition } from "react";
import { QRCodeSVG } from "qrcode.react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { AuthenticationCodeField } from "@/components/two-factor/code-field";
import { BackupCodesPanel } from "@/components/two-factor/backup-codes-panel";
import { StepHeading } from "@/components/two-factor/step-heading";
import { PasskeySetupStep, type PasskeySetup } from "@/components/two-factor/passkey-setup-step";
import type { ActionResult } from "@/lib/safe-action";
import type { EnrolmentMaterial } from "@/lib/two-factor/enrol";

const APPS = ["Google Authenticator", "Authy", "Duo Mobile", "Microsoft Authenticator"] as const;

type Step = { name: "install" } | { name: "scan" | "passkey"; material: EnrolmentMaterial };

export function SetupWizard({
  begin,
  confirm,
  callbackUrl,
  onConfirmed,
  focusFirstStep = false,
  passkey,
}: {
  begin: () => Promise<ActionResult<EnrolmentMaterial>>;
  confirm: (formData: FormData) => Promise<ActionResult<unknown>>;
  callbackUrl?: string;
  onConfirmed?: () => void;
  /** Opened by a button (settings): its first heading takes the focus the button had. At login, the page's own order stands. */
  focusFirstStep?: boolean;
  /** Offers "Use a passkey or security key instead" (same backup codes; the passkey replaces the app's code). */
  passkey?: PasskeySetup;
}) {
  const [step, setStep] = useState<Step>({ name: "install" });
  const [beginError, setBeginError] = useState<string | null>(null);
  const [starting, startTransition] = useTransition();
  const [saved, setSaved] = useState(false);
  const savedId = useId();
  const [state, formAction, verifying] = useActionState(async (_previous: ActionResult<unknown> | null, formData: FormData) => {
    const result = await confirm(formData);
    if (result.ok) onConfirmed?.();
    return result;
  }, null);
  const error = state && !state.ok ? state : null;
  const installRef = useFocusOnError<HTMLElement>(beginError);
  const verifyRef = useFocusOnError<HTMLElement>(error);

  function start(way: "scan" | "passkey" = "scan") {
    startTransition(async () => {
      const result = await begin();
      if (result.ok) setStep({ name: way, material: result.data });
      else setBeginError(ERROR_MESSAGES[result.error]);
    });
  }

  if (step.name === "install") {
    return (
      <section ref={installRef} className="space-y-4" aria-labelledby="install-heading">
        <StepHeading id="install-heading" className="text-base" focusOnMount={focusFirstStep}>
          1. Install an authenticator app
        </StepHeading>
        <p className="text-sm text-muted-foreground">Install one of these apps on your phone, if you do not have one yet:</p>
        <ul className="list-inside list-disc space-y-1 text-sm text-foreground">
          {APPS.map((app) => (
            <li key={app}>{app}</li>
          ))}
        </ul>
        <p className="text-sm text-muted-foreground">
          In Duo Mobile and Microsoft Authenticator, choose <strong>Other</strong> when you add the account.
        </p>
        {beginError ? <Alert tabIndex={-1}>{beginError}</Alert> : null}
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <Button type="button" onClick={() => start()} disabled={starting}>
            {starting ? "Preparing…" : "Continue"}
          </Button>
          {passkey ? (
            <Button type="button" variant="link" onClick={() => start("passkey")} disabled={starting}>
              Use a passkey or security key instead
            </Button>
          ) : null}
        </div>
      </section>
    );
  }

  if (step.name === "passkey" && passkey) {
    return (
      <PasskeySetupStep
        backupCodes={step.material.backupCodes}
        passkey={passkey}
        callbackUrl={callbackUrl}
        onConfirmed={onConfirmed}
        onUseApp={() => setStep({ name: "scan", material: step.material })}
      />
    );
  }

  const { material } = step;
  return (
    <div className="space-y-6">
      <section aria-labelledby="scan-heading" className="space-y-3">
        <StepHeading id="scan-heading" className="text-base">
          2. Scan the QR code
        </StepHeading>
        <div className="flex flex-col items-start gap-4 sm:flex-row">
          {/* The code draws its own light background and dark modules, so it scans in dark mode too. */}
          <div className="rounded-md bg-card p-2 ring-1 ring-border">
            <QRCodeSVG value={material.otpauthUri} size={168} level="M" title="QR code for your authenticator app" marginSize={2} />
          </div>
          <div className="min-w-0 space-y-1 text-sm">
            <p className="text-muted-foreground">Can&apos;t scan it? Type this setup key in the app instead:</p>
            <p className="text-xs font-medium text-muted-foreground" id="setup-key-label">
              Setup key
            </p>
            <code
              aria-labelledby="setup-key-label"
              data-testid="setup-key"
              className="block font-mono text-sm font-semibold break-all text-foreground"
            >
              {material.setupKey}
            </code>
            <p className="text-xs text-muted-foreground">Time-based, 6 digits, every 30 seconds.</p>
          </div>
        </div>
        {/* On a phone the authenticator may be on this very device: the otpauth: link hands it the entry (the one URL a secret may be in: never http(s), never sent to a server). */}
        <Button asChild variant="secondary" className="w-full sm:hidden">
          <a href={material.otpauthUri} rel="noreferrer">
            Open in authenticator app
          </a>
        </Button>
      </section>

      <BackupCodesPanel codes={material.backupCodes} />

      <section ref={verifyRef} aria-labelledby="verify-heading" className="space-y-4">
        <h2 id="verify-heading" className="text-base font-semibold text-foreground">
          3. Enter the code from the app
        </h2>
        {error && error.error !== "INVALID_INPUT" ? <Alert tabIndex={-1}>{error.message ?? ERROR_MESSAGES[error.error]}</Alert> : null}
        {/* Outside the form: React resets a form's fields after its action, and this box must keep showing what the user ticked. */}
        <div className="flex items-start gap-3">
          <Checkbox id={savedId} checked={saved} onCheckedChange={(checked) => setSaved(checked === true)} />
          <Label htmlFor={savedId} className="font-normal">
            I have saved my backup codes
          </Label>
        </div>
        <form action={formAction} className="space-y-4" noValidate>
          {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
          <AuthenticationCodeField errors={error?.fieldErrors?.code} />
          <Button type="submit" disabled={verifying || !saved} aria-describedby={saved ? undefined : "verify-needs-saved"}>
            {verifying ? "Verifying…" : "Verify"}
          </Button>
          {saved ? null : (
            <p id="verify-needs-saved" className="text-sm text-muted-foreground">
              Verify is available once you have ticked &ldquo;I have saved my backup codes&rdquo;: without them, a lost phone locks you out.
            </p>
          )}
        </form>
      </section>
    </div>
  );
}
