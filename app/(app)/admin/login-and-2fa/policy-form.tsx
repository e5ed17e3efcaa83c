"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { TextField } from "@/components/ui/text-field";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { savePolicy } from "./actions";

export function PolicyForm({ requireTwoFactor, graceDays }: { requireTwoFactor: boolean; graceDays: number }) {
  const router = useRouter();
  const [required, setRequired] = useState(requireTwoFactor);
  const [days, setDays] = useState(String(graceDays));
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string; field?: string[] } | null>(null);
  const [pending, startTransition] = useTransition();
  const graceField = useRef<HTMLDivElement>(null);

  function save() {
    startTransition(async () => {
      const saved = await savePolicy({ requireTwoFactor: required, graceDays: days === "" ? 0 : days });
      if (!saved.ok) {
        setResult({ tone: "error", text: ERROR_MESSAGES[saved.error], field: saved.fieldErrors?.graceDays });
        // The field that needs attention gets the focus (its error is read with it).
        graceField.current?.querySelector("input")?.focus();
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
    <Card aria-labelledby="policy-heading">
      <CardHeader>
        <CardTitle id="policy-heading">Organisation policy</CardTitle>
      </CardHeader>
      <CardContent className="space-y-4">
        <div className="flex items-start gap-3">
          <Checkbox
            id="require-two-factor"
            checked={required}
            onCheckedChange={(checked) => setRequired(checked === true)}
            aria-describedby="require-two-factor-hint"
          />
          <div className="space-y-0.5">
            <Label htmlFor="require-two-factor">Require 2FA for all users</Label>
            <p id="require-two-factor-hint" className="text-sm text-muted-foreground">
              Includes users added later. Users an admin required one by one stay required.
            </p>
          </div>
        </div>
        {required ? (
          <div ref={graceField} className="max-w-48">
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
      </CardContent>
      <CardFooter>
        <Button onClick={save} disabled={pending}>
          {pending ? "Saving…" : "Save policy"}
        </Button>
      </CardFooter>
    </Card>
  );
}
