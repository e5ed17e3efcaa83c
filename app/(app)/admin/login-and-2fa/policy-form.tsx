"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { savePolicy } from "./actions";

export function PolicyForm({ requireTwoFactor, graceDays }: { requireTwoFactor: boolean; graceDays: number }) {
  const router = useRouter();
  const [required, setRequired] = useState(requireTwoFactor);
  const [days, setDays] = useState(String(graceDays));
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string; field?: string[] } | null>(null);
  const [pending, startTransition] = useTransition();

  function save() {
    startTransition(async () => {
      const saved = await savePolicy({ requireTwoFactor: required, graceDays: days === "" ? 0 : days });
      if (!saved.ok) {
        setResult({ tone: "error", text: ERROR_MESSAGES[saved.error], field: saved.fieldErrors?.graceDays });
        return;
      }
      const changed = saved.data.usersChanged;
      setResult({
        tone: "success",
        text: required
          ? `Policy saved: 2FA is required for everyone. ${changed} more ${changed === 1 ? "user is" : "users are"} now Required.`
          : `Policy saved: 2FA is no longer required for everyone. ${changed} ${changed === 1 ? "user" : "users"} the policy had required went back to Off.`,
      });
      router.refresh();
    });
  }

  return (
    <div className="space-y-3">
      <h2 className="text-base font-semibold text-slate-900">Organisation policy</h2>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" checked={required} onChange={(event) => setRequired(event.target.checked)} className="mt-0.5" />
        <span>
          Require 2FA for all users
          <span className="block text-slate-500">Includes users added later. Users an admin required one by one stay required.</span>
        </span>
      </label>
      {required ? (
        <div className="max-w-48">
          <TextField
            label="Grace period (days)"
            inputMode="numeric"
            value={days}
            onChange={(event) => setDays(event.target.value)}
            hint="0 means at their next login."
            errors={result?.field}
          />
        </div>
      ) : null}
      {result && !result.field ? <Alert tone={result.tone}>{result.text}</Alert> : null}
      <Button onClick={save} disabled={pending}>
        {pending ? "Saving…" : "Save policy"}
      </Button>
    </div>
  );
}
