"use client";

import { useRouter } from "next/navigation";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TextField } from "@/components/ui/text-field";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { LocalTime } from "@/components/local-time";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { createPasskey } from "@/components/two-factor/passkey-ceremony";
import type { ActionResult } from "@/lib/safe-action";
import { beginAddingPasskey, finishAddingPasskey, removeOwnPasskey, renameOwnPasskey } from "./passkey-actions";
import { StepUpForm, type StepUpFactors } from "./step-up-form";

export interface PasskeyItem {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
}

type Open = { kind: "add" } | { kind: "rename"; passkey: PasskeyItem } | { kind: "remove"; passkey: PasskeyItem } | null;

/** Settings > Security > Passkeys and security keys: the list, Add, Rename and Remove. */
export function PasskeysCard({ passkeys, hasApp, suggestedName }: { passkeys: PasskeyItem[]; hasApp: boolean; suggestedName: string }) {
  const router = useRouter();
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const factors: StepUpFactors = { app: hasApp, passkey: passkeys.length > 0 };
  const done = (message: string) => {
    setOpen(null);
    setNotice(message);
    router.refresh();
  };

  return (
    <Card aria-labelledby="passkeys-heading">
      <CardHeader>
        <CardTitle id="passkeys-heading">Passkeys and security keys</CardTitle>
        <CardDescription>
          Confirm it is you with your fingerprint, face, screen lock or a security key instead of a code. Fake sites cannot use them.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        {passkeys.length === 0 ? (
          <p className="text-sm text-muted-foreground" data-testid="no-passkeys">
            No passkeys or security keys yet.
          </p>
        ) : (
          <Table label="Your passkeys">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Added</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {passkeys.map((passkey) => (
                <TableRow key={passkey.id}>
                  <TableCell>
                    <span className="flex flex-wrap items-center gap-2">
                      {passkey.name}
                      {passkey.backedUp ? <Badge tone="info">Synced</Badge> : null}
                    </span>
                  </TableCell>
                  <TableCell>
                    <LocalTime iso={passkey.createdAt} />
                  </TableCell>
                  <TableCell>{passkey.lastUsedAt ? <LocalTime iso={passkey.lastUsedAt} /> : "Never"}</TableCell>
                  <TableCell className="text-right">
                    <span className="inline-flex gap-2">
                      <Button
                        variant="secondary"
                        size="sm"
                        onClick={() => setOpen({ kind: "rename", passkey })}
                        aria-label={`Rename ${passkey.name}`}
                      >
                        Rename
                      </Button>
                      <Button
                        variant="secondary"
                        size="sm"
                        onClick={() => setOpen({ kind: "remove", passkey })}
                        aria-label={`Remove ${passkey.name}`}
                      >
                        Remove
                      </Button>
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <Button
          variant="secondary"
          onClick={() => {
            setNotice(null);
            setOpen({ kind: "add" });
          }}
        >
          Add a passkey or security key
        </Button>
      </CardContent>
      <Dialog open={open?.kind === "add"} onClose={() => setOpen(null)} title="Add a passkey or security key">
        <StepUpForm
          factors={factors}
          action={addPasskeyAction}
          submitLabel="Add passkey"
          pendingLabel="Adding…"
          onSuccess={(_data, formData) => done(`${String(formData.get("name")).trim()} was added. You can use it instead of a code.`)}
        >
          {(fieldErrors) => (
            <TextField
              label="Name"
              name="name"
              defaultValue={suggestedName}
              maxLength={60}
              required
              hint="So you can tell your passkeys apart, such as the device it is on."
              errors={fieldErrors?.name}
            />
          )}
        </StepUpForm>
      </Dialog>
      <Dialog open={open?.kind === "rename"} onClose={() => setOpen(null)} title="Rename passkey">
        {open?.kind === "rename" ? <RenameForm passkey={open.passkey} onDone={(name) => done(`The passkey is now called ${name}.`)} /> : null}
      </Dialog>
      <Dialog
        open={open?.kind === "remove"}
        onClose={() => setOpen(null)}
        title="Remove this passkey?"
        description={open?.kind === "remove" ? `${open.passkey.name} will no longer sign you in or confirm it is you.` : undefined}
      >
        {open?.kind === "remove" ? (
          <StepUpForm
            factors={factors}
            action={(formData) => {
              formData.set("id", open.passkey.id);
              return removeOwnPasskey(formData);
            }}
            submitLabel="Remove passkey"
            pendingLabel="Removing…"
            onSuccess={(data) => done(`${data.name} was removed.`)}
          />
        ) : null}
      </Dialog>
    </Card>
  );
}

/** Step-up, the authenticator makes the passkey, then the server stores it: one submit. */
async function addPasskeyAction(formData: FormData): Promise<ActionResult<void>> {
  const options = await beginAddingPasskey(formData);
  if (!options.ok) return options;
  const created = await createPasskey(options.data);
  if (!created.ok) return { ok: false, error: "INVALID_INPUT", message: created.message };
  const name = formData.get("name");
  return finishAddingPasskey({ response: created.response, name: typeof name === "string" ? name : "" });
}

function RenameForm({ passkey, onDone }: { passkey: PasskeyItem; onDone: (name: string) => void }) {
  const [state, formAction, pending] = useActionState(async (_previous: ActionResult | null, formData: FormData) => {
    formData.set("id", passkey.id);
    const result = await renameOwnPasskey(formData);
    if (result.ok) onDone(String(formData.get("name")).trim());
    return result;
  }, null);
  const error = state && !state.ok ? state : null;
  const formRef = useFocusOnError<HTMLFormElement>(error);
  return (
    <form ref={formRef} action={formAction} className="space-y-4" noValidate>
      {error && (error.error !== "INVALID_INPUT" || error.message) ? (
        <Alert tabIndex={-1}>{error.message ?? ERROR_MESSAGES[error.error]}</Alert>
      ) : null}
      <TextField label="Name" name="name" defaultValue={passkey.name} maxLength={60} required errors={error?.fieldErrors?.name} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}
