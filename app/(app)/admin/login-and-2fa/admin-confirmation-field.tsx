"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { usePasskeyStepUp } from "@/components/two-factor/use-passkey-step-up";
import type { AdminConfirmation, ConfirmWith } from "@/lib/admin/confirm-admin";

/** What the admin confirms with: the password, or (with 2FA) an authenticator code, their passkey or a backup code. */
type SecretKind = AdminConfirmation["method"];

const SECRET_FIELDS: Record<Exclude<SecretKind, "passkey">, { label: string; inputMode?: "numeric"; autoComplete: string; type?: string }> = {
  password: { label: "Your password", type: "password", autoComplete: "current-password" },
  totp: { label: "Authentication code", inputMode: "numeric", autoComplete: "one-time-code" },
  "backup-code": { label: "Backup code", autoComplete: "off" },
};

/** The ways each admin can confirm, the first offered first. */
const KINDS: Record<ConfirmWith, SecretKind[]> = {
  password: ["password"],
  "second-factor": ["totp", "backup-code"],
  passkey: ["passkey", "backup-code"],
  "app-or-passkey": ["passkey", "totp", "backup-code"],
};

const SWITCH_LABELS: Record<Exclude<SecretKind, "password">, string> = {
  passkey: "Use your passkey instead",
  totp: "Use your authenticator app",
  "backup-code": "Use a backup code",
};

const PROMPTS: Record<SecretKind, string> = {
  password: "Confirm with your password.",
  totp: "Confirm with the current code from your authenticator app.",
  "backup-code": "Confirm with one of your backup codes. It can be used only once.",
  passkey: "Confirm with your passkey or security key.",
};

/** The step-up a destructive dialog (Disable, Reset, Remove) asks of the admin; the server checks it again. */
export function useAdminConfirmation(confirmWith: ConfirmWith) {
  const kinds = KINDS[confirmWith];
  const [kind, setKind] = useState<SecretKind>(kinds[0]!);
  // For "passkey": the passkey's answer (JSON), once it has given one.
  const [secret, setSecret] = useState("");
  const confirmation: AdminConfirmation =
    kind === "password"
      ? { method: "password", password: secret }
      : kind === "passkey"
        ? { method: "passkey", answer: secret }
        : { method: kind, code: secret };
  return {
    kind,
    kinds,
    secret,
    confirmation,
    setSecret,
    switchTo: (next: SecretKind) => {
      setKind(next);
      setSecret("");
    },
  };
}

export function AdminConfirmationField({ state }: { state: ReturnType<typeof useAdminConfirmation> }) {
  const { kind, kinds, secret, setSecret, switchTo } = state;
  const passkey = usePasskeyStepUp();
  async function confirmWithPasskey() {
    const answer = await passkey.answer();
    if (answer) setSecret(answer);
  }
  return (
    <div className="space-y-2">
      <p className="text-sm text-muted-foreground">{PROMPTS[kind]}</p>
      {kind === "passkey" ? (
        secret ? (
          <Alert tone="success">Your passkey confirmed it is you. Go ahead when you are ready.</Alert>
        ) : (
          <>
            {passkey.error ? <Alert tabIndex={-1}>{passkey.error}</Alert> : null}
            <Button type="button" variant="secondary" onClick={confirmWithPasskey} disabled={passkey.pending}>
              {passkey.pending ? "Waiting for your passkey…" : "Use your passkey"}
            </Button>
          </>
        )
      ) : (
        <TextField key={kind} {...SECRET_FIELDS[kind]} value={secret} onChange={(e) => setSecret(e.target.value)} />
      )}
      {kinds
        .filter((other): other is Exclude<SecretKind, "password"> => other !== kind && other !== "password")
        .map((other) => (
          <Button key={other} type="button" variant="link" onClick={() => switchTo(other)}>
            {SWITCH_LABELS[other]}
          </Button>
        ))}
    </div>
  );
}
