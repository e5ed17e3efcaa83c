"use client";

import { useRouter } from "next/navigation";
import { SetupWizard } from "@/components/two-factor/setup-wizard";
import { postLoginStep } from "@/components/auth/login-step";
import type { ActionResult } from "@/lib/safe-action";
import type { EnrolmentMaterial } from "@/lib/two-factor/enrol";

/** The wizard at login: its last code is a login step, answered by the login route with the new session. */
export function LoginSetupWizard({ begin, callbackUrl }: { begin: () => Promise<ActionResult<EnrolmentMaterial>>; callbackUrl?: string }) {
  const router = useRouter();
  async function confirm(form: FormData): Promise<ActionResult<unknown>> {
    form.set("step", "setup");
    const answer = await postLoginStep(form);
    if (answer.ok) {
      router.push(answer.redirectTo);
      return { ok: true, data: undefined };
    }
    return { ok: false, error: answer.error, fieldErrors: answer.fieldErrors };
  }
  return <SetupWizard begin={begin} confirm={confirm} callbackUrl={callbackUrl} />;
}
