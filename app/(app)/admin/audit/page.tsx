import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import type { SearchParams } from "@/lib/auth/safe-redirect";
import { db } from "@/lib/db";
import { AUDIT_TYPES } from "@/lib/audit-types";
import { requireAdmin } from "@/lib/next/current-user";
import { listAuditEvents } from "@/lib/admin/audit-log";
import { auditFilterSchema } from "@/lib/validations/audit";

export const metadata: Metadata = { title: "Audit log" };

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const admin = await requireAdmin();
  const raw = await searchParams;
  const filter = auditFilterSchema.parse(raw);
  const { rows, nextCursor } = await listAuditEvents({ db, organisationId: admin.organisationId, filter });

  const query = new URLSearchParams();
  for (const key of ["type", "user", "from", "to"] as const) {
    const value = raw[key];
    if (typeof value === "string" && value) query.set(key, value);
  }
  const field = (key: string) => (typeof raw[key] === "string" ? (raw[key] as string) : "");

  return (
    <>
      <PageHeader title="Audit log" description="Every sign-in and every change to 2FA and access settings in your organisation.">
        <a
          href={`/admin/audit/export?${query}`}
          className="rounded-md bg-white px-3.5 py-2 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50"
        >
          Export CSV
        </a>
      </PageHeader>
      <form className="mb-4 flex flex-wrap items-end gap-3 text-sm" role="search">
        <label className="space-y-1">
          <span className="block font-medium text-slate-800">Event</span>
          <select name="type" defaultValue={field("type")} className="block rounded-md border-0 py-2 pr-8 pl-3 ring-1 ring-inset ring-slate-300">
            <option value="">All events</option>
            {AUDIT_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1">
          <span className="block font-medium text-slate-800">User</span>
          <input
            name="user"
            defaultValue={field("user")}
            placeholder="Email"
            className="block rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-300"
          />
        </label>
        <label className="space-y-1">
          <span className="block font-medium text-slate-800">From</span>
          <input
            type="date"
            name="from"
            defaultValue={field("from")}
            className="block rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-300"
          />
        </label>
        <label className="space-y-1">
          <span className="block font-medium text-slate-800">To</span>
          <input type="date" name="to" defaultValue={field("to")} className="block rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-300" />
        </label>
        <button type="submit" className="rounded-md bg-primary px-3.5 py-2 font-semibold text-white hover:bg-primary-hover">
          Filter
        </button>
      </form>
      <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-700">
            <tr>
              {["When (UTC)", "Event", "Who", "Whom", "IP"].map((heading) => (
                <th key={heading} scope="col" className="px-3 py-2.5 font-semibold">
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-8 text-center text-slate-500">
                  No events match these filters.
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id}>
                  <td className="px-3 py-2 whitespace-nowrap">{dateFormat.format(new Date(row.createdAt))}</td>
                  <td className="px-3 py-2 font-mono text-xs">{row.type}</td>
                  <td className="px-3 py-2">{row.actorEmail ?? "system"}</td>
                  <td className="px-3 py-2">{row.targetEmail ?? "—"}</td>
                  <td className="px-3 py-2 font-mono text-xs">{row.ip ?? "—"}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {nextCursor ? (
        <p className="mt-3 text-sm">
          <Link
            href={`/admin/audit?${new URLSearchParams({ ...Object.fromEntries(query), after: nextCursor })}`}
            className="font-medium text-link"
          >
            Older events →
          </Link>
        </p>
      ) : null}
    </>
  );
}
