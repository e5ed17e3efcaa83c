"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useOptimistic, useRef, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TextField } from "@/components/ui/text-field";
import { ERROR_MESSAGES } from "@/components/error-messages";
import type { AccessListView } from "@/lib/access-list/manage-access-list";
import type { ActionInput, ActionResult } from "@/lib/safe-action";
import { changeAccessListAction, checkIpAction } from "./actions";

type Change = ActionInput<typeof changeAccessListAction>;
type EntryValues = { cidr: string; description: string; confirmBroad: boolean };

function messageOf(result: ActionResult<unknown>): { message?: string; cidr?: string[]; broad?: string } {
  if (result.ok) return {};
  return {
    message: result.message ?? (result.fieldErrors ? undefined : ERROR_MESSAGES[result.error]),
    cidr: result.fieldErrors?.cidr,
    broad: result.fieldErrors?.confirmBroad?.[0],
  };
}

export function AccessList({ list, currentIp }: { list: AccessListView; currentIp: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [enabled, setEnabledOptimistic] = useOptimistic(list.enabled);
  const [switchError, setSwitchError] = useState<string | null>(null);
  // Counts the changes that went through: a message about an earlier attempt goes once anything else changed the list.
  const [changes, setChanges] = useState(0);

  async function apply(change: Change) {
    const result = await changeAccessListAction(change);
    if (result.ok) {
      setSwitchError(null);
      setChanges((count) => count + 1);
      router.refresh();
    }
    return result;
  }

  function toggle(next: boolean) {
    startTransition(async () => {
      setEnabledOptimistic(next);
      const result = await apply({ kind: "switch", enabled: next });
      setSwitchError(result.ok ? null : (messageOf(result).message ?? null));
    });
  }

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 id="access-list-heading" className="text-base font-semibold text-card-foreground">
            Access List
          </h2>
          <p className="mt-1 text-sm text-muted-foreground">
            Your current IP address:{" "}
            <code className="font-mono font-semibold break-all text-card-foreground" data-testid="current-ip">
              {currentIp}
            </code>
          </p>
        </div>
        <div className="flex items-center gap-3">
          <Switch id="access-list-switch" checked={enabled} disabled={pending} onCheckedChange={toggle} />
          <Label htmlFor="access-list-switch" className="cursor-pointer">
            Restrict platform access to the Access List
          </Label>
        </div>
      </div>
      {switchError ? <Alert>{switchError}</Alert> : null}
      <p className="text-sm text-muted-foreground">
        {enabled
          ? "Only the addresses and ranges below can sign in or use open sessions. Changes reach every session within seconds."
          : "Off: every address can sign in. Add your networks, then switch it on."}
      </p>

      <Table label="Access List entries">
        <TableHeader>
          <TableRow>
            <TableHead>Address or range</TableHead>
            <TableHead>Description</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.entries.length === 0 ? (
            <TableRow>
              <TableCell colSpan={3} className="py-4 text-muted-foreground">
                No entries yet.
              </TableCell>
            </TableRow>
          ) : (
            list.entries.map((entry) => <EntryRow key={entry.id} entry={entry} apply={apply} listEnabled={enabled} />)
          )}
        </TableBody>
      </Table>

      <EntryForm
        key={list.entries.length}
        submitLabel="Add entry"
        onSubmit={(values) => apply({ kind: "add", ...values })}
        resetOnSuccess
        changes={changes}
      />
      <CheckIp />
    </div>
  );
}

