import type { Metadata } from "next";
import { db } from "@/lib/db";
import { findResetLink } from "@/lib/auth/password-reset";
import type { SearchParams } from "@/lib/auth/safe-redirect";
import { LinkNoLongerValid, ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

// Sent with no-store and a referrer policy that keeps the token out of every Referer (proxy.ts).
export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const { token } = await searchParams;
  const link = typeof token === "string" && token.length <= 200 ? await findResetLink({ db, token, now: new Date() }) : { ok: false as const };
  if (!link.ok || typeof token !== "string") return <LinkNoLongerValid />;
  return <ResetPasswordForm token={token} email={link.user.email} />;
}
