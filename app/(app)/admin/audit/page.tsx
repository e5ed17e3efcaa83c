import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { LocalTime } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { SearchParams } from "@/lib/auth/safe-redirect";
import { db } from "@/lib/db";
import { auditTypeOptions, type AuditDetailLine } from "@/lib/audit-vocabulary";
import { requireAdmin } from "@/lib/next/current-user";
import { listAuditEvents } from "@/lib/admin/audit-log";
import { auditFilterSchema } from "@/lib/validations/audit";

export const metadata: Metadata = { title: "Audit log" };

const FILTER_KEYS = ["type", "user", "actor", "from", "to"] as const;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const admin = await requireAdmin();
  const raw = await searchParams;
  const filter = auditFilterSchema.parse(raw);
  const { rows, nextCursor } = await listAuditEvents({ db, organisationId: admin.organisationId, filter });

  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = raw[key];
    if (typeof value === "string" && value) query.set(key, value);
  }
  const field = (key: (typeof FILTER_KEYS)[number]) => query.get(key) ?? "";

  return (
    <>
      <PageHeader title="Audit log" description="Every sign-in and every change to 2FA and access settings in your organisation.">
        <Button asChild variant="secondary">
          <a href={`/admin/audit/export?${query}`}>Export CSV</a>
        </Button>
      </PageHeader>
      <form className="mb-4 grid gap-3 sm:flex sm:flex-wrap sm:items-end" role="search" aria-label="Filter the audit log">
        <div className="space-y-1">
          <Label htmlFor="audit-type">Event</Label>
          <NativeSelect id="audit-type" name="type" defaultValue={field("type")} className="sm:w-60">
            <option value="">All events</option>
            {auditTypeOptions().map(({ group, options }) => (
              <optgroup key={group} label={group}>
                {options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </NativeSelect>
        </div>
        <div className="space-y-1">
          <Label htmlFor="audit-user">User</Label>
          <Input id="audit-user" name="user" defaultValue={field("user")} placeholder="Name or email" aria-describedby="audit-user-hint" />
          <p id="audit-user-hint" className="sr-only">
            Events by or about this person
          </p>
        </div>
        <div className="space-y-1">
          <Label htmlFor="audit-actor">Done by</Label>
          <Input id="audit-actor" name="actor" defaultValue={field("actor")} placeholder="Name or email" aria-describedby="audit-actor-hint" />
          <p id="audit-actor-hint" className="sr-only">
            Only events this person did
          </p>
        </div>
        <div className="space-y-1">
          <Label htmlFor="audit-from">From</Label>
          <Input id="audit-from" type="date" name="from" defaultValue={field("from")} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="audit-to">To</Label>
          <Input id="audit-to" type="date" name="to" defaultValue={field("to")} />
        </div>
        <Button type="submit">Filter</Button>
      </form>
      <Table label="Audit events">
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Event</TableHead>
            <TableHead>Details</TableHead>
            <TableHead>IP</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={4} className="py-8 text-center text-muted-foreground">
                No events match these filters.
              </TableCell>
            </TableRow>
          ) : (
            rows.map((row) => (
              <TableRow key={row.id}>
                <TableCell className="min-w-28 sm:whitespace-nowrap">
                  <LocalTime iso={row.createdAt} />
                </TableCell>
                <TableCell className="min-w-56">{row.sentence}</TableCell>
                <TableCell className="min-w-56">
                  <AuditDetails lines={row.details} />
                </TableCell>
                <TableCell className="font-mono text-xs whitespace-nowrap">{row.ip ?? "—"}</TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
      {nextCursor ? (
        <p className="mt-3">
          <Button asChild variant="secondary">
            <Link href={`/admin/audit?${new URLSearchParams({ ...Object.fromEntries(query), after: nextCursor })}`}>Older events</Link>
          </Button>
        </p>
      ) : null}
    </>
  );
}

function AuditDetails({ lines }: { lines: AuditDetailLine[] }) {
  if (lines.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <dl className="space-y-0.5 text-xs text-muted-foreground">
      {lines.map((line) => (
        <div key={line.key} className="break-words">
          <dt className="inline font-medium text-foreground">{line.key}:</dt>{" "}
          <dd className="inline">{line.time ? <LocalTime iso={line.value} /> : line.value}</dd>
        </div>
      ))}
    </dl>
  );
}
