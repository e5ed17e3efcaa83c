import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser, getPendingLogin } from "@/lib/next/current-user";
import { stepPath } from "@/lib/auth/login-flow";
import { callbackPathFrom, DEFAULT_REDIRECT_PATH, errorCodeFrom, type SearchParams } from "@/lib/auth/safe-redirect";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const target = await callbackPathFrom(searchParams);
  if (await getCurrentUser()) redirect(target ?? DEFAULT_REDIRECT_PATH);
  const pending = await getPendingLogin();
  if (pending) redirect(stepPath(pending.step, target));
  const { notice } = await searchParams;
  return (
    <LoginForm
      callbackUrl={target}
      initialError={await errorCodeFrom(searchParams)}
      notice={notice === "password-reset" ? "Your password was changed. Sign in with your new password." : undefined}
    />
  );
}
