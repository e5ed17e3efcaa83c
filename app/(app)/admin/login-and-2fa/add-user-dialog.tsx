"use client";

import { useRouter } from "next/navigation";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { TextField } from "@/components/ui/text-field";
import { ERROR_MESSAGES } from "@/components/error-messages";
import type { ActionResult } from "@/lib/safe-action";
import { createUser } from "./actions";

type Invited = { email: string };

export function AddUserDialog() {
  const [open, setOpen] = useState(false);
  // A new form each time the dialog opens: no previous answer or typed value lingers.
  const [generation, setGeneration] = useState(0);
  const close = () => {
    setOpen(false);
    setGeneration(generation + 1);
  };
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Add user
      </Button>
      <Dialog open={open} onClose={close} title="Add user">
        <AddUserForm key={generation} onClose={close} />
      </Dialog>
    </>
  );
}

function AddUserForm({ onClose: close }: { onClose: () => void }) {
  const router = useRouter();
  const [values, setValues] = useState({ name: "", email: "", role: "MEMBER" });
  const [state, formAction, pending] = useActionState(async (_previous: ActionResult<Invited> | null, formData: FormData) => {
    const result = await createUser(formData);
    if (result.ok) router.refresh();
    return result;
  }, null);
  const error = state && !state.ok ? state : null;
  const invited = state?.ok ? state.data : null;

  return invited ? (
    <div className="space-y-3">
      <Alert tone="success">Invitation sent to {invited.email}.</Alert>
      <p className="text-sm text-muted-foreground">
        The link in the email works once, for 7 days: they choose their own password with it. Until then they show as Invited in the users table,
        where you can resend or revoke the invitation.
      </p>
      <Button onClick={close}>Done</Button>
    </div>
  ) : (
    <form action={formAction} className="space-y-4" noValidate>
      {error && error.error !== "INVALID_INPUT" ? <Alert>{ERROR_MESSAGES[error.error]}</Alert> : null}
      <TextField
        label="Name"
        name="name"
        required
        value={values.name}
        onChange={(e) => setValues({ ...values, name: e.target.value })}
        errors={error?.fieldErrors?.name}
      />
      <TextField
        label="Email"
        name="email"
        type="email"
        required
        value={values.email}
        onChange={(e) => setValues({ ...values, email: e.target.value })}
        errors={error?.fieldErrors?.email}
      />
      <div className="space-y-1.5">
        <Label htmlFor="new-user-role">Role</Label>
        <Select name="role" value={values.role} onValueChange={(role) => setValues({ ...values, role })}>
          <SelectTrigger id="new-user-role" className="sm:max-w-48">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="MEMBER">Member</SelectItem>
            <SelectItem value="ADMIN">Admin</SelectItem>
          </SelectContent>
        </Select>
      </div>
      <p className="text-sm text-muted-foreground">They get an email with a link to choose their password; the link works once, for 7 days.</p>
      <DialogFooter>
        <Button type="button" variant="secondary" onClick={close}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : "Send invitation"}
        </Button>
      </DialogFooter>
    </form>
  );
}
