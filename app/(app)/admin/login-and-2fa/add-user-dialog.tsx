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

type Created = { email: string; generatedPassword: string | null };

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
  const [state, formAction, pending] = useActionState(async (_previous: ActionResult<Created> | null, formData: FormData) => {
    const result = await createUser(formData);
    if (result.ok) router.refresh();
    return result;
  }, null);
  const error = state && !state.ok ? state : null;
  const created = state?.ok ? state.data : null;

  return created ? (
    <div className="space-y-3">
      <Alert tone="success">{created.email} can now log in.</Alert>
      {created.generatedPassword ? (
        <p className="text-sm text-muted-foreground">
          Their password, shown only now:{" "}
          <code data-testid="generated-password" className="font-mono font-semibold">
            {created.generatedPassword}
          </code>
        </p>
      ) : null}
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
      <TextField
        label="Initial password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters. Leave empty to generate one."
        errors={error?.fieldErrors?.password}
      />
      <DialogFooter>
        <Button type="button" variant="secondary" onClick={close}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add user"}
        </Button>
      </DialogFooter>
    </form>
  );
}
