"use client";

import { useActionState, useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { inputClassName } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { LocalTime } from "@/components/local-time";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { sendRecoveryRequest } from "./actions";

const MESSAGE_MAX = 500;

/** "Lost your phone and backup codes?": a request to the organisation's admins, then what happens next. */
export function RecoveryRequestForm({ callbackUrl, openSince }: { callbackUrl?: string; openSince: string | null }) {
  const [state, formAction, pending] = useActionState(sendRecoveryRequest, null);
  const [message, setMessage] = useState("");
  const error = state && !state.ok ? state : null;
  const formRef = useFocusOnError<HTMLFormElement>(error);
  const id = useId();
  const verifyPath = callbackUrl ? `/login/verify?${new URLSearchParams({ callbackUrl })}` : "/login/verify";
  const sent = state?.ok ? state.data : openSince ? { status: "already-open" as const, at: openSince } : null;

  if (sent) {
    return (
      <div className="space-y-5">
        <h1 className="text-lg font-semibold text-foreground">Request sent to your admins</h1>
        <Alert tone="success">
          {sent.status === "sent" ? (
            "Your admins have been told by email."
          ) : (
            <>
              You already asked on <LocalTime iso={sent.at} />. Your admins have been told.
            </>
          )}
        </Alert>
        <div className="space-y-2 text-sm text-muted-foreground">
          <h2 className="font-semibold text-foreground">What happens next</h2>
          <ol className="list-decimal space-y-1 pl-5">
            <li>An admin of your organisation contacts you by phone or in person to make sure it is you.</li>
            <li>They give you a temporary access code. It works once, for a few hours.</li>
            <li>
              Log in with your email and password, choose <strong className="text-foreground">Use a temporary access code</strong> and enter it.
            </li>
            <li>You then set up two-factor authentication again on your new phone and get new backup codes.</li>
          </ol>
          <p>Nobody from Twofold or your admins will ever ask for your password.</p>
        </div>
        <p>
          <a href={verifyPath} className="inline-flex min-h-6 items-center text-sm font-medium text-link underline-offset-4 hover:underline">
            Back to two-factor authentication
          </a>
        </p>
      </div>
    );
  }

  return (
    <form ref={formRef} action={formAction} className="space-y-5" noValidate>
      <div>
        <h1 className="text-lg font-semibold text-foreground">Lost your phone and backup codes?</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Your admins can let you in with a temporary access code. Send them a request: they will contact you by phone or in person, then you set up
          two-factor authentication again.
        </p>
      </div>
      {error && error.error !== "INVALID_INPUT" ? <Alert tabIndex={-1}>{error.message ?? ERROR_MESSAGES[error.error]}</Alert> : null}
      <div className="space-y-1.5">
        <Label htmlFor={id}>Message to your admins (optional)</Label>
        <textarea
          id={id}
          name="message"
          rows={4}
          maxLength={MESSAGE_MAX}
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          aria-invalid={error?.fieldErrors?.message ? true : undefined}
          aria-describedby={`${id}-hint${error?.fieldErrors?.message ? ` ${id}-error` : ""}`}
          className={cn(inputClassName, "resize-y")}
        />
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          For example, how to reach you today. {MESSAGE_MAX - message.length} characters left.
        </p>
        {error?.fieldErrors?.message ? (
          <p id={`${id}-error`} className="text-sm text-danger">
            {error.fieldErrors.message.join(" ")}
          </p>
        ) : null}
      </div>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Send request to my admins"}
      </Button>
      <p>
        <a href={verifyPath} className="inline-flex min-h-6 items-center text-sm font-medium text-link underline-offset-4 hover:underline">
          Back to two-factor authentication
        </a>
      </p>
    </form>
  );
}
