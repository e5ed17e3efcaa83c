"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { ERROR_MESSAGES } from "@/components/error-messages";
import type { ActionResult } from "@/lib/safe-action";
import { logIn } from "./actions";

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [email, setEmail] = useState("");
  const [state, formAction, pending] = useActionState<ActionResult<unknown> | null, FormData>(logIn, null);
  const error = state && !state.ok ? state : null;

  return (
    <form action={formAction} className="space-y-5" noValidate>
      <h1 className="text-lg font-semibold text-slate-900">Log in to your account</h1>
      {error && error.error !== "INVALID_INPUT" ? <Alert>{ERROR_MESSAGES[error.error]}</Alert> : null}
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        errors={error?.fieldErrors?.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        errors={error?.fieldErrors?.password}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Logging in…" : "Log in"}
      </Button>
    </form>
  );
}
