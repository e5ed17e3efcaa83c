import { db } from "@/lib/db";
import { getCurrentUser } from "@/lib/next/current-user";
import { auditCsv } from "@/lib/admin/audit-log";
import { auditFilterSchema } from "@/lib/validations/audit";

/** The audit log as CSV, streamed batch by batch. Admins of the organisation only. */
export async function GET(request: Request) {
  const caller = await getCurrentUser();
  if (!caller) return new Response("Log in to export the audit log.\n", { status: 401 });
  if (caller.role !== "ADMIN") return new Response("Only admins can export the audit log.\n", { status: 403 });

  const filter = auditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = auditCsv({ db, organisationId: caller.organisationId, filter });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="twofold-audit-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
