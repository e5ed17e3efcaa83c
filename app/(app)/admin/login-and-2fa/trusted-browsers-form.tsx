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
import { AdminConfirmationField, useAdminConfirmation } from "./admin-confirmation-field";
import { saveTrustedBrowserDays } from "./device-actions";

type Days = 0 | 7 | 30;

const OPTIONS: { value: Days; label: string }[] = [
  { value: 0, label: "Off" },
  { value: 7, label: "7 days" },
  { value: 30, label: "30 days" },
];

const labelOf = (days: Days) => OPTIONS.find((option) => option.value === days)!.label;

/** "Remember this browser": Off, 7 or 30 days. Saved from a confirmation; longer trust is stepped up. */
export function TrustedBrowsersForm({ value, confirmWith }: { value: Days; confirmWith: ConfirmWith }) {
  const router = useRouter();
  const [choice, setChoice] = useState<Days>(value);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const changed = choice !== value;

  return (
    <Card aria-labelledby="trusted-browsers-heading">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setNotice(null);
          setConfirming(true);
        }}
      >
        <CardHeader>
          <CardTitle id="trusted-browsers-heading">Remember this browser</CardTitle>
          <CardDescription>
            Lets users tick &ldquo;Trust this browser&rdquo; at the code step, so that browser is not asked for a code again for a while. The password
            and the Access List are always checked.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          <RadioGroup
            aria-labelledby="trusted-browsers-heading"
            value={String(choice)}
            onValueChange={(next) => setChoice(Number(next) as Days)}
            className="flex flex-wrap gap-4"
          >
            {OPTIONS.map((option) => (
              <div key={option.value} className="flex items-center gap-2">
                <RadioGroupItem id={`trusted-browsers-${option.value}`} value={String(option.value)} />
                <Label htmlFor={`trusted-browsers-${option.value}`} className="cursor-pointer">
                  {option.label}
                  {option.value === value ? <span className="ml-1 text-xs font-normal text-muted-foreground">(current)</span> : null}
                </Label>
              </div>
            ))}
          </RadioGroup>
          {notice ? <Alert tone="success">{notice}</Alert> : null}
        </CardContent>
        <CardFooter>
          <Button type="submit" disabled={!changed}>
            Save browser setting
          </Button>
          {changed ? <span className="text-sm text-muted-foreground">Unsaved: saving asks you to confirm.</span> : null}
        </CardFooter>
      </form>
      {confirming ? (
        <ConfirmDaysDialog
          from={value}
          to={choice}
          confirmWith={confirmWith}
          onClose={() => setConfirming(false)}
          onDone={(message) => {
            setConfirming(false);
            setNotice(message);
            router.refresh();
          }}
        />
      ) : null}
    </Card>
  );
}

function ConfirmDaysDialog({
  from,
  to,
  confirmWith,
  onClose,
  onDone,
}: {
  from: Days;
  to: Days;
  confirmWith: ConfirmWith;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const confirmation = useAdminConfirmation(confirmWith);
  const [pending, startTransition] = useTransition();
  const longer = to > from;

  const submit = () =>
    startTransition(async () => {
      const result = await saveTrustedBrowserDays({ days: to, ...(longer ? { confirmation: confirmation.confirmation } : {}) });
      if (!result.ok) {
        setError(result.message ?? result.fieldErrors?.confirmation?.[0] ?? ERROR_MESSAGES[result.error]);
        return;
      }
      const { forgotten } = result.data;
      onDone(
        to === 0
          ? `Remember this browser is off. ${forgotten} trusted ${forgotten === 1 ? "browser was" : "browsers were"} forgotten: they are asked for a code again.`
          : `Users can now trust a browser for ${to} days.`,
      );
    });

  return (
    <Dialog open onClose={onClose} title={to === 0 ? "Turn off Remember this browser?" : `Let users trust a browser for ${labelOf(to)}?`}>
      <p className="text-sm text-muted-foreground" data-testid="trusted-browsers-impact">
        {to === 0
          ? "Every browser your users trusted is forgotten at once: their next sign-in asks for a code. The checkbox no longer appears."
          : longer
            ? `At the code step users may tick "Trust this browser for ${to} days". On that browser, their next sign-ins ask only for the password until then.`
            : `Browsers already trusted are asked for a code again once they were trusted more than ${to} days ago.`}
      </p>
      {error ? <Alert>{error}</Alert> : null}
      {longer ? <AdminConfirmationField state={confirmation} /> : null}
      <DialogFooter>
        <Button type="button" variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="button" variant={to === 0 ? "danger" : "primary"} onClick={submit} disabled={pending || (longer && !confirmation.secret)}>
          {pending ? "Saving…" : to === 0 ? "Turn off" : `Save ${labelOf(to)}`}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
