"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { loginErrorMessage } from "@/components/error-messages";
import { useLoginStepForm } from "@/components/auth/login-step";
import type { ErrorCode } from "@/lib/auth/errors";

export function LoginForm({ callbackUrl, initialError, notice }: { callbackUrl?: string; initialError?: ErrorCode; notice?: string }) {
  const [email, setEmail] = useState("");
  const { error, pending, onSubmit } = useLoginStepForm(initialError);
  const formRef = useFocusOnError<HTMLFormElement>(error);

  return (
    <form ref={formRef} method="post" action="/api/login" onSubmit={onSubmit} className="space-y-5" noValidate>
      <h1 className="text-lg font-semibold text-foreground">Log in to your account</h1>
      {notice && !error ? <Alert tone="success">{notice}</Alert> : null}
      {error && error.error !== "INVALID_INPUT" ? <Alert tabIndex={-1}>{loginErrorMessage(error.error, error.retryAfterSeconds)}</Alert> : null}
      <input type="hidden" name="step" value="password" />
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
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={error?.fieldErrors?.password} />
      <p className="-mt-2 text-right">
        <a href="/forgot-password" className="inline-flex min-h-6 items-center text-sm font-medium text-link underline-offset-4 hover:underline">
          Forgot password?
        </a>
      </p>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Logging in…" : "Log in"}
      </Button>
    </form>
  );
}
