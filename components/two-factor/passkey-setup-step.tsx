"use client";

import { useActionState, useId, useState } from "react";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { TextField } from "@/components/ui/text-field";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { BackupCodesPanel } from "@/components/two-factor/backup-codes-panel";
import { StepHeading } from "@/components/two-factor/step-heading";
import { createPasskey } from "@/components/two-factor/passkey-ceremony";
import type { ActionResult } from "@/lib/safe-action";

/** What the wizard needs to offer a passkey instead of an app: the registration options, and where the new passkey goes. */
export interface PasskeySetup {
  /** Gets the form (with `password` when `askPassword`). */
  options: (formData: FormData) => Promise<ActionResult<PublicKeyCredentialCreationOptionsJSON>>;
  /**
   * Ask for the current password before the ceremony: a passkey signs in on its own, so one
   * added from a signed-in session (not a login that just checked the password) needs it.
   */
  askPassword?: boolean;
  /** Takes `response` (the registration, JSON) and `name`. */
  confirm: (formData: FormData) => Promise<ActionResult<unknown>>;
}

/** A name to start from, such as "Chrome on macOS": the user can change it. */
export function suggestedPasskeyName(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "Browser";
  const system = /iPhone|iPad/.test(userAgent)
    ? "iOS"
    : /Android/.test(userAgent)
      ? "Android"
      : /Mac OS X/.test(userAgent)
        ? "macOS"
        : /Windows/.test(userAgent)
          ? "Windows"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  return system ? `${browser} on ${system}` : browser;
}

/**
 * The wizard's passkey way: save the backup codes, name the passkey, then the browser's
 * registration ceremony takes the place of the app's code.
 */
export function PasskeySetupStep({
  backupCodes,
  passkey,
  callbackUrl,
  onConfirmed,
  onUseApp,
}: {
  backupCodes: string[];
  passkey: PasskeySetup;
  callbackUrl?: string;
  onConfirmed?: () => void;
  onUseApp: () => void;
}) {
  const [saved, setSaved] = useState(false);
  const savedId = useId();
  // Only rendered after a click, in the browser: navigator is there.
  const [suggestion] = useState(() => (typeof navigator === "undefined" ? "" : suggestedPasskeyName(navigator.userAgent)));
  const [state, formAction, registering] = useActionState(
    async (_previous: ActionResult<unknown> | null, formData: FormData): Promise<ActionResult<unknown>> => {
      const options = await passkey.options(formData);
      if (!options.ok) return options;
      const created = await createPasskey(options.data);
      if (!created.ok) return { ok: false, error: "PASSKEY_NOT_REGISTERED", message: created.message } satisfies ActionResult<unknown>;
      formData.set("response", created.response);
      const result = await passkey.confirm(formData);
      if (result.ok) onConfirmed?.();
      return result;
    },
    null,
  );
  const error = state && !state.ok ? state : null;
  const formRef = useFocusOnError<HTMLElement>(error);

  return (
    <div className="space-y-6">
      <section aria-labelledby="passkey-heading" className="space-y-2">
        <StepHeading id="passkey-heading" className="text-base">
          2. Use a passkey or security key
        </StepHeading>
        <p className="text-sm text-muted-foreground">
          Instead of a code from an app, you will confirm each sign-in with a passkey on this device (your fingerprint, face or PIN) or with a
          security key.
        </p>
        <Button type="button" variant="link" className="px-0" onClick={onUseApp}>
          Use an authenticator app instead
        </Button>
      </section>

      <BackupCodesPanel codes={backupCodes} />

      <section ref={formRef} aria-labelledby="create-passkey-heading" className="space-y-4">
        <h2 id="create-passkey-heading" className="text-base font-semibold text-foreground">
          3. Create your passkey
        </h2>
        {error && error.error !== "INVALID_INPUT" ? (
          <Alert tabIndex={-1}>{error.message ?? ERROR_MESSAGES[error.error]}</Alert>
        ) : error?.fieldErrors?.response ? (
          <Alert tabIndex={-1}>{error.fieldErrors.response.join(" ")}</Alert>
        ) : null}
        <div className="flex items-start gap-3">
          <Checkbox id={savedId} checked={saved} onCheckedChange={(checked) => setSaved(checked === true)} />
          <Label htmlFor={savedId} className="font-normal">
            I have saved my backup codes
          </Label>
        </div>
        <form action={formAction} className="space-y-4" noValidate>
          {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
          {passkey.askPassword ? (
            <TextField
              label="Your password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              errors={error?.fieldErrors?.password}
            />
          ) : null}
          <TextField
            label="Passkey name"
            name="name"
            defaultValue={suggestion}
            maxLength={60}
            autoComplete="off"
            hint="So you can tell your passkeys apart later, such as the device it is on."
            errors={error?.fieldErrors?.name}
          />
          <Button type="submit" disabled={registering || !saved} aria-describedby={saved ? undefined : "passkey-needs-saved"}>
            {registering ? "Waiting for your passkey…" : "Create passkey"}
          </Button>
          {saved ? null : (
            <p id="passkey-needs-saved" className="text-sm text-muted-foreground">
              Create passkey is available once you have ticked &ldquo;I have saved my backup codes&rdquo;: without them, a lost device locks you out.
            </p>
          )}
        </form>
      </section>
    </div>
  );
}
