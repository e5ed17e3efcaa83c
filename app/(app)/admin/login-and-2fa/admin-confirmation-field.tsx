"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { AdminConfirmation, AdminConfirmationKind } from "@/lib/admin/confirm-admin";

/** What the admin types to confirm: the password, or (with 2FA) an authenticator or backup code. */
type SecretKind = AdminConfirmation["method"];

const SECRET_FIELDS: Record<SecretKind, { label: string; inputMode?: "numeric"; autoComplete: string; type?: string }> = {
  password: { label: "Your password", type: "password", autoComplete: "current-password" },
  totp: { label: "Authentication code", inputMode: "numeric", autoComplete: "one-time-code" },
  "backup-code": { label: "Backup code", autoComplete: "off" },
};

/** The step-up a destructive dialog (Disable, Reset, Remove) asks of the admin; the server checks it again. */
export function useAdminConfirmation(confirmWith: AdminConfirmationKind) {
  const [kind, setKind] = useState<SecretKind>(confirmWith === "password" ? "password" : "totp");
  const [secret, setSecret] = useState("");
  const confirmation: AdminConfirmation = kind === "password" ? { method: "password", password: secret } : { method: kind, code: secret };
  return {
    kind,
    secret,
    confirmation,
    setSecret,
    switchKind: () => {
      setKind(kind === "totp" ? "backup-code" : "totp");
      setSecret("");
    },
  };
}

export function AdminConfirmationField({ state }: { state: ReturnType<typeof useAdminConfirmation> }) {
  const { kind, secret, setSecret, switchKind } = state;
  return (
    <div className="space-y-2">
      <p className="text-sm text-muted-foreground">
        {kind === "password"
          ? "Confirm with your password."
          : kind === "totp"
            ? "Confirm with the current code from your authenticator app."
            : "Confirm with one of your backup codes. It can be used only once."}
      </p>
      <TextField key={kind} {...SECRET_FIELDS[kind]} value={secret} onChange={(e) => setSecret(e.target.value)} />
      {kind !== "password" ? (
        <Button type="button" variant="link" onClick={switchKind}>
          {kind === "totp" ? "Use a backup code" : "Use your authenticator app"}
        </Button>
      ) : null}
    </div>
  );
}
