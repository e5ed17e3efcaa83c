"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { BackupCodesPanel } from "@/components/two-factor/backup-codes-panel";
import { SetupWizard } from "@/components/two-factor/setup-wizard";
import type { EnrolmentMaterial } from "@/lib/two-factor/enrol";
import { StepUpForm, type StepUpFactors } from "./step-up-form";
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
export function SecuritySettings({ active, factors, enrolledHref }: { active: boolean; factors: StepUpFactors; enrolledHref: string }) {
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
                {factors.app ? "Change authenticator app" : "Set up an authenticator app"}
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
          passkey={{ options: selfSetupPasskeyOptions, confirm: confirmSelfSetupWithPasskey, askPassword: true }}
          onConfirmed={() => router.push(enrolledHref)}
          focusFirstStep
        />
      ) : null}
      {panel === "change" ? (
        <ChangeAuthenticator
          factors={factors}
          onDone={() => done(factors.app ? "Your new authenticator app is set up." : "Your authenticator app is set up.")}
        />
      ) : null}
      {panel === "regenerate" ? <RegenerateCodes factors={factors} onClose={() => done("Your old backup codes no longer work.")} /> : null}
      {panel !== "none" ? (
        <Button variant="ghost" onClick={() => setPanel("none")}>
          Cancel
        </Button>
      ) : null}
    </div>
  );
}

function ChangeAuthenticator({ factors, onDone }: { factors: StepUpFactors; onDone: () => void }) {
  const [material, setMaterial] = useState<EnrolmentMaterial | null>(null);
  if (!material) return <StepUpForm factors={factors} action={beginAuthenticatorChange} submitLabel="Continue" onSuccess={setMaterial} />;
  return <SetupWizard begin={async () => ({ ok: true, data: material })} confirm={confirmSelfSetup} onConfirmed={onDone} focusFirstStep />;
}

function RegenerateCodes({ factors, onClose }: { factors: StepUpFactors; onClose: () => void }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  if (!codes) return <StepUpForm factors={factors} action={regenerateBackupCodes} submitLabel="Regenerate backup codes" onSuccess={setCodes} />;
  return (
    <div className="space-y-4">
      <BackupCodesPanel codes={codes} />
      <Button onClick={onClose}>I have saved them</Button>
    </div>
  );
}
