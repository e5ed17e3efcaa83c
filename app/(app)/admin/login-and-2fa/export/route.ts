import { db } from "@/lib/db";
import { exportUsers } from "@/lib/admin/export-users";
import { getCurrentUser } from "@/lib/next/current-user";
import { currentClientIp } from "@/lib/next/request";
import { userExportParamsSchema } from "@/lib/validations/admin";

/** The users table as CSV, with the search and filters it was shown with; streamed batch by batch. Admins of the organisation only. */
export async function GET(request: Request) {
  // A session through every login step (its 2FA passed where required), an admin: only their own organisation's users.
  const caller = await getCurrentUser();
  if (!caller) return text("Log in to export the users.", 401);
  if (caller.role !== "ADMIN") return text("Only admins can export the users.", 403);

  const search = new URL(request.url).searchParams;
  const params = userExportParamsSchema.safeParse({
    q: search.get("q") ?? undefined,
    // A repeated key counts like a comma-separated list, as in the table's URL.
    status: search.getAll("status").join(",") || undefined,
    role: search.getAll("role").join(",") || undefined,
  });
  if (!params.success) return text(`This export cannot be made. ${params.error.issues.map((issue) => issue.message).join(" ")}`, 400);

  const now = new Date();
  const { csv } = await exportUsers({ db, admin: caller, filter: params.data, ip: await currentClientIp(), now });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await csv.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await csv.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="twofold-users-${now.toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

function text(message: string, status: number): Response {
  return new Response(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