function EntryRow({
  entry,
  apply,
  listEnabled,
}: {
  entry: AccessListView["entries"][number];
  apply: (change: Change) => Promise<ActionResult<unknown>>;
  listEnabled: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  if (editing) {
    return (
      <TableRow>
        <TableCell colSpan={3} className="py-3">
          <EntryForm
            initial={entry}
            submitLabel="Save"
            onSubmit={async (values) => {
              const result = await apply({ kind: "update", id: entry.id, ...values });
              if (result.ok) setEditing(false);
              return result;
            }}
            onCancel={() => setEditing(false)}
          />
        </TableCell>
      </TableRow>
    );
  }
  return (
    <TableRow data-testid="access-list-entry">
      <TableCell className="font-mono whitespace-nowrap">{entry.cidr}</TableCell>
      <TableCell className="text-muted-foreground">{entry.description || "—"}</TableCell>
      <TableCell className="text-right whitespace-nowrap">
        <Button variant="ghost" onClick={() => setEditing(true)} aria-label={`Edit ${entry.cidr}`}>
          Edit
        </Button>
        <Button variant="ghost" aria-label={`Remove ${entry.cidr}`} onClick={() => setConfirmingRemove(true)}>
          Remove
        </Button>
        {/* Removing can cut off live sessions: it is confirmed, and a refusal is shown where it was asked. */}
        <ConfirmDialog
          open={confirmingRemove}
          onClose={() => setConfirmingRemove(false)}
          title={`Remove ${entry.cidr}?`}
          confirmLabel="Remove"
          pendingLabel="Removing…"
          onConfirm={async () => {
            const result = await apply({ kind: "remove", id: entry.id });
            return result.ok ? null : (messageOf(result).message ?? ERROR_MESSAGES[result.error]);
          }}
        >
          <p className="text-sm whitespace-normal">
            {listEnabled
              ? `People at ${entry.cidr} lose access at once: they cannot sign in, and their open sessions stop working within seconds.`
              : "The list is off, so nobody loses access now; this range will not be allowed when the list is switched on."}
          </p>
        </ConfirmDialog>
      </TableCell>
    </TableRow>
  );
}

function EntryForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  resetOnSuccess,
  changes = 0,
}: {
  initial?: { cidr: string; description: string };
  submitLabel: string;
  onSubmit: (values: EntryValues) => Promise<ActionResult<unknown>>;
  onCancel?: () => void;
  resetOnSuccess?: boolean;
  /** How many changes of the list went through so far: a message of this form is about the list as it was before the next one. */
  changes?: number;
}) {
  const empty: EntryValues = { cidr: "", description: "", confirmBroad: false };
  const [values, setValues] = useState<EntryValues>(initial ? { ...initial, confirmBroad: false } : empty);
  const [error, setError] = useState<ReturnType<typeof messageOf>>({});
  const [errorAt, setErrorAt] = useState(changes);
  // A message stays only while nothing else has changed the list since it was given.
  const shown = errorAt === changes ? error : {};
  const [pending, startTransition] = useTransition();
  const confirmId = useId();
  const confirmBox = useRef<HTMLButtonElement>(null);
  // The server asks to confirm a broad range: take the admin straight to the checkbox.
  useEffect(() => {
    if (error.broad) confirmBox.current?.focus();
  }, [error.broad]);
  return (
    <form
      className="flex flex-wrap items-start gap-3"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await onSubmit(values);
          setError(messageOf(result));
          setErrorAt(changes);
          if (result.ok && resetOnSuccess) setValues(empty);
        });
      }}
    >
      <div className="w-full sm:w-64">
        <TextField
          label="IP address or range"
          placeholder="203.0.113.0/24"
          value={values.cidr}
          // A confirmation is for the range it was given for: a new range asks again.
          // A new value gets its own answer: the old one's message goes.
          onChange={(event) => {
            setValues({ ...values, cidr: event.target.value, confirmBroad: false });
            setError({});
          }}
          errors={shown.cidr}
        />
      </div>
      <div className="w-full sm:w-auto sm:min-w-48 sm:flex-1">
        <TextField
          label="Description"
          placeholder="Head office"
          value={values.description}
          onChange={(event) => setValues({ ...values, description: event.target.value })}
        />
      </div>
      <div className="flex gap-2 sm:pt-7">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
        {onCancel ? (
          <Button type="button" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
      {shown.message ? (
        <div className="w-full">
          <Alert>{shown.message}</Alert>
        </div>
      ) : null}
      {shown.broad ? (
        <div className="w-full space-y-2" data-testid="confirm-broad-range">
          <Alert>{shown.broad}</Alert>
          <div className="flex items-center gap-3">
            <Checkbox
              id={confirmId}
              ref={confirmBox}
              checked={values.confirmBroad}
              onCheckedChange={(checked) => setValues({ ...values, confirmBroad: checked === true })}
            />
            <Label htmlFor={confirmId}>Allow this whole range</Label>
          </div>
        </div>
      ) : null}
    </form>
  );
}

function CheckIp() {
  const [ip, setIp] = useState("");
  const [answer, setAnswer] = useState<{ tone: "success" | "error" | "info"; text: string } | null>(null);
  const [fieldError, setFieldError] = useState<string[] | undefined>();
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="space-y-2 border-t border-border pt-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await checkIpAction({ ip });
          if (!result.ok) {
            setFieldError(result.fieldErrors?.ip);
            setAnswer(result.fieldErrors ? null : { tone: "error", text: ERROR_MESSAGES[result.error] });
            return;
          }
          setFieldError(undefined);
          const { entry, enabled } = result.data;
          const match = entry ? `matches ${entry.cidr}${entry.description ? ` (${entry.description})` : ""}` : "matches no entry";
          setAnswer(
            !enabled
              ? {
                  tone: "info",
                  text: `The Access List is off, so ${result.data.ip} is allowed. With it on, it would be ${entry ? "allowed" : "not allowed"}: it ${match}.`,
                }
              : entry
                ? { tone: "success", text: `${result.data.ip} is allowed: it ${match}.` }
                : { tone: "error", text: `${result.data.ip} is not allowed: it matches no entry.` },
          );
        });
      }}
    >
      <h3 className="text-sm font-semibold text-card-foreground">Check an IP</h3>
      <div className="flex flex-wrap items-start gap-3">
        <div className="w-full sm:w-64">
          <TextField label="IP address to check" value={ip} onChange={(event) => setIp(event.target.value)} errors={fieldError} />
        </div>
        <div className="sm:pt-7">
          <Button type="submit" variant="secondary" disabled={pending}>
            Check
          </Button>
        </div>
      </div>
      {answer ? (
        <div data-testid="check-ip-answer">
          <Alert tone={answer.tone}>{answer.text}</Alert>
        </div>
      ) : null}
    </form>
  );
}
