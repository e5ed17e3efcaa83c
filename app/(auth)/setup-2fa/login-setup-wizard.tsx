"use client";

import { useRouter } from "next/navigation";
import { SetupWizard } from "@/components/two-factor/setup-wizard";
import { postLoginStep } from "@/components/auth/login-step";
import type { PasskeySetup } from "@/components/two-factor/passkey-setup-step";
import type { ActionResult } from "@/lib/safe-action";
import type { EnrolmentMaterial } from "@/lib/two-factor/enrol";

/** The wizard at login: its last code is a login step, answered by the login route with the new session. */
export function LoginSetupWizard({
  begin,
  passkeyOptions,
  callbackUrl,
}: {
  begin: () => Promise<ActionResult<EnrolmentMaterial>>;
  /** The pending login's registration options (its password was checked at this login: none asked again). */
  passkeyOptions: () => ReturnType<PasskeySetup["options"]>;
  callbackUrl?: string;
}) {
  const router = useRouter();
  /** The wizard's last step, as a login step ("setup": the app's code; "setup-passkey": the new passkey). */
  const confirmAs = (step: "setup" | "setup-passkey") =>
    async function confirm(form: FormData): Promise<ActionResult<unknown>> {
      form.set("step", step);
      const answer = await postLoginStep(form);
      if (answer.ok) {
        router.push(answer.redirectTo);
        return { ok: true, data: undefined };
      }
      return { ok: false, error: answer.error, fieldErrors: answer.fieldErrors };
    };
  return (
    <SetupWizard
      begin={begin}
      confirm={confirmAs("setup")}
      passkey={{ options: () => passkeyOptions(), confirm: confirmAs("setup-passkey") }}
      callbackUrl={callbackUrl}
    />
  );
}
