"use client";

import { useActionState, useState, useTransition } from "react";
import { QRCodeSVG } from "qrcode.react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { AuthenticationCodeField } from "@/components/two-factor/code-field";
import { BackupCodesPanel } from "@/components/two-factor/backup-codes-panel";
import type { ActionResult } from "@/lib/safe-action";
import type { EnrolmentMaterial } from "@/lib/two-factor/enrol";

const APPS = ["Google Authenticator", "Authy", "Duo Mobile", "Microsoft Authenticator"] as const;

type Step = { name: "install" } | { name: "scan"; material: EnrolmentMaterial };

export function SetupWizard({
  begin,
  confirm,
  callbackUrl,
  onConfirmed,
}: {
  begin: () => Promise<ActionResult<EnrolmentMaterial>>;
  confirm: (formData: FormData) => Promise<ActionResult<unknown>>;
  callbackUrl?: string;
  onConfirmed?: () => void;
}) {
  const [step, setStep] = useState<Step>({ name: "install" });
  const [beginError, setBeginError] = useState<string | null>(null);
  const [starting, startTransition] = useTransition();
  const [saved, setSaved] = useState(false);
  const [state, formAction, verifying] = useActionState(async (_previous: ActionResult<unknown> | null, formData: FormData) => {
    const result = await confirm(formData);
    if (result.ok) onConfirmed?.();
    return result;
  }, null);
  const error = state && !state.ok ? state : null;

  function start() {
    startTransition(async () => {
      const result = await begin();
      if (result.ok) setStep({ name: "scan", material: result.data });
      else setBeginError(ERROR_MESSAGES[result.error]);
    });
  }

  if (step.name === "install") {
    return (
      <section className="space-y-4" aria-labelledby="install-heading">
        <h2 id="install-heading" className="text-base font-semibold text-slate-900">
          1. Install an authenticator app
        </h2>
        <p className="text-sm text-slate-600">Install one of these apps on your phone, if you do not have one yet:</p>
        <ul className="list-inside list-disc space-y-1 text-sm text-slate-800">
          {APPS.map((app) => (
            <li key={app}>{app}</li>
          ))}
        </ul>
        <p className="text-sm text-slate-600">
          In Duo Mobile and Microsoft Authenticator, choose <strong>Other</strong> when you add the account.
        </p>
        {beginError ? <Alert>{beginError}</Alert> : null}
        <Button type="button" onClick={start} disabled={starting}>
          {starting ? "Preparing…" : "Continue"}
        </Button>
      </section>
    );
  }

  const { material } = step;
  return (
    <div className="space-y-6">
      <section aria-labelledby="scan-heading" className="space-y-3">
        <h2 id="scan-heading" className="text-base font-semibold text-slate-900">
          2. Scan the QR code
        </h2>
        <div className="flex flex-col items-start gap-4 sm:flex-row">
          <div className="rounded-md bg-white p-2 ring-1 ring-slate-200">
            <QRCodeSVG value={material.otpauthUri} size={168} level="M" title="QR code for your authenticator app" />
          </div>
          <div className="min-w-0 space-y-1 text-sm">
            <p className="text-slate-600">Can&apos;t scan it? Type this setup key in the app instead:</p>
            <p className="text-xs font-medium text-slate-500" id="setup-key-label">
              Setup key
            </p>
            <code
              aria-labelledby="setup-key-label"
              data-testid="setup-key"
              className="block font-mono text-sm font-semibold break-words text-slate-900"
            >
              {material.setupKey}
            </code>
            <p className="text-xs text-slate-500">Time-based, 6 digits, every 30 seconds.</p>
          </div>
        </div>
      </section>

      <BackupCodesPanel codes={material.backupCodes} />

      <section aria-labelledby="verify-heading" className="space-y-4">
        <h2 id="verify-heading" className="text-base font-semibold text-slate-900">
          3. Enter the code from the app
        </h2>
        {error && error.error !== "INVALID_INPUT" ? <Alert>{error.message ?? ERROR_MESSAGES[error.error]}</Alert> : null}
        {/* Outside the form: React resets a form's fields after its action, and this box must keep showing what the user ticked. */}
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input type="checkbox" checked={saved} onChange={(event) => setSaved(event.target.checked)} className="mt-0.5" />I have saved my backup
          codes
        </label>
        <form action={formAction} className="space-y-4" noValidate>
          {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
          <AuthenticationCodeField errors={error?.fieldErrors?.code} />
          <Button type="submit" disabled={verifying || !saved} aria-describedby={saved ? undefined : "verify-needs-saved"}>
            {verifying ? "Verifying…" : "Verify"}
          </Button>
          {saved ? null : (
            <p id="verify-needs-saved" className="text-sm text-slate-600">
              Verify is available once you have ticked &ldquo;I have saved my backup codes&rdquo;: without them, a lost phone locks you out.
            </p>
          )}
        </form>
      </section>
    </div>
  );
}
