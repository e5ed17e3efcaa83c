import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { endCurrentSession } from "@/lib/next/end-session";
import { log } from "@/lib/observability/log";

export const { GET } = handlers;

export async function POST(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith("/signout")) {
    try {
      await endCurrentSession();
    } catch (error) {
      log.error({ error }, "sign-out could not be recorded");
      return Response.json({ error: "SIGN_OUT_FAILED", message: "Signing out could not be recorded. Try again." }, { status: 503 });
    }
  }
  return handlers.POST(request);
}
