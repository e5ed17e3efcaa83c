"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { RadioGroup, RadioGroupItem } from "@/components/ui/radio-group";
import { ERROR_MESSAGES } from "@/components/error-messages";
import type { ConfirmWith } from "@/lib/admin/confirm-admin";
import type { LoginMethodImpact } from "@/lib/admin/set-login-method";
import { previewLoginMethod, saveLoginMethod } from "./actions";
import { AdminConfirmationField, useAdminConfirmation } from "./admin-confirmation-field";
import { plural } from "./bulk-action-dialog";

type LoginMethod = "STANDARD" | "TWO_FACTOR";

const OPTIONS: { value: LoginMethod; label: string; description: string }[] = [
  {
    value: "STANDARD",
    label: "Standard (email and password)",
    description: "Nobody is asked for a code. Users keep their authenticator apps and backup codes for when 2FA is back on.",
  },
  {
    value: "TWO_FACTOR",
    label: "Two-Factor Authentication (2FA)",
    description: "Users with 2FA set up or required also enter a code from an authenticator app.",
  },
];

const ARROW_STEPS: Partial<Record<string, number>> = { ArrowUp: -1, ArrowLeft: -1, ArrowDown: 1, ArrowRight: 1 };

/**
 * The login method: choosing an option changes nothing until the admin saves and confirms
 * (an arrow key in the radio group only moves the choice).
 */
export function LoginMethodForm({ value, confirmWith }: { value: LoginMethod; confirmWith: ConfirmWith }) {
  const router = useRouter();
  const [choice, setChoice] = useState<LoginMethod>(value);
  const [impact, setImpact] = useState<LoginMethodImpact | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const changed = choice !== value;

  const choose = (next: LoginMethod) => {
    setChoice(next);
    setError(null);
    setNotice(null);
  };

  const review = () => {
    setError(null);
    setNotice(null);
    startTransition(async () => {
      const result = await previewLoginMethod({});
      if (!result.ok) setError(result.message ?? ERROR_MESSAGES[result.error]);
      else setImpact(result.data);
    });
  };

  return (
    <Card aria-labelledby="login-method-heading">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          review();
        }}
      >
        <CardHeader>
          <CardTitle id="login-method-heading">Login method</CardTitle>
          <CardDescription>Choosing an option changes nothing until you save it and confirm.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          <RadioGroup
            aria-labelledby="login-method-heading"
            value={choice}
            onValueChange={(next) => choose(next as LoginMethod)}
            onKeyDown={(event) => {
              // An arrow key moves the choice (and only the choice). Radix selects the option it focuses only if the
              // key is still down a tick later, so a quick tap would move the focus alone: choose it here as well.
              const step = ARROW_STEPS[event.key];
              const from = OPTIONS.findIndex((option) => option.value === (event.target as HTMLButtonElement).value);
              if (step && from >= 0) choose(OPTIONS[(from + step + OPTIONS.length) % OPTIONS.length]!.value);
            }}
          >
            {OPTIONS.map((option) => (
              <div
                key={option.value}
                className="flex items-start gap-3 rounded-lg p-3 ring-1 ring-border has-[[data-state=checked]]:bg-info-soft has-[[data-state=checked]]:ring-ring"
              >
                <RadioGroupItem id={`login-method-${option.value}`} value={option.value} aria-describedby={`login-method-${option.value}-hint`} />
                <div className="space-y-0.5">
                  <Label htmlFor={`login-method-${option.value}`} className="cursor-pointer">
                    {option.label}
                    {option.value === value ? <span className="ml-2 text-xs font-normal text-muted-foreground">(current)</span> : null}
                  </Label>
                  <p id={`login-method-${option.value}-hint`} className="text-sm text-muted-foreground">
                    {option.description}
                  </p>
                </div>
              </div>
            ))}
          </RadioGroup>
          {error ? <Alert>{error}</Alert> : null}
          {notice ? <Alert tone="success">{notice}</Alert> : null}
        </CardContent>
        <CardFooter>
          <Button type="submit" disabled={!changed || pending}>
            Save
          </Button>
          {changed ? <span className="text-sm text-muted-foreground">Not saved yet: Save asks you to confirm.</span> : null}
        </CardFooter>
      </form>
      {impact ? (
        <ConfirmLoginMethodDialog
          target={choice}
          impact={impact}
          confirmWith={confirmWith}
          onClose={() => setImpact(null)}
          onDone={(message) => {
            setImpact(null);
            setNotice(message);
            router.refresh();
          }}
        />
      ) : null}
    </Card>
  );
}

function ConfirmLoginMethodDialog({
  target,
  impact,
  confirmWith,
  onClose,
  onDone,
}: {
  target: LoginMethod;
  impact: LoginMethodImpact;
  confirmWith: ConfirmWith;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const confirmation = useAdminConfirmation(confirmWith);
  const [pending, startTransition] = useTransition();
  const standard = target === "STANDARD";
  const affected = impact.active + impact.required;

  const submit = () => {
    startTransition(async () => {
      const result = await saveLoginMethod({ loginMethod: target, ...(standard ? { confirmation: confirmation.confirmation } : {}) });
      if (!result.ok) {
        setError(result.message ?? result.fieldErrors?.confirmation?.[0] ?? ERROR_MESSAGES[result.error]);
        return;
      }
      onDone(standard ? "The login method is now Standard." : "The login method is now Two-Factor Authentication.");
    });
  };

  return (
    <Dialog open onClose={onClose} title={standard ? "Switch to Standard?" : "Switch to Two-Factor Authentication?"}>
      <p className="text-sm text-muted-foreground" data-testid="login-method-impact">
        {standard
          ? `This affects ${plural(affected)}: ${plural(impact.active)} with 2FA set up and ${plural(impact.required)} who must set it up will sign in with their password alone, and nobody is asked for a code. Their authenticator apps and backup codes are kept: switching back to Two-Factor Authentication asks them again.`
          : `This affects ${plural(affected)}: ${plural(impact.active)} with 2FA set up will be asked for a code, and ${plural(impact.required)} must set it up, at their next sign-in or, if signed in, at their next page.`}
      </p>
      {error ? <Alert>{error}</Alert> : null}
      {standard ? <AdminConfirmationField state={confirmation} /> : null}
      <DialogFooter>
        <Button type="button" variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="button" variant={standard ? "danger" : "primary"} onClick={submit} disabled={pending || (standard && !confirmation.secret)}>
          {pending ? "Working…" : standard ? "Switch to Standard" : "Switch to 2FA"}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
