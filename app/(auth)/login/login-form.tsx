"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { loginErrorMessage } from "@/components/error-messages";
import { useLoginStepForm } from "@/components/auth/login-step";
import { usePasskeyLoginAnswer } from "@/components/auth/passkey-login";
import type { ErrorCode } from "@/lib/auth/errors";

export function LoginForm({ callbackUrl, initialError, notice }: { callbackUrl?: string; initialError?: ErrorCode; notice?: string }) {
  const [email, setEmail] = useState("");
  const { error, pending, onSubmit, send, clearError } = useLoginStepForm(initialError);
  // Which way the last attempt went (a refused passkey has its own words), and what the browser's passkey ceremony said.
  const [via, setVia] = useState<"password" | "passkey">("password");
  const passkey = usePasskeyLoginAnswer(clearError);
  const formRef = useFocusOnError<HTMLFormElement>(passkey.message ?? error);

  /** Sign in with a passkey alone: a sign-in challenge for this browser, the passkey's answer, then the login step. */
  async function signInWithPasskey() {
    setVia("passkey");
    const answer = await passkey.answer();
    if (!answer) return;
    const form = new FormData();
    form.set("step", "passkey-sign-in");
    form.set("response", answer);
    if (callbackUrl) form.set("callbackUrl", callbackUrl);
    await send(form);
  }

  const message =
    error?.error === "INVALID_CODE" && via === "passkey"
      ? "That passkey could not sign you in. Try again, or log in with your email and password."
      : error
        ? loginErrorMessage(error.error, error.retryAfterSeconds)
        : null;

  return (
    <form
      ref={formRef}
      method="post"
      action="/api/login"
      onSubmit={(event) => {
        setVia("password");
        passkey.clearMessage();
        return onSubmit(event);
      }}
      className="space-y-5"
      noValidate
    >
      <h1 className="text-lg font-semibold text-foreground">Log in to your account</h1>
      {notice && !error && !passkey.message ? <Alert tone="success">{notice}</Alert> : null}
      {passkey.message ? <Alert tabIndex={-1}>{passkey.message}</Alert> : null}
      {error && (error.error !== "INVALID_INPUT" || via === "passkey") ? <Alert tabIndex={-1}>{message}</Alert> : null}
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
      <Button type="submit" className="w-full" disabled={pending || passkey.asking}>
        {pending && via === "password" ? "Logging in…" : "Log in"}
      </Button>
      <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden="true">
        <span className="h-px flex-1 bg-border" />
        or
        <span className="h-px flex-1 bg-border" />
      </div>
      <Button type="button" variant="secondary" className="w-full" disabled={pending || passkey.asking} onClick={signInWithPasskey}>
        {passkey.asking ? "Waiting for your passkey…" : pending && via === "passkey" ? "Signing in…" : "Sign in with a passkey"}
      </Button>
    </form>
  );
}
