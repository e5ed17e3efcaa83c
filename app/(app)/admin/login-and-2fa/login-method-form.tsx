"use client";

import { useRouter } from "next/navigation";
import { useOptimistic, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { saveLoginMethod } from "./actions";

type LoginMethod = "STANDARD" | "TWO_FACTOR";

const OPTIONS: { value: LoginMethod; label: string; description: string }[] = [
  { value: "STANDARD", label: "Standard (email and password)", description: "Users sign in with their email and password." },
  {
    value: "TWO_FACTOR",
    label: "Two-Factor Authentication (2FA)",
    description: "Choose who must also enter a code from an authenticator app.",
  },
];

export function LoginMethodForm({ value }: { value: LoginMethod }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [shown, showChoice] = useOptimistic(value);

  function choose(loginMethod: LoginMethod) {
    startTransition(async () => {
      showChoice(loginMethod);
      const result = await saveLoginMethod({ loginMethod });
      if (!result.ok) setError(ERROR_MESSAGES[result.error]);
      else {
        setError(null);
        router.refresh();
      }
    });
  }

  return (
    <fieldset disabled={pending} className="space-y-2">
      <legend className="mb-2 text-base font-semibold text-slate-900">Login method</legend>
      {OPTIONS.map((option) => (
        <label
          key={option.value}
          className="flex cursor-pointer items-start gap-3 rounded-lg p-3 ring-1 ring-slate-200 has-[:checked]:bg-brand-50 has-[:checked]:ring-brand-500"
        >
          <input
            type="radio"
            name="loginMethod"
            value={option.value}
            checked={shown === option.value}
            onChange={() => choose(option.value)}
            className="mt-1"
          />
          <span>
            <span className="block text-sm font-medium text-slate-900">{option.label}</span>
            <span className="block text-sm text-slate-600">{option.description}</span>
          </span>
        </label>
      ))}
      {error ? <Alert>{error}</Alert> : null}
    </fieldset>
  );
}
